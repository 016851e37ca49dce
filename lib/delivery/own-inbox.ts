// Delivering to one of the tenant's own test inboxes. The inbox is Hookyard's own URL, but
// whether Hookyard can reach itself over the network depends on where it runs (behind a proxy, on
// plain http, at a private address the SSRF guard refuses, a worker on another machine). So the
// request is recorded straight into the inbox, exactly as it would have been sent, and nothing
// goes over the network: no address is let through the SSRF guard for it.
import { DomainError } from "../errors";
import { db } from "../db/client";
import type { SendOutcome } from "./http-client";
import { captureRequest } from "../inbox-capture/capture";
import { inboxTokenOf } from "../inbox-capture/own-url";

/** What the inbox's public URL answers (app/api/inbox/[token]). */
const ACCEPTED_BODY = JSON.stringify({ ok: true });

/**
 * Records the webhook in the tenant's inbox that `url` names and returns the outcome of that
 * "request"; null when `url` is not one of the tenant's inboxes (send it over HTTP then).
 */
export async function deliverToOwnInbox(input: { tenantId: string; url: string; headers: Record<string, string>; body: string }): Promise<SendOutcome | null> {
  const token = inboxTokenOf(input.url);
  if (!token) return null;
  const inbox = await db().inbox.findFirst({ where: { token, tenantId: input.tenantId }, select: { id: true } });
  if (!inbox) return null;
  const started = performance.now();
  const headers = Object.fromEntries(Object.entries(input.headers).map(([name, value]) => [name.toLowerCase(), value]));
  headers["content-length"] = String(Buffer.byteLength(input.body));
  const durationMs = () => Math.round((performance.now() - started) * 100) / 100;
  try {
    await captureRequest(token, { method: "POST", headers, body: input.body });
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    const body = JSON.stringify({ error: { code: err.code, message: err.message } });
    return { ok: false, status: err.status, headers: { "content-type": "application/json" }, body, durationMs: durationMs(), errorCategory: "http_status", error: `HTTP ${err.status}` };
  }
  return { ok: true, status: 200, headers: { "content-type": "application/json" }, body: ACCEPTED_BODY, durationMs: durationMs(), errorCategory: null, error: null };
}
