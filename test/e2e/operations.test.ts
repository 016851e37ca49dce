// `npm start` as an operator runs it (the supervisor, the built Next.js server and two workers):
// every line the tree writes is JSON naming its process; /api/metrics (with its token) and each
// worker's /metrics serve what happened; the publisher's trace reaches an OTLP collector from the
// web server and from the worker that delivered.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "../../lib/auth/api-keys";
import { db } from "../../lib/db/client";
import { env } from "../../lib/env";
import { startCollector, type Collector } from "../helpers/otlp-collector";
import { parseExposition, valueOf } from "../helpers/prometheus";
import { startReceiver, type Receiver } from "../helpers/receiver";
import { freePort } from "./helpers/server";

const root = path.resolve(import.meta.dirname, "../..");
const TOKEN = "e2e-metrics-token-0123456789";
const TRACE = "5b8efff798038103d269b633813fc60c";

let child: ChildProcess;
const output: string[] = [];
let url: string;
let workerPorts: number[];
let receiver: Receiver;
let collector: Collector;
let adminKey: string;
let dataDir: string;
let publishResponse: Response;

async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await Promise.resolve().then(check).catch(() => false))) {
    if (child.exitCode !== null) throw new Error(`Hookyard exited while waiting for ${what}:\n${output.join("")}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}:\n${output.join("").slice(-5000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Two consecutive free ports for the two workers' health ports. */
async function twoPorts(): Promise<number[]> {
  for (;;) {
    const first = await freePort();
    const net = await import("node:net");
    const second = await new Promise<boolean>((resolve) => {
      const s = net.createServer().once("error", () => resolve(false));
      s.listen(first + 1, "127.0.0.1", () => s.close(() => resolve(true)));
    });
    if (second) return [first, first + 1];
  }
}

beforeAll(async () => {
  receiver = await startReceiver();
  collector = await startCollector();
  adminKey = (await createApiKey(db(), { name: "ops e2e", scope: "admin", tenantId: null })).key;
  const port = await freePort();
  workerPorts = await twoPorts();
  dataDir = mkdtempSync(path.join(os.tmpdir(), "hookyard-ops-e2e-"));
  url = `http://127.0.0.1:${port}`;
  child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", path.join(root, "scripts", "start.ts"), "start"], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      HOSTNAME_BIND: "127.0.0.1",
      DATABASE_URL: env().DATABASE_URL!,
      HOOKYARD_DATA_DIR: dataDir,
      HOOKYARD_EXECUTOR: "local",
      HOOKYARD_WORKERS: "2",
      HOOKYARD_WORKER_PORT: String(workerPorts[0]),
      HOOKYARD_METRICS_TOKEN: TOKEN,
      HOOKYARD_ALLOW_HTTP: "true",
      HOOKYARD_ALLOW_PRIVATE_URLS: "true",
      NEXTAUTH_SECRET: "e2e-secret",
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.endpoint,
      OTEL_BSP_SCHEDULE_DELAY: "100",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d) => output.push(String(d)));
  child.stderr!.on("data", (d) => output.push(String(d)));
  await until("the web server", async () => (await fetch(`${url}/api/health`)).ok);
  for (const p of workerPorts) await until(`worker health on ${p}`, async () => (await fetch(`http://127.0.0.1:${p}/health`)).ok);

  const api = (method: string, p: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${url}/api/v1${p}`, { method, headers: { authorization: `Bearer ${adminKey}`, "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  const tenant = await (await api("POST", "/tenants", { name: "ops" })).json();
  await api("POST", "/event-types", { name: "ops.happened" });
  await api("POST", `/tenants/${tenant.id}/endpoints`, { url: receiver.url });
  publishResponse = await api("POST", `/tenants/${tenant.id}/messages`, { eventType: "ops.happened", payload: { n: 1 } }, { traceparent: `00-${TRACE}-a3ce929d0e0e4736-01` });
  expect(publishResponse.status).toBe(202);
  await receiver.waitFor(1, 30_000);
}, 240_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await exited;
  }
  await receiver?.close();
  await collector?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe("npm start, operated", () => {
  it("answers each API request with a request id", () => {
    expect(publishResponse.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("serves /api/metrics only with its token, then the web server's and the database's metrics", async () => {
    expect((await fetch(`${url}/api/metrics`)).status).toBe(401);
    const res = await fetch(`${url}/api/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    const families = parseExposition(await res.text());
    expect(valueOf(families, "hookyard_messages_published_total", { process: "web", kind: "event" })).toBe(1);
    expect(valueOf(families, "hookyard_http_requests_total", { route: "/api/v1/tenants/[tenant]/messages", method: "POST", status: "202" })).toBe(1);
    expect(valueOf(families, "hookyard_database_up")).toBe(1);
    expect(families.get("process_resident_memory_bytes")?.samples[0].value).toBeGreaterThan(0);
  });

  it("serves each worker's metrics on its health port; together they made the one attempt", async () => {
    let attempts = 0;
    for (const p of workerPorts) {
      expect((await fetch(`http://127.0.0.1:${p}/metrics`)).status).toBe(401); // the token applies here too
      const res = await fetch(`http://127.0.0.1:${p}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
      const families = parseExposition(await res.text());
      attempts += valueOf(families, "hookyard_attempts_total", { process: "worker", outcome: "succeeded" });
    }
    expect(attempts).toBe(1);
  });

  it("exports one trace from the caller's traceparent through the web server to the worker", async () => {
    const spans = await collector.waitFor((s) => s.some((x) => x.name === "hookyard.attempt" && x.traceId === TRACE));
    const inTrace = spans.filter((s) => s.traceId === TRACE);
    const publish = inTrace.find((s) => s.name === "hookyard.publish")!;
    const fanOut = inTrace.find((s) => s.name === "hookyard.fan_out")!;
    const attempt = inTrace.find((s) => s.name === "hookyard.attempt")!;
    expect(publish.service).toBe("hookyard-web");
    expect(fanOut.parentSpanId).toBe(publish.spanId);
    expect(attempt).toMatchObject({ service: "hookyard-worker", parentSpanId: fanOut.spanId });
  });

  it("writes only JSON lines, from the supervisor, the web server (Next.js's own messages too) and the workers", () => {
    const lines = output.join("").split("\n").filter((l) => l.trim() !== "");
    const parsed = lines.map((l) => {
      try {
        return JSON.parse(l) as Record<string, unknown>;
      } catch {
        throw new Error(`not a JSON line: ${l}`);
      }
    });
    const processes = new Set(parsed.map((l) => l.process));
    expect([...processes].sort()).toEqual(["supervisor", "web", "worker"]);
    expect(parsed).toContainEqual(expect.objectContaining({ process: "web", source: "console", msg: expect.stringContaining("Ready") }));
    expect(parsed).toContainEqual(expect.objectContaining({ process: "web", msg: "request", route: "/api/v1/tenants/[tenant]/messages", status: 202 }));
    expect(new Set(parsed.filter((l) => l.process === "worker").map((l) => l.worker))).toEqual(new Set([1, 2]));
  });
});
