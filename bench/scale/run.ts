// `npm run bench -- --scale`: the read side at operator scale. Builds (unless told not to), starts
// the real server in production mode on a throwaway embedded PostgreSQL, makes tenants, event
// types and endpoints through the API, generates the bulk (bench/scale/dataset.ts: 500,000
// messages, 1,000,000 deliveries, ~2,000,000 attempts over 30 days) by SQL, then times every
// list, detail and stats route and a publish over HTTP, sequentially, and prints p50/p95 per
// route with the table and index sizes. Writes the same to bench/results/scale-<timestamp>.json.
//
// Flags: --no-build (or BENCH_SKIP_BUILD=1) · --keep-data (keep .data/bench-scale-*, e.g. to
// EXPLAIN by hand) · --data DIR (time again on a kept dataset instead of generating one; the
// server applies any newer migrations to it first — how long that took is printed) · --verbose ·
// --messages N (deliveries = 2N; default 500000) · --requests N (timed requests per route;
// default 50) · --only TEXT (time only routes whose label contains it)
import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { forkReceiver, type ReceiverProcess } from "../receiver-client";
import { renderTable, type Row } from "../report";
import { cleanUpOnSignals, ensureBuild, reapStaleRuns, removeDataDir, root, startServer, type RunningServer } from "../server";
import { round } from "../stats";
import { generateDataset, markFailingEndpoints, endpointTypes, NEVER_TYPE, RARE_TYPE, REGULAR_TYPES, type GenerateResult, type TenantShape } from "./dataset";
import { HttpTimer } from "./http-timer";
import { scaleRoutes } from "./routes";
import { tableSizes, type TableSize } from "./sizes";

const TARGET_READ_P95_MS = 50;
const TARGET_PUBLISH_P95_MS = 20;

const log = (line: string) => process.stderr.write(`[bench:scale] ${line}\n`);

