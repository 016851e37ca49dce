// The one logger of every Hookyard process (supervisor, web server, workers): pino, one JSON
// object per line on stdout, or the same lines made human-readable (pino-pretty) in development.
//
// Each line says which process wrote it (`process`: supervisor, web, worker; `worker`: its index)
// and, through the request context (request-context.ts), the request id and tenant of the API
// request it belongs to, and the trace and span ids when tracing is on.
//
// What is never logged: API keys, signing secrets, the encryption key, passwords, request or
// response headers (custom endpoint headers carry receivers' credentials) and payloads. Callers
// pass ids and outcomes, not objects that might hold those; `redact` is the safety net for the
// field names such objects use.
//
// The level and format are read from process.env directly rather than env(): the logger must work
// while the configuration is invalid, to say so. lib/env.ts still validates them at start.
import pino, { type Logger } from "pino";
import { prettyFactory } from "pino-pretty";
import { processRole, workerNumber, type ProcessRole } from "./process-role";
import { requestLogFields } from "./request-context";
import { traceLogFields } from "./tracing";

export type LogLevel = "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";

/** Field names whose values are replaced wherever they appear (one level deep, or at the top). */
const REDACTED_FIELDS = ["authorization", "cookie", "headers", "secret", "secrets", "password", "token", "apiKey", "key", "encryptionKey", "databaseUrl"];

export interface LogOptions {
  role: ProcessRole;
  /** Extra fields on every line (a worker's index). */
  fields?: Record<string, unknown>;
  level?: LogLevel;
  format?: "json" | "pretty";
  /** Where lines go; stdout unless a test captures them. */
  write?: (line: string) => void;
}

const state = globalThis as unknown as { hookyardLogger?: Logger };

function defaultLevel(): LogLevel {
  const configured = process.env.HOOKYARD_LOG_LEVEL as LogLevel | undefined;
  if (configured) return configured;
  return process.env.NODE_ENV === "test" ? "warn" : "info";
}

function defaultFormat(): "json" | "pretty" {
  const configured = process.env.HOOKYARD_LOG_FORMAT;
  if (configured === "json" || configured === "pretty") return configured;
  return (process.env.NODE_ENV ?? "development") === "development" ? "pretty" : "json";
}

export function createLogger(options: LogOptions): Logger {
  // The CLI's stdout is its output (`--json`): its log lines go to stderr.
  const out = options.role === "cli" ? process.stderr : process.stdout;
  const write = options.write ?? ((line: string) => void out.write(line));
  const format = options.format ?? defaultFormat();
  let destination: { write(line: string): void };
  if (format === "pretty") {
    const prettify = prettyFactory({
      colorize: Boolean(out.isTTY),
      translateTime: "SYS:HH:MM:ss.l",
      ignore: "pid,hostname,process,worker",
      messageFormat: "[{process}{if worker} {worker}{end}] {msg}",
      hideObject: false,
    });
    destination = { write: (line) => write(prettify(line)) };
  } else {
    destination = { write };
  }
  return pino(
    {
      level: options.level ?? defaultLevel(),
      base: { process: options.role, pid: process.pid, ...options.fields },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: [...REDACTED_FIELDS, ...REDACTED_FIELDS.map((f) => `*.${f}`)], censor: "[redacted]" },
      mixin: () => ({ ...requestLogFields(), ...traceLogFields() }),
    },
    destination,
  );
}

/** Replaces this process's logger (tests capture lines with `write`). */
export function configureLogging(options: LogOptions): Logger {
  state.hookyardLogger = createLogger(options);
  return state.hookyardLogger;
}

/** This process's logger, made on first use for the role the process has by then. */
export function logger(): Logger {
  if (!state.hookyardLogger) {
    const worker = workerNumber();
    state.hookyardLogger = createLogger({ role: processRole(), fields: worker ? { worker } : undefined });
  }
  return state.hookyardLogger;
}

/** A `(line) => void` for code that reports progress as lines (the launcher, the executor). */
export function logLines(component?: string, level: "info" | "warn" | "error" = "info"): (line: string) => void {
  let log: Logger | undefined; // made at the first line: by then the process knows its role
  return (line) => {
    log ??= component ? logger().child({ component }) : logger();
    log[level](line);
  };
}

/** An error as log fields: its kind, code and first line — not the whole message, which for
 * database errors can quote the statement's values. The stack stays for errors that are ours. */
export function errorFields(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { error: String(err).slice(0, 500) };
  const code = (err as { code?: unknown }).code;
  const firstLine = err.message.split("\n").find((l) => l.trim()) ?? "";
  return {
    error: firstLine.slice(0, 500),
    errorType: err.name,
    ...(code !== undefined ? { errorCode: String(code) } : {}),
    stack: err.stack?.split("\n").filter((l) => l.trimStart().startsWith("at ")).slice(0, 12).join("\n"),
  };
}
