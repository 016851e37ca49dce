// Sends one webhook request and reports what happened. Never throws: every failure becomes a
// SendOutcome, because the caller's job is to record it, not to handle it.
import { performance } from "node:perf_hooks";
import type { LookupFunction } from "node:net";
import { Agent, request, type Dispatcher } from "undici";
import { INTERRUPTED_CODE, classifyError, type ErrorCategory } from "./classify-error";
import { assertUrlAllowed, createGuardedLookup } from "./ssrf";

/** Response bodies are kept for the dashboard, not processed; 64 KiB shows any error page. */
export const MAX_RESPONSE_BODY_BYTES = 64 * 1024;

export interface SendInput {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** Budget for the whole exchange: connect, headers and response body. */
  timeoutMs: number;
  allowPrivate: boolean;
  /** Replaces the shared agent (tests, custom connection settings). The IP-literal check still
   * applies; the resolved-address check is only as good as the dispatcher's `connect.lookup`. */
  dispatcher?: Dispatcher;
  /** A connection pool of this request's own, e.g. per endpoint (see endpointAgent). */
  pool?: { key: string; connections: number };
  /** Cuts the request short (a worker shutting down): recorded as `interrupted`, not as the
   * receiver's failure. */
  interrupt?: AbortSignal;
}

export interface SendOutcome {
  ok: boolean;
  status: number | null;
  headers: Record<string, string> | null;
  body: string | null;
  durationMs: number;
  errorCategory: null | ErrorCategory;
  error: string | null;
}

export interface DeliveryAgentOptions {
  allowPrivate: boolean;
  /** Replaces the system resolver under the SSRF guard (tests). */
  resolve?: LookupFunction;
  /** Concurrent connections per origin. */
  connections?: number;
}

/**
 * An undici Agent whose every new connection resolves through the SSRF guard. Keep-alive pools
 * per origin, bounded so one busy endpoint can't open thousands of sockets at a receiver.
 */
export function createDeliveryAgent({ allowPrivate, resolve, connections = 64 }: DeliveryAgentOptions): Agent {
  return new Agent({
    connections,
    keepAliveTimeout: 4_000,
    connect: { lookup: createGuardedLookup(allowPrivate, resolve), timeout: 10_000 },
  });
}

// One agent per allowPrivate value, created on first use and reused by every request: this is
// the hot path, and a fresh agent per request would throw away keep-alive connections. Separate
// agents also mean a socket opened while private addresses were allowed can never be reused by a
// request that must not reach them.
const sharedAgents = new Map<boolean, Agent>();

function sharedAgent(allowPrivate: boolean): Agent {
  let agent = sharedAgents.get(allowPrivate);
  if (!agent) {
    agent = createDeliveryAgent({ allowPrivate });
    sharedAgents.set(allowPrivate, agent);
  }
  return agent;
}

// Pools of their own, one per key (the local executor keys them by endpoint), each with as many
// connections as the key may have requests in flight. A request never waits for a connection held
// by another endpoint's requests — five hanging endpoints on one host cannot starve a sixth on the
// same host — so its timeout measures the receiver, not a queue. Idle pools are closed.
const POOL_IDLE_MS = 60_000;
const pools = new Map<string, { agent: Agent; connections: number; lastUsed: number; active: number }>();
let poolSweeper: NodeJS.Timeout | undefined;

function pooledAgent(key: string, connections: number, allowPrivate: boolean) {
  const poolKey = `${allowPrivate ? "private" : "public"}:${key}`;
  let pool = pools.get(poolKey);
  if (pool && pool.connections !== connections) {
    void pool.agent.close().catch(() => {});
    pool = undefined;
  }
  if (!pool) {
    pool = { agent: createDeliveryAgent({ allowPrivate, connections }), connections, lastUsed: Date.now(), active: 0 };
    pools.set(poolKey, pool);
    poolSweeper ??= setInterval(closeIdlePools, POOL_IDLE_MS / 2).unref();
  }
  pool.lastUsed = Date.now();
  return pool;
}

function closeIdlePools(): void {
  const cutoff = Date.now() - POOL_IDLE_MS;
  for (const [key, pool] of pools) {
    if (pool.active === 0 && pool.lastUsed < cutoff) {
      pools.delete(key);
      void pool.agent.close().catch(() => {});
    }
  }
}

/** Closes every connection (a worker's last step on shutdown); later sends open new ones. */
export async function closeAllAgents(): Promise<void> {
  const agents = [...sharedAgents.values(), ...[...pools.values()].map((p) => p.agent)];
  sharedAgents.clear();
  pools.clear();
  clearInterval(poolSweeper);
  poolSweeper = undefined;
  await Promise.all(agents.map((a) => a.destroy().catch(() => {})));
}

class DeliveryTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`Timed out after ${timeoutMs} ms`);
    this.name = "TimeoutError";
  }
}

class InterruptedError extends Error {
  readonly code = INTERRUPTED_CODE;
  constructor(reason: unknown) {
    super(typeof reason === "string" ? reason : "Cut short by the worker");
    this.name = "InterruptedError";
  }
}

function flattenHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    out[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

interface BodyRead {
  text: string;
  error: unknown;
}

/**
 * Reads up to MAX_RESPONSE_BODY_BYTES and then destroys the stream rather than draining it: a
 * receiver answering with an endless body must not hold a worker. Returns what arrived even if
 * the stream failed midway (the partial body is still useful when debugging).
 */
async function readCappedBody(body: Dispatcher.ResponseData["body"]): Promise<BodyRead> {
  const chunks: Buffer[] = [];
  let size = 0;
  let error: unknown = null;
  try {
    // Leaving for-await early (the break below, or a throw) destroys the stream, which makes
    // undici drop that connection. A body read to its end is left alone so the keep-alive
    // connection goes back to the pool.
    for await (const chunk of body) {
      const buf = chunk as Buffer;
      const room = MAX_RESPONSE_BODY_BYTES - size;
      chunks.push(buf.length > room ? buf.subarray(0, room) : buf);
      size += Math.min(buf.length, room);
      if (size >= MAX_RESPONSE_BODY_BYTES) break;
    }
  } catch (err) {
    error = err;
  }
  // Postgres text columns reject NUL, and a binary response must not make recording fail.
  const text = Buffer.concat(chunks, size).toString("utf8").replaceAll("\u0000", "\uFFFD");
  return { text, error };
}

export async function sendWebhook(input: SendInput): Promise<SendOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round((performance.now() - started) * 100) / 100;
  // Created up front so `failure` can tell our deadline apart from other timeouts.
  const controller = new AbortController();
  const failure = (err: unknown, partial: Partial<SendOutcome> = {}): SendOutcome => {
    // Cut short by us: whatever undici threw on the abort, that is what happened.
    const interrupted = controller.signal.reason instanceof InterruptedError ? controller.signal.reason : null;
    const { category, message, code } = classifyError(interrupted ?? err);
    // Whichever layer noticed the deadline (our abort, undici's headers/body timers), the tenant
    // should see the budget they configured; a connect timeout keeps its own, more precise, words.
    const overBudget = (controller.signal.aborted && !(controller.signal.reason instanceof InterruptedError)) || code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT";
    return {
      ok: false,
      status: null,
      headers: null,
      body: null,
      ...partial,
      durationMs: elapsed(),
      errorCategory: category,
      error: category === "timeout" && overBudget ? `Timed out after ${input.timeoutMs} ms` : message,
    };
  };

  let url: URL;
  try {
    url = new URL(input.url);
    assertUrlAllowed(url, input.allowPrivate);
  } catch (err) {
    return failure(err);
  }

  if (input.interrupt?.aborted) return failure(new InterruptedError(input.interrupt.reason));
  const onInterrupt = () => controller.abort(new InterruptedError(input.interrupt!.reason));
  input.interrupt?.addEventListener("abort", onInterrupt, { once: true });
  const pool = input.pool && !input.dispatcher ? pooledAgent(input.pool.key, input.pool.connections, input.allowPrivate) : undefined;
  if (pool) pool.active++;
  // A clearable timer rather than AbortSignal.timeout(): at thousands of requests per second,
  // uncleared 15 s timers would pile up by the tens of thousands. It starts here, as the request
  // is handed to its pool: with a pool of its own it never waits there for a connection.
  const timer = setTimeout(() => controller.abort(new DeliveryTimeoutError(input.timeoutMs)), input.timeoutMs);
  try {
    const response = await request(url, {
      method: "POST",
      headers: input.headers,
      body: input.body,
      dispatcher: input.dispatcher ?? pool?.agent ?? sharedAgent(input.allowPrivate),
      signal: controller.signal,
      // Backstops to the abort signal; they'd only fire first by rounding.
      headersTimeout: input.timeoutMs,
      bodyTimeout: input.timeoutMs,
      // Redirects are not followed (undici doesn't unless asked): a 3xx is the receiver's answer,
      // and following it could lead to an address the SSRF check never saw.
    });
    const headers = flattenHeaders(response.headers);
    const { text, error } = await readCappedBody(response.body);
    const status = response.statusCode;
    // Even a 2xx fails if its body didn't finish within the budget: success is a whole
    // response within the timeout.
    if (error) return failure(error, { status, headers, body: text });
    const ok = status >= 200 && status < 300;
    return {
      ok,
      status,
      headers,
      body: text,
      durationMs: elapsed(),
      errorCategory: ok ? null : "http_status",
      error: ok ? null : httpStatusError(status),
    };
  } catch (err) {
    return failure(err);
  } finally {
    clearTimeout(timer);
    input.interrupt?.removeEventListener("abort", onInterrupt);
    if (pool) {
      pool.active--;
      pool.lastUsed = Date.now();
    }
  }
}

function httpStatusError(status: number): string {
  if (status >= 300 && status < 400) return `HTTP ${status} (redirects are not followed)`;
  return `HTTP ${status}`;
}
