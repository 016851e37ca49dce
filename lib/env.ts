// Every environment variable Hookyard reads, declared and validated once with zod. Nothing is
// required: with no DATABASE_URL the embedded PostgreSQL in HOOKYARD_DATA_DIR is used.
// The rest of the code imports `env()`, never `process.env`.
import path from "node:path";
import { z } from "zod";
import { parseDuration } from "./duration";
import { parsePortalOrigins, type OriginPattern } from "./http/origins";

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");

/** A duration such as `500ms`, `15s`, `5m` (lib/duration.ts), as milliseconds. */
const duration = (min: number, max: number) =>
  z.string().transform((text, ctx) => {
    const ms = parseDuration(text);
    if (ms === null) ctx.addIssue({ code: "custom", message: `"${text}" is not a duration like 500ms, 15s or 5m` });
    else if (ms < min || ms > max) ctx.addIssue({ code: "custom", message: `must be between ${min} ms and ${max} ms, got ${ms} ms` });
    return ms ?? 0;
  });

/** HOOKYARD_TRUST_PROXY: false/0 (default), true (= 1), or how many proxies sit in front (1-10). */
const trustProxy = z
  .string()
  .trim()
  .toLowerCase()
  .transform((v, ctx) => {
    if (["false", "no", "0", ""].includes(v)) return 0;
    if (["true", "yes"].includes(v)) return 1;
    if (/^([1-9]|10)$/.test(v)) return Number(v);
    ctx.addIssue({ code: "custom", message: "must be true, false, or the number of proxies in front (1-10)" });
    return z.NEVER;
  });

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.url().optional(),
  HOOKYARD_DATA_DIR: z.string().default(".data"),
  /** 32 bytes, base64 or hex. Generated into the data dir by the embedded default. */
  HOOKYARD_ENCRYPTION_KEY: z.string().optional(),
  HOOKYARD_PUBLIC_URL: z.url().optional(),
  /** Hookyard sits behind this many reverse proxies: believe their X-Forwarded-Host/Proto/For. */
  HOOKYARD_TRUST_PROXY: trustProxy.default(0),
  /** The operator's sites that may show the tenant portal in an iframe (lib/http/origins.ts). */
  HOOKYARD_PORTAL_ORIGINS: z.string().default(""),
  HOOKYARD_BOOTSTRAP_ADMIN_KEY: z.string().startsWith("hy_").min(20).optional(),
  HOOKYARD_ALLOW_HTTP: bool.optional(),
  HOOKYARD_ALLOW_PRIVATE_URLS: bool.optional(),
  HOOKYARD_EXECUTOR: z.enum(["local", "inngest", "none"]).default("local"),
  HOOKYARD_RETRY_SCHEDULE: z.string().optional(),
  /** How long an endpoint may fail without a success before it is disabled, e.g. `5d`, `30s`. */
  HOOKYARD_DISABLE_AFTER: z.string().default("5d"),
  /** How long a worker's claim on a delivery lasts without renewal. The holder renews it every
   * third of this while its request is in flight, so it only runs out when the holder is gone:
   * it is how soon a crashed worker's deliveries are picked up again. */
  HOOKYARD_LEASE_SECONDS: z.coerce.number().min(3).max(3600).default(30),
  HOOKYARD_MAX_PAYLOAD_BYTES: z.coerce.number().int().positive().default(256 * 1024),
  HOOKYARD_DB_POOL_SIZE: z.coerce.number().int().positive().default(20),
  /** Opening a database connection, or waiting for a pooled one in a burst, gives up after this long. */
  HOOKYARD_DB_CONNECT_TIMEOUT: duration(100, 60_000).prefault("5s"),
  /** A statement gives up after this long — also when the server is frozen and would never
   * answer — so a database outage turns into a quick 503, never a hung request. */
  HOOKYARD_DB_QUERY_TIMEOUT: duration(100, 600_000).prefault("10s"),
  /** Worker processes `npm start` / `npm run dev` run beside the web server. 0: the web server
   * delivers itself (single-process mode, for tiny installs). */
  HOOKYARD_WORKERS: z.coerce.number().int().min(0).max(64).default(1),
  /** The first worker's health port (the next ones count up); unset: no health port. */
  HOOKYARD_WORKER_PORT: z.coerce.number().int().min(1).max(65_535).optional(),
  // Attempts in flight per worker process. An attempt waiting on a receiver costs a socket and a
  // few KB, not a database connection, so the bound is generous: it must hold every tenant's
  // share while some tenants' endpoints hang (see lib/executors/local/fair-share.ts).
  HOOKYARD_WORKER_CONCURRENCY: z.coerce.number().int().min(4).max(10_000).default(256),
  /** Attempts in flight per tenant per worker: one tenant's dead endpoints hold at most this.
   * Unset: half the worker's slots, at most 128 (see DEFAULT_PER_TENANT). */
  HOOKYARD_WORKER_CONCURRENCY_PER_TENANT: z.coerce.number().int().positive().optional(),
  // Per endpoint: a receiver sees at most this many requests at once per worker (one answering in
  // 100 ms gets 640/s per worker at 64). Unset: 64, at most the per-tenant bound.
  HOOKYARD_WORKER_CONCURRENCY_PER_ENDPOINT: z.coerce.number().int().positive().optional(),
  /** Messages (with their deliveries and attempts) are deleted this long after they were published,
   * unless a tenant says otherwise (Tenant.retentionDays) or a delivery of theirs is still pending. */
  HOOKYARD_RETENTION: duration(10_000, 36_500 * 86_400_000).prefault("30d"),
  /** On SIGTERM a worker lets its requests in flight run this long before cutting them short. */
  HOOKYARD_SHUTDOWN_GRACE: duration(0, 600_000).prefault("15s"),
  NEXTAUTH_SECRET: z.string().optional(),
  NEXTAUTH_URL: z.url().optional(),
  GITHUB_ID: z.string().optional(),
  GITHUB_SECRET: z.string().optional(),
  /** Enables email magic-link sign-in: `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://…:465`. */
  HOOKYARD_SMTP_URL: z.url({ protocol: /^smtps?$/, hostname: /./, error: "must be an smtp:// or smtps:// URL" }).optional(),
  /** The From of sign-in emails. */
  HOOKYARD_EMAIL_FROM: z.string().trim().min(3).max(320).default("Hookyard <hookyard@localhost>"),
  INNGEST_DEV: z.string().optional(),
  INNGEST_EVENT_KEY: z.string().optional(),
  INNGEST_SIGNING_KEY: z.string().optional(),
  INNGEST_BASE_URL: z.url().optional(),
  // Operating Hookyard (README): metrics, logs, traces, processes in containers.
  /** Wanted as `Authorization: Bearer …` by GET /api/metrics and the workers' GET /metrics.
   * Unset: /api/metrics is open in development and off in production. */
  HOOKYARD_METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  /** The address the workers' health ports listen on (0.0.0.0 in a container, to be scraped). */
  HOOKYARD_WORKER_HOST: z.string().min(1).default("127.0.0.1"),
  /** Workers run elsewhere (other containers or machines, `npm run worker`): the web server
   * starts none and does not deliver itself. */
  HOOKYARD_EXTERNAL_WORKERS: bool.default(false),
  /** Read by the logger itself (lib/observability/log.ts); declared here to be validated. */
  HOOKYARD_LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional(),
  HOOKYARD_LOG_FORMAT: z.enum(["json", "pretty"]).optional(),
  /** What the container's HEALTHCHECK asks (scripts/healthcheck.mjs reads it): a worker's
   * health port; unset, the web server's /api/health. */
  HOOKYARD_HEALTH_URL: z.url().optional(),
  /** Traces are exported over OTLP/HTTP when this is set (lib/observability/tracing.ts). */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  OTEL_SERVICE_NAME: z.string().optional(),
});