export async function runScaleBench(argv: string[]): Promise<number> {
  const { values: flags } = parseArgs({
    args: argv,
    options: {
      "no-build": { type: "boolean", default: false },
      "keep-data": { type: "boolean", default: false },
      verbose: { type: "boolean", default: false },
      messages: { type: "string", default: "500000" },
      requests: { type: "string", default: "50" },
      only: { type: "string" },
      data: { type: "string" },
    },
    strict: true,
  });
  const messages = Number(flags.messages);
  const requests = Number(flags.requests);
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const dataDir = flags.data ? path.resolve(flags.data) : path.join(root, ".data", `bench-scale-${stamp}`);
  const keep = flags["keep-data"] || flags.data !== undefined;
  let server: RunningServer | undefined;
  let receiver: ReceiverProcess | undefined;
  let client: pg.Client | undefined;
  let timer: HttpTimer | undefined;
  let failed = false;

  const cleanup = async () => {
    await timer?.close().catch(() => {});
    await client?.end().catch(() => {});
    const leftovers = server ? (await server.stop()).leftovers : [];
    await receiver?.stop();
    if (leftovers.length) log(`processes still alive after stop: ${leftovers.join(", ")}; kept ${dataDir} for the next run to reap`);
    else if (keep) {
      // Without the marker, the next run's clean-up of interrupted runs leaves it alone.
      rmSync(path.join(dataDir, "bench-server.json"), { force: true });
      log(`kept ${path.relative(root, dataDir)} (again: npm run bench -- --scale --data ${path.relative(root, dataDir)})`);
    } else removeDataDir(dataDir);
  };
  cleanUpOnSignals(log, cleanup, () => server);

  try {
    reapStaleRuns(log);
    await ensureBuild({ skip: flags["no-build"] || process.env.BENCH_SKIP_BUILD === "1", retries: 3, retryDelayMs: 180_000, log });
    receiver = await forkReceiver();
    const secret = `whsec_${randomBytes(24).toString("base64")}`;
    receiver.configure(secret, 0);
    const adminKey = `hy_${randomBytes(32).toString("base64url")}`;
    log(`starting the server (production, embedded PostgreSQL in ${path.relative(root, dataDir)}) …`);
    const serverStart = Date.now();
    // A kept dataset may get newer migrations first: at this size they can take minutes.
    // The dataset spans 30 days back from now: the retention sweep must not delete its oldest
    // messages while it is written (nor its timed routes' rows while they are read).
    const env = { HOOKYARD_RETENTION: "3650d" };
    server = await startServer({ dataDir, adminKey, env, log, verbose: flags.verbose, readyTimeoutMs: 30 * 60_000 });
    const startupSeconds = round((Date.now() - serverStart) / 1000);
    log(`server up in ${startupSeconds} s (migrations included)`);
    timer = new HttpTimer(server.url, adminKey);
    client = new pg.Client({ connectionString: server.databaseUrl });
    await client.connect();
    const started = Date.now();
    const now = new Date();
    const dataset = flags.data
      ? await reuseDataset(client, receiver)
      : await makeDataset(timer, client, receiver, secret, messages, now);
    const { tenants, generated } = dataset;
    const generatedSeconds = round((Date.now() - started) / 1000);
    if (!flags.data) log(`generated in ${generatedSeconds} s: ${JSON.stringify(generated.seconds)}`);
    const sizes = await tableSizes(client);
    const rollupCheck = await checkRollups(client);
    if (rollupCheck) log(rollupCheck);

    // --- Timing -----------------------------------------------------------------------------------
    const routes = await scaleRoutes(timer, client, tenants, now);
    const selected = routes.filter((r) => !flags.only || r.label.includes(flags.only));
    log(`timing ${selected.length} routes, ${requests} sequential requests each (after 3 warm-ups) …`);
    const results: { group: string; label: string; path: string; method: string; p50: number; p95: number; max: number; errors: number }[] = [];
    for (const route of selected) {
      const r = await timer.time(route, { warmup: 3, requests });
      results.push({ group: route.group, label: route.label, path: route.path, method: route.method, ...r });
      if (r.errors) log(`${route.label}: ${r.errors} error(s): ${r.errorSample}`);
    }

    // --- Report -----------------------------------------------------------------------------------
    const groups = [...new Set(results.map((r) => r.group))];
    const table = renderTable(
      `Hookyard scale bench · ${generated.deliveries.toLocaleString("en-US")} deliveries, ${generated.attempts.toLocaleString("en-US")} attempts · ${requests} requests per route · p50 / p95 ms`,
      groups.map((g) => ({
        title: g,
        rows: results
          .filter((r) => r.group === g)
          .map((r): Row => {
            const target = r.method === "POST" ? TARGET_PUBLISH_P95_MS : TARGET_READ_P95_MS;
            return { label: r.label, value: `${fmt(r.p50)} / ${fmt(r.p95)}`, target: `p95 < ${target}`, pass: r.errors === 0 && r.p95 < target };
          }),
      })),
      [
        "",
        ...(rollupCheck ? [rollupCheck] : []),
        sizesTable(sizes),
        "",
        `${flags.data ? `reused ${path.relative(root, dataDir)}` : `generated in ${generatedSeconds} s (messages ${round(generated.seconds.messages)} s, deliveries ${round(generated.seconds.deliveries)} s, attempts ${round(generated.seconds.attempts)} s, vacuum ${round(generated.seconds.vacuum)} s)`} · server start ${startupSeconds} s · ${os.cpus().length} CPUs · load ${os.loadavg().map((v) => v.toFixed(2)).join(" ")}`,
      ],
    );
    process.stdout.write(`\n${table}\n`);
    failed = results.some((r) => r.errors > 0 || r.p95 >= (r.method === "POST" ? TARGET_PUBLISH_P95_MS : TARGET_READ_P95_MS));
    const out = path.join(root, "bench", "results");
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, `scale-${stamp}.json`), JSON.stringify({ startedAt: new Date(started).toISOString(), startupSeconds, generated, sizes, results, table }, null, 2));
    log(`wrote bench/results/scale-${stamp}.json`);
  } catch (err) {
    log(`failed: ${(err as Error).stack ?? err}`);
    failed = true;
  } finally {
    await cleanup();
  }
  return failed ? 1 : 0;
}

