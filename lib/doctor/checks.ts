// The checks of `npm run doctor`, each a function of what the doctor found (the configuration and,
// when it answers, a connection to the database) returning its findings. None changes anything:
// no migration is applied, no secret is generated or written.
import type pg from "pg";
import { smtpTransport } from "../auth/magic-link";
import { decrypt, parseEncryptionKey } from "../crypto/encryption";
import { keptPlanPoolSize } from "../db/client";
import { migrationStatus } from "../db/migrate";
import { claimable } from "../delivery/lease";
import type { Env } from "../env";
import type { Finding } from "./findings";

export interface DoctorContext {
  env: Env;
  production: boolean;
  /** Connected, when the database answered. */
  client?: pg.Client;
  databaseUrl?: string;
  /** The encryption key Hookyard would use, and where it comes from. */
  encryptionKey?: { value: string; source: string };
  /** The clock to compare with the database's (tests replace it). */
  now?: () => number;
}

const SKEW_WARN_MS = 1_000;
const SKEW_FAIL_MS = 5_000;
const SECRETS_SAMPLED = 200;
const BACKLOG_WARN_SECONDS = 300;

export async function checkMigrations(ctx: DoctorContext): Promise<Finding[]> {
  if (!ctx.databaseUrl || !ctx.client) return [];
  const status = await migrationStatus(ctx.databaseUrl);
  const findings: Finding[] = [];
  if (status.failed.length) {
    findings.push({
      check: "Migrations",
      status: "fail",
      summary: `failed earlier and never finished: ${status.failed.join(", ")}`,
      fix: "Look at _prisma_migrations and the database's log; fix what stopped it, delete its row, and start Hookyard again.",
    });
  }
  if (status.pending.length) {
    findings.push({
      check: "Migrations",
      status: "fail",
      summary: `${status.pending.length} not applied: ${status.pending.join(", ")}`,
      fix: "Start Hookyard (`npm start` applies them) or run `npm run cli -- migrate`.",
    });
  }
  if (status.modified.length) {
    findings.push({ check: "Migrations", status: "warn", summary: `changed after they were applied: ${status.modified.join(", ")}`, fix: "Restore those files from this version's release: migrations are never edited once applied." });
  }
  if (status.unknown.length) {
    findings.push({
      check: "Migrations",
      status: "warn",
      summary: `the database has migrations this code does not: ${status.unknown.join(", ")}`,
      fix: "A newer Hookyard migrated this database: run that version here too.",
    });
  }
  if (findings.length === 0) findings.push({ check: "Migrations", status: "ok", summary: "all applied" });
  return findings;
}

