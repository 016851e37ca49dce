// Issue 11, item 1: HOOKYARD_PORTAL_ORIGINS (who may frame the portal) and the operator's URLs in
// a portal session (returnUrl, logo), judged as a browser reads them.
import { describe, expect, it } from "vitest";
import { originAllowed, parsePortalOrigins } from "../../../lib/http/origins";
import { checkLogoUrl, checkReturnUrl } from "../../../lib/portal/urls";

const origins = (text: string, production = false) => parsePortalOrigins(text, production);

describe("HOOKYARD_PORTAL_ORIGINS", () => {
  it("reads origins separated by commas or spaces, normalised as CSP sources", () => {
    const { origins: parsed, problems } = origins("https://App.Example.com,  https://*.customers.example http://localhost:5173 https://app.example.com/ https://x.example:443");
    expect(problems).toEqual([]);
    expect(parsed.map((o) => o.source)).toEqual(["https://app.example.com", "https://*.customers.example", "http://localhost:5173", "https://x.example"]);
    expect(origins("").origins).toEqual([]);
  });

  it("says what is wrong with each entry that is not an origin", () => {
    const { problems } = origins("app.example.com https://a.example/path https://u:p@a.example ftp://a.example https://*.com https://a.*.example https://a.example?x=1");
    expect(problems).toHaveLength(7);
    expect(problems[0]).toContain("is not an origin");
    expect(problems[1]).toContain("without a path");
    expect(problems[3]).toContain("http:// or https://");
    expect(problems[4]).toContain("two labels");
    expect(problems[5]).toContain("first label");
  });

  it("wants https in production, except on loopback", () => {
    expect(origins("http://app.example.com", true).problems[0]).toContain("https:// in production");
    expect(origins("http://localhost:3000 http://127.0.0.1:8080", true).problems).toEqual([]);
  });

  it("matches scheme, host and port exactly; a wildcard covers subdomains only", () => {
    const { origins: list } = origins("https://app.example.com https://*.customers.example http://localhost:5173");
    const allowed = (url: string) => originAllowed(list, new URL(url));
    expect(allowed("https://app.example.com/settings")).toBe(true);
    expect(allowed("https://a.customers.example/x")).toBe(true);
    expect(allowed("https://a.b.customers.example/x")).toBe(true);
    expect(allowed("http://localhost:5173/")).toBe(true);
    expect(allowed("https://customers.example/")).toBe(false);
    expect(allowed("https://evilcustomers.example/")).toBe(false);
    expect(allowed("http://app.example.com/")).toBe(false);
    expect(allowed("https://app.example.com:8443/")).toBe(false);
    expect(allowed("https://app.example.com.evil.example/")).toBe(false);
    expect(allowed("http://localhost:5174/")).toBe(false);
  });
});

describe("a portal session's URLs", () => {
  const { origins: list } = origins("https://app.example.com");

  it("keeps a returnUrl on the operator's origins, normalised", () => {
    expect(checkReturnUrl("https://APP.example.com/settings/webhooks?tab=1#top", list)).toEqual({ ok: true, url: "https://app.example.com/settings/webhooks?tab=1#top" });
  });

  it("refuses every other place a browser would go", () => {
    for (const raw of [
      "https:\\\\evil.example\\x",
      "https://app.example.com@evil.example/",
      "https://app.example.com\t.evil.example/",
      "//evil.example/",
      "/settings",
      "javascript:alert(1)",
      "data:text/html,<script>alert(1)</script>",
      "https://user@app.example.com/",
      "http://app.example.com/",
      "https://evil.example/?https://app.example.com",
    ]) {
      expect(checkReturnUrl(raw, list).ok, JSON.stringify(raw)).toBe(false);
    }
    expect(checkReturnUrl("https://app.example.com/", [])).toEqual({ ok: false, message: "needs HOOKYARD_PORTAL_ORIGINS: no origin is allowed yet" });
  });

  it("takes a logo from the operator's origins or as a small data:image URL", () => {
    expect(checkLogoUrl("https://app.example.com/logo.svg", list).ok).toBe(true);
    expect(checkLogoUrl(`data:image/svg+xml;base64,${Buffer.from("<svg/>").toString("base64")}`, list).ok).toBe(true);
    expect(checkLogoUrl("https://cdn.example.net/logo.png", list).ok).toBe(false);
    expect(checkLogoUrl("data:image/svg+xml,<svg onload=alert(1)>", list).ok).toBe(false);
    expect(checkLogoUrl("data:text/html;base64,PGI+", list).ok).toBe(false);
    expect(checkLogoUrl(`data:image/png;base64,${"A".repeat(88_000)}`, list)).toEqual({ ok: false, message: "a data: logo may be at most 64 KiB" });
  });
});
