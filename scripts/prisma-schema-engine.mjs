#!/usr/bin/env node
// Stand-in for Prisma's native schema engine, backed by the published wasm engine
// (scripts/schema-engine-wasm.ts). Prisma 7's CLI downloads the native binary, which this machine
// cannot; pointing PRISMA_SCHEMA_ENGINE_BINARY here lets the stock `prisma generate`,
// `prisma migrate deploy` and `prisma migrate status` run unchanged.
//
// The CLI (node_modules/prisma/build/cli.js, prisma 7.10.0) starts the engine two ways:
//   <engine> --datasource '{"url":…}' cli can-connect-to-database|create-database
//       one-shot; on failure it parses stderr as JSON log lines *after the first line* and wants
//       {"level":"ERROR","target":"schema_engine::logger","fields":{"error_code":"P1003","message":…}}
//   <engine> [--datamodels <schema file>]… --datasource '{"url":…}'
//       JSON-RPC 2.0, one JSON object per line on stdin/stdout; errors it can display carry
//       error.data = {is_panic:false, message, error_code?}.
// Only the first form needs no wasm, so it talks to PostgreSQL through `pg` directly, which also
// gives exact error codes (P1003 makes `migrate deploy` create the database, like the real engine).
import { readFileSync } from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { tsImport } from "tsx/esm/api";

const WASM_VERSION = "8.1.0-2.59be4fda12412a79eeb9c2ae727b6aa723593323";

// stdout is the RPC channel: a stray console.log from a dependency would corrupt it.
for (const level of ["log", "info", "debug", "warn"]) console[level] = console.error;

function parseArgs(argv) {
  const args = { datamodels: [], datasource: null, cli: null, version: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--datamodels") args.datamodels.push(argv[++i]);
    else if (a === "--datasource") args.datasource = JSON.parse(argv[++i]);
    else if (a === "--enabled-preview-features" || a === "--extension-types") i++; // no effect on postgres migrations
    else if (a === "--version" || a === "-V") args.version = true;
    else if (a === "cli") args.cli = argv[++i];
  }
  return args;
}

// A wasm panic traps outside any request's promise and leaves the instance unusable. Answer the
// request in flight (else the CLI may see only the exit) with the panic message, then exit: the CLI
// reports a non-zero exit with the last ERROR line from stderr.
let inFlight = null;
const die = (err) => {
  const { data } = rpcError(err);
  if (inFlight !== null) send({ id: inFlight, error: rpcError(err) });
  logLine("ERROR", { message: data.message });
  process.exit(1);
};
process.on("uncaughtException", die).on("unhandledRejection", die);

const args = parseArgs(process.argv.slice(2));
const { loadSchemaEngine, pgTargetFromUrl } = await tsImport("./schema-engine-wasm.ts", import.meta.url);

function datasourceUrl() {
  const url = args.datasource?.url;
  if (!url) throw new Error("No datasource URL: set `datasource.url` in prisma.config.ts (DATABASE_URL).");
  if (!/^postgres(ql)?:/.test(url)) throw new Error("This wasm-backed schema engine supports postgresql:// URLs only.");
  return url;
}

// ─── `cli <command>` ─────────────────────────────────────────────────────────────────────────

function logLine(level, fields) {
  process.stderr.write(JSON.stringify({ timestamp: new Date().toISOString(), level, fields, target: "schema_engine::logger" }) + "\n");
}

/** The native engine's error codes and wording, so the CLI's messages read as usual. */
function connectionError(err, t) {
  const at = `${t.host}:${t.port}`;
  if (err.code === "3D000") return { error_code: "P1003", message: `Database \`${t.database}\` does not exist on the database server at \`${at}\`.` };
  if (err.code === "28P01" || err.code === "28000")
    return { error_code: "P1000", message: `Authentication failed against database server, the provided database credentials for \`${t.user}\` are not valid.\n\nPlease make sure to provide valid database credentials for the database server at \`${at}\`.` };
  if (["ECONNREFUSED", "ENOTFOUND", "EHOSTUNREACH", "ETIMEDOUT", "EAI_AGAIN"].includes(err.code) || /timeout/i.test(err.message))
    return { error_code: "P1001", message: `Can't reach database server at \`${at}\`\n\nPlease make sure your database server is running at \`${at}\`.` };
  return { message: err.message };
}

