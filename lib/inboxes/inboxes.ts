// Test inboxes: a public URL per inbox that captures whatever is sent to it, so a new user can
// watch a webhook arrive — and see its signature verified — without any external tool.
import { randomBytes } from "node:crypto";
import { db } from "../db/client";
import type { Inbox, InboxRequest } from "../db/generated/client";
import type { TenantScope } from "../db/tenant-scope";
import { badRequest, forbidden, notFound, unsupportedMediaType } from "../errors";
import { pageArgs, toPage, type Page, type PageQuery } from "../db/pagination";
import type { InboxJson, InboxRequestJson } from "../schemas/inboxes";
import { signingSecrets } from "../endpoints/secrets";
import { newId } from "../ids";
import { checkSignature, type SigningCandidate } from "./verify";
import { hideCustomValues } from "../endpoints/header-masking";
import { INBOX_PATH } from "../inbox-capture/own-url";

export { INBOX_PATH };
export { captureRequest, INBOX_MAX_REQUESTS } from "../inbox-capture/capture";

/** Bodies above this are refused (413). */
export const INBOX_MAX_BODY_BYTES = 256 * 1024;


export function inboxUrl(origin: string, token: string): string {
  return `${origin}${INBOX_PATH}${token}`;
}

export function inboxJson(inbox: Inbox, origin: string): InboxJson {
  return { id: inbox.id, name: inbox.name, url: inboxUrl(origin, inbox.token), createdAt: inbox.createdAt.toISOString() };
}

export async function createInbox(scope: TenantScope, name: string): Promise<Inbox> {
  return scope.db.inbox.create({ data: { id: newId("inbox"), tenantId: scope.tenantId, name, token: randomBytes(18).toString("base64url") } });
}

export async function listInboxes(scope: TenantScope, page: PageQuery, origin: string): Promise<Page<InboxJson>> {
  return toPage(await scope.db.inbox.findMany(pageArgs(page)), page, (inbox) => inboxJson(inbox, origin));
}

export async function getInbox(scope: TenantScope, id: string): Promise<Inbox> {
  const inbox = await scope.db.inbox.findFirst({ where: { id } });
  if (!inbox) throw notFound("Inbox");
  return inbox;
}

export async function deleteInbox(scope: TenantScope, id: string): Promise<void> {
  const { count } = await scope.db.inbox.deleteMany({ where: { id } });
  if (count === 0) throw notFound("Inbox");
}

/** HTML forms' own encodings (what a page makes a browser post without a CORS preflight); webhooks
 * are JSON. text/plain, a form's third encoding, is also what fetch() sends a string as: allowed. */
const FORM_CONTENT_TYPES = /^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i;

/**
 * The inbox stands in for a webhook receiver: it takes what a server sends, and refuses what only a
 * browser sends, so a page cannot make a signed-in visitor's browser post into it (their cookies
 * are never recorded either way). 403 for a browser's fetch metadata or Origin, 415 for a form.
 */
export function refuseBrowserRequests(headers: Headers): void {
  for (const name of headers.keys()) {
    if (name.startsWith("sec-fetch-") || name === "origin") throw forbidden(`The test inbox records requests from webhook senders, not from browsers (it got a ${name} header)`);
  }
  const type = headers.get("content-type") ?? "";
  if (FORM_CONTENT_TYPES.test(type.trim())) throw unsupportedMediaType("The test inbox records webhooks: send them as JSON (content-type: application/json), not as a form");
}

/**
 * The tenant's endpoints that deliver to this inbox, with their signing secrets. Matched on the
 * inbox's path rather than the whole URL: the token is unguessable, and the same inbox may be
 * reached as http://localhost:3000 and http://127.0.0.1:3000.
 */
async function signingCandidates(scope: TenantScope, inbox: Inbox, since: Date): Promise<SigningCandidate[]> {
  const path = `${INBOX_PATH}${inbox.token}`;
  const endpoints = await scope.db.endpoint.findMany({ where: { url: { contains: path } }, select: { id: true, url: true } });
  const pointing = endpoints.filter((e) => {
    try {
      return new URL(e.url).pathname === path;
    } catch {
      return false;
    }
  });
  // Secrets still signing at the oldest request's arrival cover every request of the page.
  return Promise.all(pointing.map(async (e) => ({ endpointId: e.id, secrets: await signingSecrets(scope.db, e.id, since) })));
}

function requestJson(r: InboxRequest, candidates: SigningCandidate[], readHeaders: boolean): InboxRequestJson {
  const headers = r.headers as Record<string, string>;
  return {
    id: r.id,
    method: r.method,
    headers: readHeaders ? headers : hideCustomValues(headers),
    body: r.body,
    receivedAt: r.receivedAt.toISOString(),
    signature: checkSignature({ headers, body: r.body, receivedAt: r.receivedAt }, candidates),
  };
}

/** `readHeaders: false` (viewers): header values other than Standard Webhooks' and HTTP's own are hidden. */
export async function listInboxRequests(scope: TenantScope, inboxId: string, page: PageQuery, { readHeaders = true } = {}): Promise<Page<InboxRequestJson>> {
  const inbox = await getInbox(scope, inboxId);
  const args = pageArgs(page);
  const rows = await scope.db.inboxRequest.findMany({ ...args, where: { ...args.where, inboxId: inbox.id } });
  if (rows.length === 0) return { data: [], nextCursor: null };
  const oldest = rows.reduce((min, r) => (r.receivedAt < min ? r.receivedAt : min), rows[0].receivedAt);
  const candidates = await signingCandidates(scope, inbox, oldest);
  return toPage(rows, page, (r) => requestJson(r, candidates, readHeaders));
}