export async function checkEncryptionKey(ctx: DoctorContext): Promise<Finding[]> {
  const key = ctx.encryptionKey;
  if (!key) {
    const stored = ctx.client ? Number((await ctx.client.query<{ n: string }>(`SELECT count(*) AS n FROM "EndpointSecret"`)).rows[0].n) : 0;
    if (stored > 0) {
      return [{ check: "Encryption key", status: "fail", summary: `none, and ${stored} endpoint secrets are stored: HOOKYARD_ENCRYPTION_KEY is not set and the data directory holds none`, fix: "Set HOOKYARD_ENCRYPTION_KEY to the key they were sealed with (32 bytes, base64 or hex)." }];
    }
    return ctx.production
      ? [{ check: "Encryption key", status: "warn", summary: "not set: one will be generated into the data directory at the first start", fix: "Set HOOKYARD_ENCRYPTION_KEY (`openssl rand -base64 32`) and keep it: every process needs the same one." }]
      : [{ check: "Encryption key", status: "info", summary: "generated into the data directory at the first start (fine in development)" }];
  }
  let parsed: Buffer;
  try {
    parsed = parseEncryptionKey(key.value);
  } catch (err) {
    return [{ check: "Encryption key", status: "fail", summary: `${key.source}: ${(err as Error).message}`, fix: "Generate one with `openssl rand -base64 32` — but a key already used must be kept, or the stored secrets are lost." }];
  }
  const findings: Finding[] = [];
  if (ctx.production && key.source !== "HOOKYARD_ENCRYPTION_KEY" && ctx.env.DATABASE_URL) {
    findings.push({
      check: "Encryption key",
      status: "warn",
      summary: `taken from ${key.source}, not from HOOKYARD_ENCRYPTION_KEY`,
      fix: "Set HOOKYARD_ENCRYPTION_KEY: every process on this database needs the same key, and a container's data directory does not survive it.",
    });
  }
  if (!ctx.client) return findings;
  // The newest and the oldest secrets: a key changed at some point shows at either end.
  const { rows } = await ctx.client.query<{ encrypted: string }>(
    `(SELECT encrypted FROM "EndpointSecret" ORDER BY "createdAt" DESC LIMIT $1)
     UNION ALL (SELECT encrypted FROM "EndpointSecret" ORDER BY "createdAt" ASC LIMIT $1)`,
    [SECRETS_SAMPLED / 2],
  );
  const sealed = [...new Set(rows.map((r) => r.encrypted))];
  if (sealed.length === 0) {
    findings.push({ check: "Encryption key", status: "ok", summary: `${key.source}: valid; no endpoint secret stored yet` });
    return findings;
  }
  const unreadable = sealed.filter((s) => {
    try {
      decrypt(s, parsed);
      return false;
    } catch {
      return true;
    }
  }).length;
  if (unreadable > 0) {
    findings.push({
      check: "Encryption key",
      status: "fail",
      summary: `${unreadable} of ${sealed.length} stored endpoint secrets do not decrypt with the key from ${key.source}`,
      fix: "Set HOOKYARD_ENCRYPTION_KEY to the key they were sealed with. Deliveries to those endpoints fail until then.",
    });
  } else {
    findings.push({ check: "Encryption key", status: "ok", summary: `${key.source}: decrypts the ${sealed.length} stored secrets checked` });
  }
  return findings;
}

export function checkPublicUrl(ctx: DoctorContext): Finding[] {
  const url = ctx.env.HOOKYARD_PUBLIC_URL ?? ctx.env.NEXTAUTH_URL;
  const name = ctx.env.HOOKYARD_PUBLIC_URL ? "HOOKYARD_PUBLIC_URL" : "NEXTAUTH_URL";
  if (!url) {
    return ctx.production
      ? [{ check: "Public URL", status: "fail", summary: "not set", fix: "Set HOOKYARD_PUBLIC_URL to the address users reach Hookyard at (https://hookyard.example.com): sign-in callbacks, emailed links and test inbox URLs are built from it." }]
      : [{ check: "Public URL", status: "info", summary: "not set: links use each request's own address (fine in development)" }];
  }
  if (ctx.production && new URL(url).protocol !== "https:") {
    return [{ check: "Public URL", status: "warn", summary: `${name} is ${url}, not https`, fix: "Serve Hookyard over https: session cookies are marked Secure only then." }];
  }
  return [{ check: "Public URL", status: "ok", summary: `${name} = ${url}` }];
}

export function checkSessionSecret(ctx: DoctorContext): Finding[] {
  if (process.env.NEXTAUTH_SECRET) return [{ check: "Session secret", status: "ok", summary: "NEXTAUTH_SECRET is set" }];
  return ctx.production
    ? [{ check: "Session secret", status: "warn", summary: "NEXTAUTH_SECRET is not set: one is generated into the data directory", fix: "Set NEXTAUTH_SECRET (`openssl rand -base64 32`): every web server needs the same one, or sessions end at each restart of a container." }]
    : [{ check: "Session secret", status: "info", summary: "generated into the data directory (fine in development)" }];
}

