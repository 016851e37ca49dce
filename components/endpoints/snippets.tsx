import { CodeBlock } from "../ui/code-block";
import { Tabs } from "../ui/tabs";

const node = `// npm install standardwebhooks
import express from "express";
import { Webhook } from "standardwebhooks";

const wh = new Webhook(process.env.WEBHOOK_SECRET); // "whsec_..."
const app = express();

// Verify the raw body, before any JSON parsing.
app.post("/webhooks", express.raw({ type: "application/json" }), (req, res) => {
  let event;
  try {
    event = wh.verify(req.body, req.headers);
  } catch {
    return res.status(400).send("invalid signature");
  }
  // Deduplicate on req.headers["webhook-id"]: retries reuse it.
  console.log(event.type, event.data);
  res.sendStatus(204);
});`;

const python = `# pip install standardwebhooks flask
import os
from flask import Flask, request
from standardwebhooks.webhooks import Webhook

wh = Webhook(os.environ["WEBHOOK_SECRET"])  # "whsec_..."
app = Flask(__name__)

@app.post("/webhooks")
def webhooks():
    try:
        event = wh.verify(request.get_data(), dict(request.headers))
    except Exception:
        return "invalid signature", 400
    # Deduplicate on request.headers["webhook-id"]: retries reuse it.
    print(event["type"], event["data"])
    return "", 204`;

const go = `// go get github.com/standard-webhooks/standard-webhooks/libraries/go
package main

import (
	"io"
	"net/http"
	"os"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"
)

func main() {
	wh, err := standardwebhooks.NewWebhook(os.Getenv("WEBHOOK_SECRET")) // "whsec_..."
	if err != nil {
		panic(err)
	}
	http.HandleFunc("/webhooks", func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil || wh.Verify(body, r.Header) != nil {
			http.Error(w, "invalid signature", http.StatusBadRequest)
			return
		}
		// Deduplicate on r.Header.Get("webhook-id"): retries reuse it.
		w.WriteHeader(http.StatusNoContent)
	})
	http.ListenAndServe(":8080", nil)
}`;

/** How a receiver verifies our signatures, with the Standard Webhooks libraries. */
export function VerificationSnippets() {
  return (
    <Tabs
      label="Verification code"
      tabs={[
        { id: "node", label: "Node.js", content: <CodeBlock code={node} label="Node.js snippet" /> },
        { id: "python", label: "Python", content: <CodeBlock code={python} label="Python snippet" /> },
        { id: "go", label: "Go", content: <CodeBlock code={go} label="Go snippet" /> },
      ]}
    />
  );
}
