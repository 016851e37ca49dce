// Makes console output JSON lines, like the logger's (log.ts), wherever logs are JSON (production,
// or HOOKYARD_LOG_FORMAT=json): Next.js's own messages ("▲ Next.js", "✓ Ready", its request
// errors with their stacks) and any library's console.* then reach a log pipeline as one JSON
// object per message. Loaded first thing: `node --import` for the web server (the supervisor
// adds it), imported by the launcher and the worker. Plain JavaScript, no dependency: it runs
// before anything else is loaded.
import { format } from "node:util";

const LEVELS = { debug: "debug", log: "info", info: "info", warn: "warn", error: "error", trace: "debug" };
const ANSI = /\u001b\[[0-9;]*m/g;
const marker = Symbol.for("hookyard.consoleToJson");

function jsonWanted() {
  const configured = process.env.HOOKYARD_LOG_FORMAT;
  if (configured === "json" || configured === "pretty") return configured === "json";
  return (process.env.NODE_ENV ?? "development") !== "development";
}

if (!globalThis[marker]) {
  globalThis[marker] = true;
  for (const [method, level] of Object.entries(LEVELS)) {
    const original = console[method].bind(console);
    console[method] = (...args) => {
      if (!jsonWanted()) return original(...args);
      const msg = format(...args).replace(ANSI, "").trim();
      if (msg === "") return; // Next prints empty lines between its messages
      const worker = process.env.HOOKYARD_WORKER_INDEX;
      const line = {
        level,
        time: new Date().toISOString(),
        process: process.env.HOOKYARD_PROCESS_ROLE || "web",
        pid: process.pid,
        ...(worker ? { worker: Number(worker) + 1 } : {}),
        source: "console",
        msg,
      };
      process.stdout.write(`${JSON.stringify(line)}\n`); // one stream, as the logger's
    };
  }
}
