// The fairness phase: noisy tenants whose endpoints never answer (30 s timeout) — half of them on
// the same host as the healthy endpoints (the receiver's /hang/… paths), half on a second host that
// accepts requests and never replies — publish all along, while healthy tenants publish at a
// steady rate. Reported: the healthy tenants' publish→receipt latency, and any failed attempt of
// theirs (a false timeout: their receiver answers at once).
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Api } from "./api";
import type { DbStats } from "./dbstats";
import { publishOpenLoop, type PublishTarget } from "./load";
import type { ReceiverProcess } from "./receiver-client";
import { summarize, type Summary } from "./stats";

export interface FairnessConfig {
  seconds: number;
  noisyTenants: number;
  /** Endpoints that never answer, over all noisy tenants. */
  noisyEndpoints: number;
  /** Messages per second each noisy tenant publishes (each fans out to all its endpoints). */
  noisyRate: number;
  healthyTenants: number;
  /** Messages per second over all healthy tenants. */
  healthyRate: number;
}

export interface FairnessResult {
  config: FairnessConfig;
  healthyPublished: number;
  healthyReceived: number;
  healthyMissing: number;
  publishToReceiptMs: Summary;
  /** Failed attempts of the healthy tenants (their receiver answers 200 at once). */
  healthyFailedAttempts: number;
  noisyPublished: number;
  /** Requests the never-answering endpoints got (each held until its timeout). */
  noisyRequests: { sameHost: number; otherHost: number };
  publishErrors: number;
}

/** A host that accepts requests and never answers them. */
async function startBlackHole(): Promise<{ url(path: string): string; requests(): number; close(): Promise<void> }> {
  let requests = 0;
  const held = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    requests++;
    req.resume();
    held.add(res);
    res.on("close", () => held.delete(res));
  });
  server.headersTimeout = 0;
  server.requestTimeout = 0;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    requests: () => requests,
    close: () => {
      for (const res of held) res.socket?.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

export async function fairnessPhase(opts: {
  api: Api;
  receiver: ReceiverProcess;
  dbStats: DbStats | null;
  target: Omit<PublishTarget, "tenant">;
  secret: string;
  config: FairnessConfig;
  log: (line: string) => void;
}): Promise<FairnessResult> {
  const { api, receiver, config, log } = opts;
  const stamp = Date.now();
  const blackHole = await startBlackHole();
  const noisy: { id: string; endpoints: string[] }[] = [];
  const perTenant = Math.ceil(config.noisyEndpoints / config.noisyTenants);
  for (let t = 0; t < config.noisyTenants; t++) {
    const tenant = await api.createTenant(`Noisy ${t}`, `bench-noisy-${t}-${stamp}`);
    const endpoints: string[] = [];
    for (let i = 0; i < perTenant && t * perTenant + i < config.noisyEndpoints; i++) {
      const url = i % 2 === 0 ? receiver.url(`/hang/${t}-${i}`) : blackHole.url(`/${t}-${i}`);
      const e = await api.call<{ id: string }>("POST", `/tenants/${tenant.id}/endpoints`, { url, secret: opts.secret, timeoutMs: 30_000 });
      endpoints.push(e.id);
    }
    noisy.push({ id: tenant.id, endpoints });
  }
  const healthy: string[] = [];
  for (let h = 0; h < config.healthyTenants; h++) {
    const tenant = await api.createTenant(`Healthy ${h}`, `bench-healthy-${h}-${stamp}`);
    await api.createEndpoint(tenant.id, receiver.url(`/hook/fair-${h}`), opts.secret);
    healthy.push(tenant.id);
  }
  await receiver.collect();
  log(
    `  ${config.noisyTenants} noisy tenants with ${config.noisyEndpoints} never-answering endpoints (half on the healthy endpoints' host) at ${config.noisyRate} msg/s each; ` +
      `${config.healthyTenants} healthy tenants at ${config.healthyRate} msg/s in all; ${config.seconds} s`,
  );
  const durationMs = config.seconds * 1000;
  const runs = await Promise.all([
    ...noisy.map((t) => publishOpenLoop({ ...opts.target, tenant: t.id }, { rate: config.noisyRate, durationMs, connections: 4 })),
    ...healthy.map((t) => publishOpenLoop({ ...opts.target, tenant: t }, { rate: config.healthyRate / config.healthyTenants, durationMs, connections: 8 })),
  ]);
  const noisyRuns = runs.slice(0, noisy.length);
  const healthyRuns = runs.slice(noisy.length);
  const published = healthyRuns.reduce((n, r) => n + r.ids.length, 0);
  // The healthy receipts; they arrive within moments unless something holds them back.
  const deadline = Date.now() + 30_000;
  while ((await receiver.count()) < published && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  const rx = await receiver.collect();
  const receiptOf = new Map<string, number>();
  for (let i = 0; i < rx.ids.length; i++) if (!receiptOf.has(rx.ids[i])) receiptOf.set(rx.ids[i], rx.times[i]);
  const latencies: number[] = [];
  let missing = 0;
  for (const run of healthyRuns) {
    run.ids.forEach((id, i) => {
      const at = receiptOf.get(id);
      if (at === undefined) missing++;
      else latencies.push(at - run.starts[i]);
    });
  }
  const failed = opts.dbStats
    ? await opts.dbStats.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Attempt" WHERE "tenantId" = ANY($1) AND NOT succeeded`, [healthy])
    : [{ n: Number.NaN }];
  const result: FairnessResult = {
    config,
    healthyPublished: published,
    healthyReceived: latencies.length,
    healthyMissing: missing,
    publishToReceiptMs: summarize(latencies),
    healthyFailedAttempts: failed[0].n,
    noisyPublished: noisyRuns.reduce((n, r) => n + r.ids.length, 0),
    noisyRequests: { sameHost: rx.hung, otherHost: blackHole.requests() },
    publishErrors: runs.reduce((n, r) => n + r.errors, 0),
  };
  // Stop the noise: disabling cancels the backlog; cutting the held connections ends the requests.
  await Promise.all(noisy.flatMap((t) => t.endpoints.map((e) => api.patchEndpoint(t.id, e, { disabled: true }))));
  receiver.release();
  await blackHole.close();
  return result;
}