/** The bounds' defaults; each follows the bound above it when that is set lower. */
const DEFAULT_PER_TENANT = 128;
const DEFAULT_PER_ENDPOINT = 64;

type ParsedEnv = z.infer<typeof envSchema>;

export type Env = Omit<ParsedEnv, "HOOKYARD_WORKER_CONCURRENCY_PER_TENANT" | "HOOKYARD_WORKER_CONCURRENCY_PER_ENDPOINT"> & {
  HOOKYARD_WORKER_CONCURRENCY_PER_TENANT: number;
  HOOKYARD_WORKER_CONCURRENCY_PER_ENDPOINT: number;
  /** Absolute path of HOOKYARD_DATA_DIR. */
  dataDir: string;
  /** Plain http:// endpoint URLs are accepted (always outside production). */
  allowHttp: boolean;
  /** Endpoints may resolve to loopback/private addresses (always outside production). */
  allowPrivateUrls: boolean;
  /** HOOKYARD_PORTAL_ORIGINS, parsed: who may frame the portal (empty: nobody). */
  portalOrigins: OriginPattern[];
};

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  // An empty variable is an unset one (compose files pass `${VAR:-}` through as "").
  const parsed = envSchema.safeParse(Object.fromEntries(Object.entries(process.env).filter(([, value]) => value !== "")));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid Hookyard configuration:\n${problems}`);
  }
  const set = parsed.data;
  const perTenant = set.HOOKYARD_WORKER_CONCURRENCY_PER_TENANT ?? Math.min(DEFAULT_PER_TENANT, Math.ceil(set.HOOKYARD_WORKER_CONCURRENCY / 2));
  const e = {
    ...set,
    HOOKYARD_WORKER_CONCURRENCY_PER_TENANT: perTenant,
    HOOKYARD_WORKER_CONCURRENCY_PER_ENDPOINT: set.HOOKYARD_WORKER_CONCURRENCY_PER_ENDPOINT ?? Math.min(DEFAULT_PER_ENDPOINT, perTenant),
  };
  const production = e.NODE_ENV === "production";
  const bounds: string[] = [];
  if (e.HOOKYARD_WORKER_CONCURRENCY_PER_TENANT > e.HOOKYARD_WORKER_CONCURRENCY) {
    bounds.push(`  HOOKYARD_WORKER_CONCURRENCY_PER_TENANT: ${e.HOOKYARD_WORKER_CONCURRENCY_PER_TENANT} is more than HOOKYARD_WORKER_CONCURRENCY (${e.HOOKYARD_WORKER_CONCURRENCY})`);
  }
  if (e.HOOKYARD_WORKER_CONCURRENCY_PER_ENDPOINT > e.HOOKYARD_WORKER_CONCURRENCY_PER_TENANT) {
    bounds.push(`  HOOKYARD_WORKER_CONCURRENCY_PER_ENDPOINT: ${e.HOOKYARD_WORKER_CONCURRENCY_PER_ENDPOINT} is more than HOOKYARD_WORKER_CONCURRENCY_PER_TENANT (${e.HOOKYARD_WORKER_CONCURRENCY_PER_TENANT})`);
  }
  const portal = parsePortalOrigins(e.HOOKYARD_PORTAL_ORIGINS, production);
  bounds.push(...portal.problems.map((p) => `  HOOKYARD_PORTAL_ORIGINS: ${p}`));
  if (bounds.length) throw new Error(`Invalid Hookyard configuration:\n${bounds.join("\n")}`);
  if (production && e.HOOKYARD_SMTP_URL && !e.HOOKYARD_PUBLIC_URL && !e.NEXTAUTH_URL) {
    // Built from the request's Host header, a sign-in link could be pointed at someone else's
    // site by whoever asks for it (and the token would go there when the user clicks).
    throw new Error(
      "Invalid Hookyard configuration:\n  HOOKYARD_SMTP_URL: email sign-in in production needs HOOKYARD_PUBLIC_URL (or NEXTAUTH_URL) for the links it sends",
    );
  }
  cached = {
    ...e,
    dataDir: path.resolve(e.HOOKYARD_DATA_DIR),
    allowHttp: e.HOOKYARD_ALLOW_HTTP ?? !production,
    allowPrivateUrls: e.HOOKYARD_ALLOW_PRIVATE_URLS ?? !production,
    portalOrigins: portal.origins,
  };
  return cached;
}

/** Forgets the parsed copy: after prepareDatabase() fills in generated values, and in tests. */
export function reloadEnv(): void {
  cached = undefined;
}
