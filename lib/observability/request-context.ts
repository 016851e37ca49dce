// What the current API request is, for every log line written while it runs: its id (the
// caller's `x-request-id` when it sent a usable one, else a new one; answered in the same header)
// and, once resolved, the tenant it acts on.
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import { context, ROOT_CONTEXT } from "@opentelemetry/api";

export interface RequestContext {
  requestId: string;
  tenantId?: string;
}

const globalForContext = globalThis as unknown as { hookyardRequestContext?: AsyncLocalStorage<RequestContext> };
// One store per process, shared by every bundle Next.js makes of this module.
const storage = (globalForContext.hookyardRequestContext ??= new AsyncLocalStorage<RequestContext>());

/** A caller's request id is kept only if it is short and plain (it ends up in our logs). */
const USABLE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestIdFrom(headers: Headers): string {
  const given = headers.get("x-request-id");
  return given && USABLE_REQUEST_ID.test(given) ? given : randomUUID();
}

export function runInRequest<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

/** Runs `fn` outside any request (and trace): work it starts in the background is its own. */
export function outsideRequest<T>(fn: () => T): T {
  return storage.exit(() => context.with(ROOT_CONTEXT, fn));
}

/** Names the tenant the current request acts on (its log lines carry it from then on). */
export function setRequestTenant(tenantId: string): void {
  const store = storage.getStore();
  if (store) store.tenantId = tenantId;
}

export function requestLogFields(): Record<string, string> {
  const store = storage.getStore();
  if (!store) return {};
  return store.tenantId ? { requestId: store.requestId, tenantId: store.tenantId } : { requestId: store.requestId };
}
