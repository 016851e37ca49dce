// Serves next-auth's /api/auth/* routes from a plain Web Request.
//
// next-auth 4's App Router entry reads the request through next/headers and takes its base URL
// (the one in email sign-in links and OAuth redirect URIs) only from NEXTAUTH_URL, falling back to
// http://localhost:3000 — or, with AUTH_TRUST_HOST, to the Host header, assuming https when no
// x-forwarded-proto says otherwise. We call next-auth's request/response entry (the documented
// `NextAuth(req, res, options)` form) with the request's own body, cookies and headers, and with
// host and protocol set to Hookyard's public origin (HOOKYARD_PUBLIC_URL, else the request's
// origin: lib/request-origin.ts publicOrigin). NEXTAUTH_URL, when set, still wins, as next-auth
// documents. The handler needs nothing from Next's request scope, so tests call it as it is.
import "server-only";
import NextAuth from "next-auth";
import { badRequest } from "../errors";
import { errorResponse } from "./errors";
import { readBodyText } from "./request-body";
import { env } from "../env";
import { apiResponseHeaders } from "../http/security-headers";
import { authOptions } from "../auth/next-auth";
import { parseCookies } from "../auth/session";
import { publicOrigin } from "../request-origin";

const BODY_LIMIT_BYTES = 16 * 1024;

type Headers = Record<string, string | string[]>;

async function readBody(req: Request): Promise<Record<string, unknown> | undefined> {
  if (req.method !== "POST" || !req.body) return undefined;
  const type = req.headers.get("content-type") ?? "";
  const text = await readBodyText(req, BODY_LIMIT_BYTES);
  if (type.includes("application/x-www-form-urlencoded")) return Object.fromEntries(new URLSearchParams(text));
  if (type.includes("application/json")) {
    try {
      const parsed: unknown = JSON.parse(text);
      return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

export async function handleNextAuth(req: Request, segments: string[]): Promise<Response> {
  try {
    return apiResponseHeaders(await nextAuthResponse(req, segments));
  } catch (err) {
    return apiResponseHeaders(errorResponse(err)); // a body over the limit (413), a Host that is no URL (400)
  }
}

async function nextAuthResponse(req: Request, segments: string[]): Promise<Response> {
  const body = await readBody(req);
  const headers: Record<string, string> = Object.fromEntries(req.headers);
  if (!env().NEXTAUTH_URL) {
    let origin: URL;
    try {
      origin = new URL(publicOrigin(req));
    } catch {
      throw badRequest("The Host header is not a valid host");
    }
    headers.host = origin.host;
    headers["x-forwarded-proto"] = origin.protocol.replace(/:$/, "");
    delete headers["x-forwarded-host"];
    // Makes next-auth take its origin from the host and protocol above, which we just set.
    process.env.AUTH_TRUST_HOST = "true";
  }
  const url = new URL(req.url);
  const query: Record<string, string | string[]> = { ...Object.fromEntries(url.searchParams), nextauth: segments };

  // The response next-auth writes, collected and turned into a Web Response.
  let status = 200;
  const out: Headers = {};
  let payload: string | null = null;
  const res = {
    status(code: number) {
      status = code;
      return res;
    },
    getHeader: (name: string) => out[name.toLowerCase()],
    setHeader(name: string, value: string | string[]) {
      out[name.toLowerCase()] = value;
      return res;
    },
    json(value: unknown) {
      out["content-type"] = "application/json";
      payload = JSON.stringify(value);
    },
    send(value: unknown) {
      payload = value == null ? null : typeof value === "string" ? value : JSON.stringify(value);
    },
    end() {},
  };
  const nextReq = { method: req.method, url: url.pathname + url.search, headers, cookies: Object.fromEntries(parseCookies(req.headers.get("cookie"))), query, body };
  await NextAuth(nextReq as never, res as never, authOptions(req));

  const response = new Response(payload, { status });
  for (const [name, value] of Object.entries(out)) {
    for (const v of Array.isArray(value) ? value : [value]) response.headers.append(name, String(v));
  }
  return response;
}