export async function checkSmtp(ctx: DoctorContext): Promise<Finding[]> {
  const smtp = ctx.env.HOOKYARD_SMTP_URL;
  if (!smtp) return [{ check: "SMTP", status: "info", summary: "HOOKYARD_SMTP_URL is not set: no email sign-in links" }];
  const where = new URL(smtp).host;
  const transporter = smtpTransport(smtp);
  try {
    await transporter.verify();
    return [{ check: "SMTP", status: "ok", summary: `${where} accepts our connection and login` }];
  } catch (err) {
    return [{ check: "SMTP", status: "fail", summary: `${where}: ${(err as Error).message}`, fix: "Check HOOKYARD_SMTP_URL (host, port, smtp:// with STARTTLS or smtps://, user and password) and that this machine may reach it." }];
  } finally {
    transporter.close();
  }
}

export async function checkExecutor(ctx: DoctorContext): Promise<Finding[]> {
  const e = ctx.env;
  if (e.HOOKYARD_EXECUTOR === "none") {
    return [{ check: "Executor", status: "warn", summary: "HOOKYARD_EXECUTOR=none: nothing delivers", fix: "Unset it (local workers) or set it to inngest." }];
  }
  if (e.HOOKYARD_EXECUTOR === "local") {
    const where = e.HOOKYARD_EXTERNAL_WORKERS ? "workers started elsewhere (HOOKYARD_EXTERNAL_WORKERS)" : e.HOOKYARD_WORKERS === 0 ? "the web server delivers itself (HOOKYARD_WORKERS=0)" : `${e.HOOKYARD_WORKERS} worker process(es) beside the web server`;
    return [{ check: "Executor", status: "ok", summary: `local: ${where}` }];
  }
  const findings: Finding[] = [];
  if (e.INNGEST_DEV) {
    findings.push(
      ctx.production
        ? { check: "Inngest", status: "warn", summary: "INNGEST_DEV is set in production", fix: "Unset INNGEST_DEV and set INNGEST_EVENT_KEY and INNGEST_SIGNING_KEY: the dev mode does not check who calls /api/inngest." }
        : { check: "Inngest", status: "ok", summary: "dev server mode (INNGEST_DEV)" },
    );
  } else {
    const missing = (["INNGEST_EVENT_KEY", "INNGEST_SIGNING_KEY"] as const).filter((k) => !e[k]);
    if (missing.length) {
      findings.push({ check: "Inngest", status: "fail", summary: `${missing.join(" and ")} not set`, fix: "Set both, the same as your Inngest server's --event-key and --signing-key (or Inngest Cloud's)." });
    } else if (!/^(signkey-[a-z]+-)?([0-9a-f]{2})+$/i.test(e.INNGEST_SIGNING_KEY!)) {
      // Inngest Cloud's keys are signkey-<env>-<hex>; a self-hosted server's are the hex alone.
      findings.push({ check: "Inngest", status: "warn", summary: "INNGEST_SIGNING_KEY is not hexadecimal (or signkey-<env>-<hex>)", fix: "Use the key exactly as Inngest shows it; a self-hosted server's is `openssl rand -hex 32`." });
    } else findings.push({ check: "Inngest", status: "ok", summary: "event and signing keys set" });
  }
  if (e.INNGEST_BASE_URL) {
    try {
      await fetch(e.INNGEST_BASE_URL, { signal: AbortSignal.timeout(5_000) });
      findings.push({ check: "Inngest", status: "ok", summary: `${e.INNGEST_BASE_URL} answers` });
    } catch (err) {
      findings.push({ check: "Inngest", status: "fail", summary: `${e.INNGEST_BASE_URL} does not answer (${(err as Error).message})`, fix: "Start the Inngest server, or correct INNGEST_BASE_URL." });
    }
  }
  return findings;
}

