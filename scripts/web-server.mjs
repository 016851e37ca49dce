// The production web server (`npm start` runs it through the supervisor; `npm run dev` keeps
// `next dev`). Next.js answers every request, as `next start` would, except a publish
// (`POST /api/v1/tenants/{tenant}/messages`): that goes straight to the route's own compiled
// handler, the module instance Next.js itself loads, so the same code answers it either way.
//
// Why: a publish is the one request a SaaS backend sends at its own event rate, and Next.js's
// routing and request objects cost more CPU than the publish itself. Same build, bench A/B:
// next-server CPU per publish 3.35 → 1.53 ms, closed-loop publishes 164 → 305 /s (README,
// Performance).
//
// Plain JavaScript run by node itself: Next.js loads its server chunks with its own require hooks.
// Usage: node scripts/web-server.mjs [--port N] [--hostname H]   (the `next start` flags we use)
import http from "node:http";
import path from "node:path";
import { parseArgs } from "node:util";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { createRequest, sendResponse } from "@remix-run/node-fetch-server";

const { values: flags } = parseArgs({ options: { port: { type: "string" }, hostname: { type: "string" } } });
const port = Number(flags.port ?? process.env.PORT ?? 3000);
const hostname = flags.hostname; // undefined: every interface, as `next start`
process.env.NODE_ENV = "production";
process.title = "next-server (hookyard)";
const root = fileURLToPath(new URL("..", import.meta.url)); // import.meta.dirname needs Node 20.11
const startedAt = Date.now();

// The requests answered without Next.js's router. A path parameter is taken only when it is
// plain (unreserved characters): anything else, a percent-escape included, goes through Next.js
// and its proxy (proxy.ts), as does every other method, a trailing slash, or any other path.
const DIRECT_ROUTES = [{ method: "POST", path: /^\/api\/v1\/tenants\/([A-Za-z0-9._~-]+)\/messages$/, params: ["tenant"], route: "/api/v1/tenants/[tenant]/messages/route" }];

const { default: next } = await import("next");
const app = next({ dev: false, dir: root, hostname, port });
const nextHandler = app.getRequestHandler();
await app.prepare();
const direct = await Promise.all(DIRECT_ROUTES.map(async (r) => ({ ...r, handler: await compiledRouteHandler(r.route, r.method) })));

/** The handler Next.js would call for `route` (a key of its app-paths manifest), loaded once. */
async function compiledRouteHandler(route, method) {
  const serverDir = path.join(root, process.env.HOOKYARD_NEXT_DIST_DIR || ".next", "server");
  const require = createRequire(path.join(serverDir, "index.js"));
  const file = require("./app-paths-manifest.json")[route];
  if (!file) throw new Error(`${route} is not in the build (${serverDir}); run \`npm run build\``);
  // Next.js requires the same file when it first serves the route: one module instance, one
  // database pool, one set of caches for both paths.
  const { routeModule } = require(path.join(serverDir, file));
  await routeModule.ensureUserland();
  const handler = routeModule.userland[method];
  if (typeof handler !== "function") throw new Error(`${route} has no ${method} handler`);
  return handler;
}

function directRoute(req) {
  const query = req.url.indexOf("?");
  const pathname = query < 0 ? req.url : req.url.slice(0, query);
  for (const r of direct) {
    const match = r.method === req.method && r.path.exec(pathname);
    if (match) return { handler: r.handler, params: Object.fromEntries(r.params.map((name, i) => [name, match[i + 1]])) };
  }
  return null;
}

async function answerDirectly(req, res, { handler, params }) {
  const request = createRequest(req, res);
  // The route wraps its work in apiRoute (lib/api/route.ts), which answers every error itself.
  const response = await handler(request, { params: Promise.resolve(params) }).catch((err) => {
    console.error(err);
    return Response.json({ error: { code: "internal_error", message: "Internal server error" } }, { status: 500 });
  });
  await sendResponse(res, response);
}

const server = http.createServer((req, res) => {
  const route = directRoute(req);
  if (!route) return void nextHandler(req, res);
  answerDirectly(req, res, route).catch((err) => {
    console.error(err);
    res.destroy();
  });
});
server.on("error", (err) => {
  console.error(`the web server could not start: ${err.message}`);
  process.exit(1);
});
server.listen(port, hostname, () => {
  const url = `http://${hostname ?? "localhost"}:${port}`;
  process.env.PORT = String(port);
  console.log(`Ready in ${((Date.now() - startedAt) / 1000).toFixed(1)}s on ${url}`);
});

// As `next start`: stop taking requests, let those in flight finish, exit. In single-process mode
// the supervisor sets NEXT_MANUAL_SIG_HANDLE and lib/runtime/web.ts owns the signals (its
// deliveries in flight get their grace first).
if (!process.env.NEXT_MANUAL_SIG_HANDLE) {
  let stopping = false;
  const stop = (code) => {
    if (stopping) return;
    stopping = true;
    server.close(() => void app.close().finally(() => process.exit(code)));
  };
  process.on("SIGTERM", () => stop(143));
  process.on("SIGINT", () => stop(130));
}