/** The catalog, tenants and endpoints through the API, then the bulk by SQL. */
async function makeDataset(timer: HttpTimer, client: pg.Client, receiver: ReceiverProcess, secret: string, messages: number, now: Date) {
  for (const name of [...REGULAR_TYPES, RARE_TYPE, NEVER_TYPE]) {
    await timer.call("POST", "/event-types", { name, description: `Scale bench: ${name}`, examplePayload: { orderId: "ord_1" } });
  }
  const tenants: TenantShape[] = [];
  for (let n = 0; n < 20; n++) {
    const tenant = await timer.call<{ id: string }>("POST", "/tenants", { name: `Scale tenant ${n}`, uid: `scale-${n}` });
    const k = n === 0 ? 24 : 4;
    const endpoints: string[] = [];
    for (let j = 0; j < k; j++) {
      const url = receiver.url(`/scale/t${n}/e${j}`);
      const endpoint = await timer.call<{ id: string }>("POST", `/tenants/${tenant.id}/endpoints`, { url, secret, eventTypes: endpointTypes(j, k) });
      endpoints.push(endpoint.id);
    }
    tenants.push({ id: tenant.id, endpoints });
  }
  await timer.call("POST", `/tenants/${tenants[0].id}/api-keys`, { name: "scale bench" });
  await timer.call("POST", `/tenants/${tenants[0].id}/inboxes`, { name: "scale bench" });
  const generated = await generateDataset(client, tenants, { messages, days: 30 }, now, log);
  // Five endpoints in a run of failures, for the overview's list.
  await markFailingEndpoints(client, tenants.slice(1, 6).map((t) => t.endpoints[3]), new Date(now.getTime() - 3 * 86_400_000));
  return { tenants, generated };
}

/** A kept dataset: its tenants and endpoints (in creation order), pointed at this run's receiver. */
async function reuseDataset(client: pg.Client, receiver: ReceiverProcess) {
  const { rows } = await client.query<{ id: string; endpoints: string[] }>(
    `SELECT t.id, array_agg(e.id ORDER BY e."createdAt", e.id) AS endpoints
     FROM "Tenant" t JOIN "Endpoint" e ON e."tenantId" = t.id
     WHERE t.uid LIKE 'scale-%' GROUP BY t.id, t.uid ORDER BY substring(t.uid FROM 7)::int`,
  );
  if (rows.length === 0) throw new Error("--data: no scale bench tenants in that database");
  await client.query(`UPDATE "Endpoint" SET url = regexp_replace(url, '^http://127\\.0\\.0\\.1:[0-9]+', $1)`, [new URL(receiver.url("/")).origin]);
  const counts = await client.query<{ deliveries: string; attempts: string }>(
    `SELECT (SELECT count(*) FROM "Delivery") AS deliveries, (SELECT count(*) FROM "Attempt") AS attempts`,
  );
  const generated: GenerateResult = {
    messages: 0,
    deliveries: Number(counts.rows[0].deliveries),
    attempts: Number(counts.rows[0].attempts),
    seconds: { messages: 0, deliveries: 0, attempts: 0, vacuum: 0 },
  };
  return { tenants: rows, generated };
}

/** The rollups the trigger built while the attempts were inserted, against the rows (when the schema has them). */
async function checkRollups(client: pg.Client): Promise<string | null> {
  const { rows } = await client.query<{ present: boolean }>(`SELECT to_regclass('"AttemptStats"') IS NOT NULL AS present`);
  if (!rows[0].present) return null;
  const { rows: counts } = await client.query<{ rolled: string; raw: string }>(
    `SELECT (SELECT sum(attempts) FROM "AttemptStats" WHERE period = 'hour') AS rolled, (SELECT count(*) FROM "Attempt") AS raw`,
  );
  const { rolled, raw } = counts[0];
  return `Rollups: ${Number(rolled).toLocaleString("en-US")} attempts in AttemptStats, ${Number(raw).toLocaleString("en-US")} Attempt rows ${rolled === raw ? "✓" : "✗"}`;
}

const fmt = (v: number) => (v >= 100 ? v.toFixed(0) : v.toFixed(1));

function sizesTable(sizes: TableSize[]): string {
  const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MB`;
  const lines = ["Table sizes (heap + TOAST / indexes / total; rows estimated)"];
  for (const t of sizes) {
    lines.push(`  ${t.table.padEnd(22)} ${mb(t.heapBytes).padStart(8)} ${mb(t.indexBytes).padStart(8)} ${mb(t.totalBytes).padStart(8)}   ${t.rows.toLocaleString("en-US")} rows`);
    for (const i of t.indexes) lines.push(`    ${i.name.padEnd(52)} ${mb(i.bytes).padStart(8)}`);
  }
  return lines.join("\n");
}
