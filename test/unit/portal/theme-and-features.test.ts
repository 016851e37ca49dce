// Issue 11, item 1: the accent colour stays readable; what a portal session reaches, by path.
import { describe, expect, it } from "vitest";
import { ALL_FEATURES, apiTenantSection, portalSectionRefusal } from "../../../lib/portal/features";
import { accentPalette, accentStylesheet, contrastWithWhite } from "../../../lib/portal/theme";
import { pageContentSecurityPolicy, pageHeaders } from "../../../lib/http/security-headers";

describe("accent palette", () => {
  it("keeps a dark enough accent as it is", () => {
    expect(accentPalette("#0f766e")["--color-indigo-600"]).toBe("#0f766e");
  });

  it("darkens light accents until white text on buttons and accent text on white read at 4.5:1", () => {
    for (const accent of ["#facc15", "#ffffff", "#22d3ee", "#f472b6", "#4f46e5", "#000000", "#ff0000"]) {
      const palette = accentPalette(accent);
      expect(contrastWithWhite(palette["--color-indigo-600"]), accent).toBeGreaterThanOrEqual(4.5);
      expect(contrastWithWhite(palette["--color-indigo-700"]), accent).toBeGreaterThanOrEqual(4.5);
      for (const value of Object.values(palette)) expect(value).toMatch(/^#[0-9a-f]{6}$/);
    }
  });

  it("writes one :root rule of custom properties", () => {
    expect(accentStylesheet("#0f766e")).toMatch(/^:root\{(--color-indigo-\d+:#[0-9a-f]{6};?){5}\}$/);
  });
});

describe("portal sections", () => {
  it("finds the tenant section of an API path as the router decodes it", () => {
    expect(apiTenantSection("/api/v1/tenants/acme/members")).toBe("members");
    expect(apiTenantSection("/api/v1/tenants/acme/%6Dembers/mem_1")).toBe("members");
    expect(apiTenantSection("/api/v1/tenants/acme//api-keys/")).toBe("api-keys");
    expect(apiTenantSection("/api/v1/tenants/acme")).toBeNull();
    expect(apiTenantSection("/api/v1/api-keys")).toBeNull();
  });

  it("never lets a portal session manage members; switched-off features are out too", () => {
    expect(portalSectionRefusal(ALL_FEATURES, "members")).toContain("operator");
    expect(portalSectionRefusal(ALL_FEATURES, "invitations")).toContain("operator");
    expect(portalSectionRefusal(ALL_FEATURES, "api-keys")).toBeNull();
    expect(portalSectionRefusal({ ...ALL_FEATURES, apiKeys: false }, "api-keys")).toBe("This portal session does not include api keys");
    expect(portalSectionRefusal({ ...ALL_FEATURES, testInboxes: false }, "inboxes")).toBe("This portal session does not include test inboxes");
    expect(portalSectionRefusal({ apiKeys: false, testInboxes: false }, "endpoints")).toBeNull();
  });
});

describe("page framing", () => {
  it("is nobody's by default, and the operator's sites' for portal pages", () => {
    const closed = pageContentSecurityPolicy("n", false);
    expect(closed).toContain("frame-ancestors 'none'");
    expect(pageHeaders()["x-frame-options"]).toBe("DENY");
    const portal = pageContentSecurityPolicy("n", false, ["https://app.example.com", "https://*.customers.example"]);
    expect(portal).toContain("frame-ancestors https://app.example.com https://*.customers.example");
    expect(portal).toContain("img-src 'self' data: blob: https://app.example.com https://*.customers.example");
    expect(pageHeaders(["https://app.example.com"])).not.toHaveProperty("x-frame-options");
  });
});
