// Runs before every dashboard page (not the API routes: those set their own headers in
// lib/api/route.ts, and skip this hop): a fresh CSP nonce per response, passed to Next.js through
// the request's Content-Security-Policy header so its inline scripts carry it.
import { NextResponse, type NextRequest } from "next/server";
import { pageContentSecurityPolicy, PAGE_HEADERS } from "./lib/http/security-headers";

export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const csp = pageContentSecurityPolicy(nonce, process.env.NODE_ENV === "development");
  const headers = new Headers(request.headers);
  headers.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", csp);
  for (const [name, value] of Object.entries(PAGE_HEADERS)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Everything but our API route handlers and Next's static files.
  matcher: ["/((?!api/(?:v1|inbox|inngest|auth|health)(?:/|$)|_next/static/|_next/image|icon\\.svg).*)"],
};
