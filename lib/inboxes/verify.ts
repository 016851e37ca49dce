// Does a captured request carry a valid Standard Webhooks signature from one of the endpoints
// pointing at the inbox? Signatures are recomputed with the `standardwebhooks` library's own
// `sign`. We do not call its `verify`, because that also checks the timestamp against the clock
// *now* (5 minutes tolerance), which would turn every request older than 5 minutes into
// "not verified"; a receiver checks the timestamp when the request arrives, so we check it
// against the time the inbox received it.
import { timingSafeEqual } from "node:crypto";
import { Webhook } from "standardwebhooks";
import type { SignatureCheck } from "../schemas/inboxes";

export const TIMESTAMP_TOLERANCE_SECONDS = 5 * 60;

export interface SigningCandidate {
  endpointId: string;
  secrets: string[];
}

function sameSignature(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function checkSignature(
  request: { headers: Record<string, string>; body: string; receivedAt: Date },
  candidates: SigningCandidate[],
): SignatureCheck {
  const id = request.headers["webhook-id"];
  const timestamp = request.headers["webhook-timestamp"];
  const signature = request.headers["webhook-signature"];
  if (!id || !timestamp || !signature) {
    return { verified: false, reason: "No webhook-id, webhook-timestamp and webhook-signature headers" };
  }
  if (candidates.length === 0) return { verified: false, reason: "No endpoint of this tenant points at this inbox" };
  const seconds = Number(timestamp);
  if (!Number.isInteger(seconds)) return { verified: false, reason: "webhook-timestamp is not a unix timestamp" };
  if (Math.abs(request.receivedAt.getTime() / 1000 - seconds) > TIMESTAMP_TOLERANCE_SECONDS) {
    return { verified: false, reason: "webhook-timestamp was more than 5 minutes off when the request arrived" };
  }
  const passed = signature
    .split(" ")
    .map((s) => s.split(","))
    .filter(([version, value]) => version === "v1" && value)
    .map(([, value]) => value);
  for (const candidate of candidates) {
    for (const secret of candidate.secrets) {
      let expected: string;
      try {
        expected = new Webhook(secret).sign(id, new Date(seconds * 1000), request.body).split(",")[1];
      } catch {
        continue;
      }
      if (passed.some((p) => sameSignature(p, expected))) return { verified: true, endpointId: candidate.endpointId };
    }
  }
  return { verified: false, reason: "The signature matches no signing secret of the endpoints pointing here" };
}
