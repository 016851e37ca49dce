// Standard Webhooks (standardwebhooks.com) request building: the body, the signature header and
// the full header set. Signing goes through the `standardwebhooks` package, the same code
// receivers verify with, so the two can never drift apart on encoding details.
import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { isReservedHeader } from "../http/reserved-headers";

export const USER_AGENT = "Hookyard-Webhooks/1.0";
const SECRET_PREFIX = "whsec_";
const SECRET_BYTES = 24;
const MIN_SECRET_BYTES = 24;
const MAX_SECRET_BYTES = 64;

export interface WebhookMessage {
  eventType: string;
  /** The event type version it was published at; the body names it from version 2 on. */
  version?: number;
  createdAt: Date;
  payload: unknown;
  /** The payload's JSON text as published; when present the body carries it byte for byte. */
  payloadText?: string | null;
}

/**
 * The request body. Built only from what is stored with the message (never the attempt time), so
 * every retry sends identical bytes and a receiver can dedupe or re-verify them. `data` is the
 * payload's text as published (its key order and number formatting intact); messages stored
 * before that text was kept fall back to the jsonb value, whose key order is canonical. A message
 * published at version 2 or later of its event type says so (`"version":2` after the type).
 */
export function buildWebhookBody(message: WebhookMessage): string {
  // Version 1 (every type without versions) keeps the envelope as it always was: no "version" is 1.
  const version = message.version && message.version > 1 ? `"version":${message.version},` : "";
  const envelope = `{"type":${JSON.stringify(message.eventType)},${version}"timestamp":"${message.createdAt.toISOString()}","data":`;
  if (message.payloadText != null) return `${envelope}${message.payloadText}}`;
  // JSON.stringify would silently drop an undefined `data`; the spec requires the field.
  return `${envelope}${JSON.stringify(message.payload === undefined ? null : message.payload)}}`;
}

export interface SignInput {
  msgId: string;
  timestamp: Date;
  body: string;
  /** Newest first: while a rotated-out secret is in its grace period both sign. */
  secrets: string[];
}

/** The `webhook-signature` header value: `v1,<base64>` per secret, space-separated. */
export function signWebhook({ msgId, timestamp, body, secrets }: SignInput): string {
  // An unsigned webhook would be accepted by nobody (or worse, by a receiver that skips checks).
  if (secrets.length === 0) throw new Error("Cannot sign a webhook without at least one secret");
  return secrets.map((secret) => new Webhook(secret).sign(msgId, timestamp, body)).join(" ");
}

export interface HeadersInput extends SignInput {
  customHeaders?: Record<string, string> | null;
}

/** Every header of the outgoing request; names are lower-case so a custom `Webhook-Id` can't
 * sneak in as a second, differently-cased copy. */
export function buildWebhookHeaders(input: HeadersInput): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(input.customHeaders ?? {})) {
    if (typeof value !== "string" || isReservedHeader(name)) continue;
    headers[name.toLowerCase()] = value;
  }
  // Assigned after the custom headers so they always win.
  headers["content-type"] = "application/json";
  headers["user-agent"] = USER_AGENT;
  headers["webhook-id"] = input.msgId;
  // Unix seconds, floored exactly as the library does when it signs; a rounding mismatch here
  // would make every signature fail verification.
  headers["webhook-timestamp"] = String(Math.floor(input.timestamp.getTime() / 1000));
  headers["webhook-signature"] = signWebhook(input);
  return headers;
}

/** A new endpoint secret: `whsec_` + base64 of 24 random bytes (the size Svix issues). */
export function generateSecret(): string {
  return SECRET_PREFIX + randomBytes(SECRET_BYTES).toString("base64");
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Accepts `whsec_<base64>` decoding to 24..64 bytes. Strict, padded base64 only: Node's decoder
 * would quietly skip junk characters, while receivers' libraries may not, and a secret the two
 * sides decode differently yields signatures that never verify.
 */
export function isValidSecret(secret: string): boolean {
  if (typeof secret !== "string" || !secret.startsWith(SECRET_PREFIX)) return false;
  const encoded = secret.slice(SECRET_PREFIX.length);
  if (encoded.length === 0 || !BASE64.test(encoded)) return false;
  const bytes = Buffer.from(encoded, "base64").length;
  return bytes >= MIN_SECRET_BYTES && bytes <= MAX_SECRET_BYTES;
}
