// Calls our Next.js route handlers as the framework does — a real Request in, a real Response
// out — against the test file's real database. Paths resolve through the app/ folder's own
// [param] segments, so a test names URLs exactly as a client would.
import { readdirSync, statSync } from "node:fs";
import path from "node:path";

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
interface Route {
  pattern: RegExp;
  names: string[];
  file: string;
  catchAll: boolean;
  staticSegments: number;
}

const appDir = path.resolve(import.meta.dirname, "../../app");

function collectRoutes(dir: string, segments: string[] = []): Route[] {
  const routes: Route[] = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) routes.push(...collectRoutes(full, [...segments, entry]));
    else if (entry === "route.ts") {
      const names: string[] = [];
      const regex = segments
        .filter((s) => !/^\(.*\)$/.test(s))
        .map((s) => {
          const param = /^\[(?:\.\.\.)?(.+)\]$/.exec(s);
          if (!param) return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
          names.push(param[1]);
          return s.startsWith("[...") ? "(.+)" : "([^/]+)";
        })
        .join("/");
      routes.push({ pattern: new RegExp(`^/${regex}$`), names, file: full, catchAll: segments.some((s) => s.startsWith("[...")), staticSegments: segments.filter((s) => !s.startsWith("[")).length });
    }
  }
  // Static segments win over dynamic ones, and catch-alls come last, as in Next.
  return routes.sort((a, b) => Number(a.catchAll) - Number(b.catchAll) || a.names.length - b.names.length || b.staticSegments - a.staticSegments);
}

const routes = collectRoutes(appDir);

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface CallOptions {
  key?: string;
  body?: unknown;
  /** A raw body, sent as is (for malformed-JSON and size tests). */
  rawBody?: string | Uint8Array;
  headers?: Record<string, string>;
}

export const BASE_URL = "http://hookyard.test";

export async function call<T = any>(method: string, pathAndQuery: string, opts: CallOptions = {}): Promise<ApiResponse<T>> {
  const url = new URL(pathAndQuery, BASE_URL);
  const route = routes.find((r) => r.pattern.test(url.pathname));
  if (!route) throw new Error(`No route for ${url.pathname}`);
  const match = route.pattern.exec(url.pathname)!;
  const params = Object.fromEntries(route.names.map((n, i) => [n, match[i + 1]]));
  const mod = (await import(route.file)) as Record<string, Handler | undefined>;
  const handler = mod[method];
  if (!handler) return { status: 405, headers: new Headers(), body: null as T, text: "" };
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.key) headers.authorization = `Bearer ${opts.key}`;
  let body: string | Uint8Array | undefined = opts.rawBody;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers["content-type"] ??= "application/json";
  }
  const res = await handler(new Request(url, { method, headers, body: body as BodyInit | undefined }), { params: Promise.resolve(params) });
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = text;
  }
  return { status: res.status, headers: res.headers, body: parsed as T, text };
}

export const get = <T = any>(p: string, key?: string) => call<T>("GET", p, { key });
export const post = <T = any>(p: string, body: unknown, key?: string) => call<T>("POST", p, { key, body });
export const patch = <T = any>(p: string, body: unknown, key?: string) => call<T>("PATCH", p, { key, body });
export const del = <T = any>(p: string, key?: string) => call<T>("DELETE", p, { key });