export async function checkClock(ctx: DoctorContext): Promise<Finding[]> {
  if (!ctx.client) return [];
  const now = ctx.now ?? Date.now;
  const sent = now();
  const { rows } = await ctx.client.query<{ at: Date }>("SELECT clock_timestamp() AS at");
  const received = now();
  const skew = rows[0].at.getTime() - (sent + received) / 2;
  const text = `${skew >= 0 ? "database ahead" : "database behind"} by ${Math.abs(Math.round(skew))} ms (±${Math.ceil((received - sent) / 2)} ms)`;
  if (Math.abs(skew) <= SKEW_WARN_MS) return [{ check: "Clock", status: "ok", summary: text }];
  return [
    {
      check: "Clock",
      status: Math.abs(skew) > SKEW_FAIL_MS ? "fail" : "warn",
      summary: text,
      fix: "Synchronise this machine's clock and the database server's (NTP): retry times are set by the workers' clocks and leases by the database's, so skew delays or hurries retries.",
    },
  ];
}

export async function checkCapacity(ctx: DoctorContext): Promise<Finding[]> {
  if (!ctx.client) return [];
  const e = ctx.env;
  const findings: Finding[] = [];
  const { rows } = await ctx.client.query<{ max: number; reserved: number }>(
    "SELECT current_setting('max_connections')::int AS max, current_setting('superuser_reserved_connections')::int AS reserved",
  );
  const workers = e.HOOKYARD_EXECUTOR === "local" && !e.HOOKYARD_EXTERNAL_WORKERS ? e.HOOKYARD_WORKERS : 0;
  // Each process's pool, plus each worker's LISTEN connection and the pool of its claims and
  // records (keptPlanDb) — the web server's own when it delivers (single-process mode, Inngest).
  const delivering = workers > 0 ? workers : e.HOOKYARD_EXTERNAL_WORKERS ? 0 : 1;
  const needed = (1 + workers) * e.HOOKYARD_DB_POOL_SIZE + workers + delivering * keptPlanPoolSize(e.HOOKYARD_DB_POOL_SIZE);
  const available = rows[0].max - rows[0].reserved;
  findings.push(
    needed > available
      ? { check: "Connections", status: "warn", summary: `this machine's processes may open ${needed} connections; the server allows ${available}`, fix: "Lower HOOKYARD_DB_POOL_SIZE or raise the server's max_connections (more machines sharing the database add theirs)." }
      : { check: "Connections", status: "ok", summary: `up to ${needed} of the server's ${available} from this machine's processes` },
  );
  const backlog = await ctx.client
    .query<{ oldest: number | null }>(`SELECT EXTRACT(EPOCH FROM now() - min("nextAttemptAt"))::float8 AS oldest FROM "Delivery" d WHERE ${claimable("d").sql}`)
    .catch(() => null);
  const oldest = backlog?.rows[0]?.oldest;
  if (oldest && oldest > BACKLOG_WARN_SECONDS) {
    findings.push({ check: "Backlog", status: "warn", summary: `the oldest due delivery has waited ${Math.round(oldest / 60)} min`, fix: "Are the workers running? Their health ports and `hookyard_attempts_in_flight` say whether they are busy." });
  }
  return findings;
}

export function checkExposure(ctx: DoctorContext): Finding[] {
  const e = ctx.env;
  const findings: Finding[] = [];
  if (ctx.production && e.allowPrivateUrls) {
    findings.push({ check: "SSRF guard", status: "warn", summary: "HOOKYARD_ALLOW_PRIVATE_URLS is on in production", fix: "Unset it unless endpoints must reach your private network: tenants could aim webhooks at internal services." });
  }
  if (ctx.production && !e.HOOKYARD_METRICS_TOKEN) {
    findings.push({ check: "Metrics", status: "info", summary: "HOOKYARD_METRICS_TOKEN is not set: /api/metrics is off (the workers' health ports still serve theirs)" });
  } else if (e.HOOKYARD_METRICS_TOKEN) findings.push({ check: "Metrics", status: "ok", summary: "/api/metrics wants the token" });
  return findings;
}
