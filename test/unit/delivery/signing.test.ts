import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { Webhook, WebhookVerificationError } from "standardwebhooks";
import {
  USER_AGENT,
  buildWebhookBody,
  buildWebhookHeaders,
  generateSecret,
  isValidSecret,
  signWebhook,
} from "../../../lib/delivery/signing";

/** The signature as the Standard Webhooks spec defines it, computed here rather than by the
 * library Hookyard signs with: v1, base64 HMAC-SHA256 of "id.timestamp.body", keyed with the
 * base64-decoded secret. */
function specSignature(secret: string, msgId: string, timestamp: Date, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  return `v1,${createHmac("sha256", key).update(`${msgId}.${Math.floor(timestamp.getTime() / 1000)}.${body}`).digest("base64")}`;
}

const message = { eventType: "order.completed", createdAt: new Date("2026-01-02T03:04:05.678Z"), payload: { id: 7, items: ["a", "b"] } };

describe("buildWebhookBody", () => {
  it("wraps the payload in the Standard Webhooks envelope", () => {
    const body = buildWebhookBody(message);
    expect(JSON.parse(body)).toEqual({ type: "order.completed", timestamp: "2026-01-02T03:04:05.678Z", data: { id: 7, items: ["a", "b"] } });
    expect(body).toBe('{"type":"order.completed","timestamp":"2026-01-02T03:04:05.678Z","data":{"id":7,"items":["a","b"]}}');
  });

  it("is byte-identical on every call (retries resend the same bytes)", () => {
    expect(buildWebhookBody(message)).toBe(buildWebhookBody({ ...message, payload: structuredClone(message.payload) }));
  });

  it("keeps the data field when the payload is missing", () => {
    expect(JSON.parse(buildWebhookBody({ ...message, payload: undefined }))).toHaveProperty("data", null);
  });

  it("carries the payload's text as published, key order and number formatting intact", () => {
    const payloadText = '{"z": 1.50, "a": [1e3, 2]}';
    const body = buildWebhookBody({ ...message, payload: JSON.parse(payloadText), payloadText });
    expect(body).toBe(`{"type":"order.completed","timestamp":"2026-01-02T03:04:05.678Z","data":${payloadText}}`);
    expect(JSON.parse(body).data).toEqual({ z: 1.5, a: [1000, 2] });
  });
});

describe("signWebhook", () => {
  it("matches the Standard Webhooks spec's published example", () => {
    const signature = signWebhook({
      msgId: "msg_p5jXN8AQM9LWM0D4loKWxJek",
      timestamp: new Date(1614265330 * 1000),
      body: '{"test": 2432232314}',
      secrets: ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"],
    });
    expect(signature).toBe("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  });

  const oldSecret = generateSecret();
  const newSecret = generateSecret();
  const msgId = "msg_01jexample";
  const body = buildWebhookBody(message);

  it("signs once per secret, newest first, and each secret verifies on its own", () => {
    const timestamp = new Date();
    const signature = signWebhook({ msgId, timestamp, body, secrets: [newSecret, oldSecret] });
    const parts = signature.split(" ");
    expect(parts).toHaveLength(2);
    for (const part of parts) expect(part).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(parts).toEqual([specSignature(newSecret, msgId, timestamp, body), specSignature(oldSecret, msgId, timestamp, body)]);

    const headers = { "webhook-id": msgId, "webhook-timestamp": String(Math.floor(timestamp.getTime() / 1000)), "webhook-signature": signature };
    expect(new Webhook(oldSecret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(new Webhook(newSecret).verify(body, headers)).toEqual(JSON.parse(body));
  });

  it("fails verification for a tampered body or an unrelated secret", () => {
    const headers = buildWebhookHeaders({ msgId, timestamp: new Date(), body, secrets: [newSecret, oldSecret] });
    const tampered = body.replace('"id":7', '"id":8');
    expect(() => new Webhook(newSecret).verify(tampered, headers)).toThrow(WebhookVerificationError);
    expect(() => new Webhook(oldSecret).verify(tampered, headers)).toThrow(WebhookVerificationError);
    expect(() => new Webhook(generateSecret()).verify(body, headers)).toThrow(WebhookVerificationError);
  });

  it("refuses to produce an unsigned request", () => {
    expect(() => signWebhook({ msgId, timestamp: new Date(), body, secrets: [] })).toThrow(/at least one secret/);
  });
});

describe("buildWebhookHeaders", () => {
  const secret = generateSecret();
  const timestamp = new Date("2026-01-02T03:04:05.999Z");

  it("sets the Standard Webhooks headers, floored unix seconds, and the user agent", () => {
    const headers = buildWebhookHeaders({ msgId: "msg_1", timestamp, body: "{}", secrets: [secret] });
    expect(headers).toEqual({
      "content-type": "application/json",
      "user-agent": USER_AGENT,
      "webhook-id": "msg_1",
      "webhook-timestamp": "1767323045", // 03:04:05.999 floored to the second
      "webhook-signature": specSignature(secret, "msg_1", timestamp, "{}"),
    });
    expect(headers["user-agent"]).toBe("Hookyard-Webhooks/1.0");
  });

  it("adds custom headers but never lets them override ours, whatever their case", () => {
    const headers = buildWebhookHeaders({
      msgId: "msg_1",
      timestamp,
      body: "{}",
      secrets: [secret],
      customHeaders: {
        "X-Team": "billing",
        "Webhook-Id": "forged",
        "WEBHOOK-SIGNATURE": "v1,forged",
        "webhook-timestamp": "0",
        "Content-Type": "text/plain",
        "content-length": "1",
        host: "internal",
        "transfer-encoding": "chunked",
      },
    });
    expect(headers["x-team"]).toBe("billing");
    expect(headers["webhook-id"]).toBe("msg_1");
    expect(headers["webhook-signature"]).toBe(specSignature(secret, "msg_1", timestamp, "{}"));
    expect(headers["webhook-timestamp"]).not.toBe("0");
    expect(headers["content-type"]).toBe("application/json");
    for (const name of ["content-length", "host", "transfer-encoding", "Webhook-Id", "Content-Type"]) expect(headers).not.toHaveProperty(name);
  });
});

describe("secrets", () => {
  it("generates whsec_ + base64 of 24 random bytes that the library accepts", () => {
    const secret = generateSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(Buffer.from(secret.slice(6), "base64")).toHaveLength(24);
    expect(isValidSecret(secret)).toBe(true);
    expect(generateSecret()).not.toBe(secret);
    expect(() => new Webhook(secret)).not.toThrow();
  });

  it("accepts 24..64 decoded bytes in strict base64 only", () => {
    const of = (n: number) => `whsec_${Buffer.alloc(n, 7).toString("base64")}`;
    expect(isValidSecret(of(24))).toBe(true);
    expect(isValidSecret(of(32))).toBe(true);
    expect(isValidSecret(of(64))).toBe(true);
    expect(isValidSecret(of(23))).toBe(false);
    expect(isValidSecret(of(65))).toBe(false);
    expect(isValidSecret(of(32).slice(6))).toBe(false); // no prefix
    expect(isValidSecret("whsec_")).toBe(false);
    expect(isValidSecret(`whsec_${"A".repeat(31)}!`)).toBe(false);
    expect(isValidSecret(`whsec_${Buffer.alloc(25, 1).toString("base64").replace(/=+$/, "")}`)).toBe(false); // unpadded
    expect(isValidSecret(`whsec_ ${Buffer.alloc(24, 1).toString("base64")}`)).toBe(false);
    expect(isValidSecret(`whsec_${Buffer.alloc(24, 1).toString("base64url")}_-`)).toBe(false);
  });
});