async function runCliCommand(command) {
  logLine("INFO", { message: `Starting schema engine CLI (wasm ${WASM_VERSION})` }); // the CLI skips stderr's first line
  let target;
  try {
    target = pgTargetFromUrl(datasourceUrl());
    const { default: pg } = await import("pg");
    const connect = async (database) => {
      const client = new pg.Client({ ...target, database, connectionTimeoutMillis: 10_000 });
      await client.connect();
      return client;
    };
    if (command === "can-connect-to-database") {
      await (await connect(target.database)).end();
    } else if (command === "create-database") {
      const client = await connect("postgres");
      await client.query(`CREATE DATABASE "${target.database.replace(/"/g, '""')}"`);
      await client.end();
    } else {
      throw new Error(`\`cli ${command}\` is not supported by the wasm schema engine shim.`);
    }
    process.exit(0);
  } catch (err) {
    logLine("ERROR", target ? connectionError(err, target) : { message: err.message });
    process.exit(1);
  }
}

// ─── JSON-RPC server ─────────────────────────────────────────────────────────────────────────

// RPC method → wasm SchemaEngine method, where the names differ.
const METHOD_ALIASES = { getDatabaseVersion: "version" };

let enginePromise;
function engine() {
  enginePromise ??= (async () => {
    const datamodels = args.datamodels.map((file) => [file, readFileSync(path.resolve(file), "utf8")]);
    return loadSchemaEngine(pgTargetFromUrl(datasourceUrl()), datamodels);
  })();
  return enginePromise;
}

function rpcError(err) {
  // A wasm panic arrives as RuntimeError("unreachable"); its text went to the panic registry.
  const panic = err instanceof WebAssembly.RuntimeError && globalThis.PRISMA_WASM_PANIC_REGISTRY?.message;
  const message = panic ? `The wasm schema engine panicked: ${panic}` : String(err?.message ?? err);
  // The wasm engine throws Error{name:"SchemaConnectorError", code:"P30xx"} for known errors.
  const data = { is_panic: false, message, meta: null };
  if (typeof err?.code === "string" && /^P\d{4}$/.test(err.code)) data.error_code = err.code;
  return { code: 4466, message: "An error happened. Check the data field for details.", data };
}

async function handle(request) {
  const name = METHOD_ALIASES[request.method] ?? request.method;
  const eng = await engine();
  if (typeof eng[name] !== "function" || name === "free" || name === "constructor")
    throw new Error(`The wasm schema engine does not implement \`${request.method}\` (only migrate deploy/status/resolve/diff are expected to work here).`);
  const result = await eng[name](request.params ?? {});
  // The native engine streams `migrate diff` output to the CLI as a "print" request; the wasm one
  // returns it as result.stdout instead.
  if (name === "diff" && result?.stdout) send({ id: `print-${request.id}`, method: "print", params: { content: result.stdout.replace(/\n$/, "") } });
  return result;
}

function send(msg) {
  process.stdout.write(JSON.stringify({ jsonrpc: "2.0", ...msg }) + "\n");
}

function serve() {
  let queue = Promise.resolve(); // one request at a time: the engine holds a single connection
  const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  rl.on("line", (line) => {
    if (!line.trim()) return;
    let request;
    try {
      request = JSON.parse(line);
    } catch {
      return send({ id: null, error: { code: -32700, message: "Parse error" } });
    }
    if (!request.method) return; // a response to one of our calls: we never make any
    queue = queue.then(async () => {
      inFlight = request.id;
      try {
        const result = await handle(request);
        send({ id: request.id, result: result ?? null });
      } catch (err) {
        send({ id: request.id, error: rpcError(err) });
      }
      inFlight = null;
    });
  });
  // The CLI closes stdin when done; the pg pool would otherwise keep us alive.
  rl.on("close", () => queue.then(() => process.exit(0)));
}

if (args.version) {
  process.stdout.write(`schema-engine-cli ${WASM_VERSION.split(".").pop()} (@prisma/schema-engine-wasm ${WASM_VERSION} via scripts/prisma-schema-engine.mjs)\n`);
} else if (args.cli) {
  await runCliCommand(args.cli);
} else {
  serve();
}
