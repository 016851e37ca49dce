// Runs before every dashboard page (not the API route handlers: those set their own headers in
// lib/api/route.ts, and skip this hop), and before any path with a percent-escape:
//  - a path whose percent-escapes do not decode (`%E0%A4%A`) is a JSON 400 here, where Next.js
//    would otherwise answer its plain-text 500 while matching routes;
//  - pages get a fresh CSP nonce per response, passed to Next.js through the request's
//    Content-Security-Policy header so that its inline scripts carry it; portal pages may be
//    framed by the operator's sites (lib/portal/framing.ts), every other page by nobody.
import { NextResponse, type NextRequest } from "next/server";
import { env } from "./lib/env";
import { apiResponseHeaders, pageContentSecurityPolicy, pageHeaders } from "./lib/http/security-headers";
import { isPortalPageRequest } from "./lib/portal/framing";

const API_PATH = /^\/api\/(v1|inbox|inngest|auth|health)(\/|$)/;

function decodes(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

export function proxy(request: NextRequest) {
  const path = request.nextUrl.pathname;
  if (!decodes(path)) {
    return apiResponseHeaders(Response.json({ error: { code: "bad_request", message: "The URL path has a malformed percent-escape" } }, { status: 400 }));
  }
  if (API_PATH.test(path)) return NextResponse.next();

  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const framers = isPortalPageRequest(path, (name) => request.cookies.has(name)) ? env().portalOrigins.map((o) => o.source) : [];
  const csp = pageContentSecurityPolicy(nonce, process.env.NODE_ENV === "development", framers);
  const headers = new Headers(request.headers);
  headers.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", csp);
  for (const [name, value] of Object.entries(pageHeaders(framers))) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: [
    // Everything but our API route handlers and Next's static files…
    "/((?!api/(?:v1|inbox|inngest|auth|health)(?:/|$)|_next/static/|_next/image|icon\\.svg).*)",
    // …and any path with a percent-escape, API ones included, to check that it decodes.
    "/(.*%.*)",
  ],
};
