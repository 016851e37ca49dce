// Load generators (undici): closed-loop and open-loop publishers against the Hookyard API, and the
// ceiling — a plain loop of Standard-Webhooks-signed POSTs straight at the receiver.
import { Pool } from "undici";
import { Webhook } from "standardwebhooks";
import { samplePayload } from "./api";
import { nowMs } from "./stats";

export interface PublishTarget {
  baseUrl: string;
  key: string;
  /** Tenant id or uid. */
  tenant: string;
  eventType: string;
}

export interface PublishRun {
  /** Per successful publish: message id, start time (ms epoch), latency (ms). */
  ids: string[];
  starts: number[];
  latencies: number[];
  errors: number;
  errorSamples: string[];
  /** First start to last completion. */
  wallMs: number;
}

let sequence = 0;

function publisher(target: PublishTarget, connections: number) {
  const pool = new Pool(target.baseUrl, { connections, keepAliveTimeout: 30_000 });
  const path = `/api/v1/tenants/${encodeURIComponent(target.tenant)}/messages`;
  const headers = { authorization: `Bearer ${target.key}`, "content-type": "application/json" };
  const run: PublishRun = { ids: [], starts: [], latencies: [], errors: 0, errorSamples: [], wallMs: 0 };
  let first = Number.POSITIVE_INFINITY;
  let last = 0;
  /** One publish; `start` lets an open loop measure from the intended send time. */
  const publishOne = async (start = nowMs()): Promise<void> => {
    first = Math.min(first, start);
    const body = JSON.stringify({ eventType: target.eventType, payload: samplePayload(++sequence) });
    try {
      const res = await pool.request({ method: "POST", path, headers, body });
      const text = await res.body.text();
      const end = nowMs();
      last = Math.max(last, end);
      if (res.statusCode !== 202) {
        run.errors++;
        if (run.errorSamples.length < 5) run.errorSamples.push(`${res.statusCode} ${text.slice(0, 200)}`);
        return;
      }
      run.ids.push((JSON.parse(text) as { id: string }).id);
      run.starts.push(start);
      run.latencies.push(end - start);
    } catch (err) {
      last = Math.max(last, nowMs());
      run.errors++;
      if (run.errorSamples.length < 5) run.errorSamples.push((err as Error).message);
    }
  };
  const finish = async (): Promise<PublishRun> => {
    await pool.close();
    run.wallMs = last > first ? last - first : 0;
    return run;
  };
  return { publishOne, finish };
}

/** `concurrency` publishers, each sending its next message when the previous one is answered,
 * until `durationMs` has passed or `maxCount` messages were sent. */
export async function publishClosedLoop(
  target: PublishTarget,
  opts: { concurrency: number; durationMs: number; maxCount?: number },
): Promise<PublishRun> {
  const p = publisher(target, opts.concurrency);
  const stopAt = performance.now() + opts.durationMs;
  let started = 0;
  const max = opts.maxCount ?? Number.POSITIVE_INFINITY;
  await Promise.all(
    Array.from({ length: opts.concurrency }, async () => {
      while (performance.now() < stopAt && started < max) {
        started++;
        await p.publishOne();
      }
    }),
  );
  return p.finish();
}

/**
 * Open loop: one publish every 1000/rate ms whatever the answers, latency counted from the
 * scheduled send time (so a stalled server shows up in the latency, not as a lower rate).
 */
export async function publishOpenLoop(target: PublishTarget, opts: { rate: number; durationMs: number; connections?: number }): Promise<PublishRun> {
  const p = publisher(target, opts.connections ?? 64);
  const interval = 1000 / opts.rate;
  const t0 = nowMs() + 5;
  const total = Math.floor((opts.durationMs / 1000) * opts.rate);
  const inflight: Promise<void>[] = [];
  let next = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = nowMs();
      while (next < total && t0 + next * interval <= now) {
        inflight.push(p.publishOne(t0 + next * interval));
        next++;
      }
      if (next >= total) return resolve();
      setTimeout(tick, Math.max(0, t0 + next * interval - nowMs()));
    };
    tick();
  });
  await Promise.all(inflight);
  return p.finish();
}

export interface CeilingRun {
  requests: number;
  errors: number;
  errorSamples: string[];
  wallMs: number;
  perSecond: number;
  latencies: number[];
}

/**
 * The ceiling: what one sender on this machine gets out of the same receiver with nothing in
 * between — the body built and signed per request with `standardwebhooks` exactly as
 * lib/delivery/signing.ts does, over an undici pool.
 */
export async function ceilingLoop(opts: { url: string; secret: string; connections: number; durationMs: number; warmupMs?: number }): Promise<CeilingRun> {
  const target = new URL(opts.url);
  const pool = new Pool(target.origin, { connections: opts.connections, keepAliveTimeout: 30_000 });
  const run: CeilingRun = { requests: 0, errors: 0, errorSamples: [], wallMs: 0, perSecond: 0, latencies: [] };
  let n = 0;
  let measuring = false;
  const one = async () => {
    const msgId = `msg_ceiling_${++n}`;
    const body = JSON.stringify({ type: "bench.order", timestamp: new Date().toISOString(), data: samplePayload(n) });
    const now = new Date();
    const headers = {
      "content-type": "application/json",
      "user-agent": "Hookyard-Webhooks/1.0",
      "webhook-id": msgId,
      "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
      "webhook-signature": new Webhook(opts.secret).sign(msgId, now, body),
    };
    const start = performance.now();
    try {
      const res = await pool.request({ method: "POST", path: target.pathname, headers, body });
      await res.body.text();
      if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode}`);
      if (measuring) {
        run.requests++;
        run.latencies.push(performance.now() - start);
      }
    } catch (err) {
      run.errors++;
      if (run.errorSamples.length < 5) run.errorSamples.push((err as Error).message);
    }
  };
  const loop = async (until: number) => {
    while (performance.now() < until) await one();
  };
  // Warm up (connections, JIT) before counting.
  const workers = opts.connections;
  await Promise.all(Array.from({ length: workers }, () => loop(performance.now() + (opts.warmupMs ?? 1000))));
  measuring = true;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: workers }, () => loop(t0 + opts.durationMs)));
  run.wallMs = performance.now() - t0;
  run.perSecond = (run.requests / run.wallMs) * 1000;
  await pool.close();
  return run;
}
