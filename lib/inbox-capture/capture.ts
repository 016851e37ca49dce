// Recording a request into a test inbox: what its public URL does (app/api/inbox/[token]), and
// what an in-process delivery to Hookyard's own inbox does (deliver.ts).
import { db } from "../db/client";
import { badRequest, notFound } from "../errors";
import { newId } from "../ids";

/** An inbox keeps its newest requests only, so a public URL cannot fill the database. */
export const INBOX_MAX_REQUESTS = 500;

/**
 * Never recorded: what Next's server (and any reverse proxy) adds on the way in, and cookies — a
 * webhook sender has none of ours, and a browser's would be its user's session.
 */
const UNRECORDED_HEADERS = /^(x-forwarded-(for|host|port|proto)|cookie)$/;

/** Records one request sent to a public inbox URL, with the headers its sender sent. Unknown token: 404. */
export async function captureRequest(token: string, request: { method: string; headers: Record<string, string>; body: string }): Promise<void> {
  if (request.body.includes("\0")) throw badRequest("The body must not contain the NUL character (\\u0000)");
  const inbox = await db().inbox.findUnique({ where: { token }, select: { id: true } });
  if (!inbox) throw notFound("Inbox");
  const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => !UNRECORDED_HEADERS.test(name)));
  await db().inboxRequest.create({ data: { id: newId("inboxRequest"), inboxId: inbox.id, ...request, headers } });
  const oldestKept = await db().inboxRequest.findFirst({
    where: { inboxId: inbox.id },
    orderBy: { id: "desc" },
    skip: INBOX_MAX_REQUESTS - 1,
    select: { id: true },
  });
  if (oldestKept) await db().inboxRequest.deleteMany({ where: { inboxId: inbox.id, id: { lt: oldestKept.id } } });
}

