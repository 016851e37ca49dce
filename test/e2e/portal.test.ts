// Issue 11, item 1 in Chromium: the operator's page on another site (http://localhost:<port>,
// while Hookyard is http://127.0.0.1:<port> — a different site, so the portal's cookie is a
// third-party one) embeds a portal link in an iframe, and a tenant user works inside it: creates an
// endpoint for a real receiver and sends it a test event. A page on an origin not in
// HOOKYARD_PORTAL_ORIGINS cannot frame it; operator pages, members and other tenants are not there;
// a viewer cannot write; the link opens one browser once; an ended session says so.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, Frame, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "../../lib/auth/api-keys";
import { db } from "../../lib/db/client";
import { chromiumInstalled, docsScreenshot, expectText, launchBrowser, openSession, screenshot, waitVisible, type Session } from "./helpers/browser";
import { freePort, startServer, type RunningServer } from "./helpers/server";

const EVENT_TYPE = "invoice.paid";
const ACCENT = "#0f766e";
let server: RunningServer;
let browser: Browser;
let adminKey = "";
let acmeId = "";
let globexId = "";
let globexEndpointId = "";
const sessions: Session[] = [];

// ─── The operator's site: a page that embeds a portal URL, its logo, and a webhook receiver ───

const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
let operatorServer: http.Server;
let operatorPort = 0;
/** The operator's site as the browser addresses it: another site than Hookyard's 127.0.0.1. */
const operatorSite = () => `http://localhost:${operatorPort}`;
/** The same server under the name 127.0.0.1: an origin HOOKYARD_PORTAL_ORIGINS does not list. */
const strangerSite = () => `http://127.0.0.1:${operatorPort}`;

const LOGO = `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="32" viewBox="0 0 120 32"><rect width="32" height="32" rx="8" fill="${ACCENT}"/><text x="40" y="22" font-family="sans-serif" font-size="16" font-weight="700" fill="#0f172a">Acme</text></svg>`;

function escapeAttribute(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
}

function startOperatorSite(port: number): Promise<http.Server> {
  const site = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://operator");
    if (url.pathname === "/embed") {
      const src = escapeAttribute(url.searchParams.get("src") ?? "");
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(`<!doctype html><html><head><title>Acme settings</title></head>
<body style="margin:0;font-family:system-ui,sans-serif;background:#f1f5f9">
<header style="display:flex;gap:24px;align-items:center;padding:14px 24px;background:#0f172a;color:#fff"><strong>Acme Cloud</strong><span style="opacity:.7">Settings › Webhooks</span></header>
<div style="padding:16px 24px"><iframe title="Webhooks" src="${src}" style="width:100%;height:720px;border:1px solid #cbd5e1;border-radius:8px;background:#fff"></iframe></div>
</body></html>`);
      return;
    }
    if (url.pathname === "/logo.svg") {
      res.writeHead(200, { "content-type": "image/svg+xml" });
      res.end(LOGO);
      return;
    }
    if (url.pathname === "/hooks" && req.method === "POST") {
      let body = "";
      req.on("data", (chunk) => (body += chunk));
      req.on("end", () => {
        received.push({ headers: req.headers, body });
        res.writeHead(204).end();
      });
      return;
    }
    res.writeHead(200, { "content-type": "text/html" }).end("<!doctype html><title>Acme</title><h1>Back at Acme</h1>");
  });
  return new Promise((resolve) => site.listen(port, "127.0.0.1", () => resolve(site)));
}

// ─── Helpers ─────────────────────────────────────────────────────────────────────────────────

async function api(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${adminKey}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function portalLink(body: Record<string, unknown>, tenant = acmeId): Promise<{ id: string; url: string }> {
  const res = await api("POST", `/tenants/${tenant}/portal-sessions`, body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

async function browserSession(): Promise<Session> {
  const s = await openSession(browser, operatorSite(), { width: 1280, height: 860 });
  sessions.push(s);
  return s;
}

/** Opens the operator's page embedding `url` from `site`, and returns the iframe's frame. */
async function embed(page: Page, url: string, site = operatorSite()): Promise<Frame> {
  await page.goto(`${site}/embed?src=${encodeURIComponent(url)}`);
  const handle = await page.waitForSelector("iframe");
  return (await handle.contentFrame())!;
}

/** The portal's frame once it shows the tenant's dashboard. */
async function portalFrame(page: Page, url: string): Promise<Frame> {
  const frame = await embed(page, url);
  await frame.waitForURL((u) => u.pathname.endsWith("/endpoints"), { timeout: 60_000 });
  return frame;
}

/** fetch() from inside the frame: what the dashboard's own code could do with the session. */
function fetchInFrame(frame: Frame, path: string, init: { method?: string; body?: unknown } = {}): Promise<number> {
  return frame.evaluate(
    async ({ path, method, body }) =>
      (await fetch(path, { method, headers: body ? { "content-type": "application/json" } : undefined, body: body ? JSON.stringify(body) : undefined })).status,
    { path, method: init.method ?? "GET", body: init.body },
  );
}

describe.skipIf(!chromiumInstalled)("the portal embedded cross-origin", () => {
  beforeAll(async () => {
    operatorPort = await freePort();
    operatorServer = await startOperatorSite(operatorPort);
    [server, browser] = await Promise.all([
      // Single-process mode: the web server without the supervisor has no worker of its own.
      startServer({ HOOKYARD_PORTAL_ORIGINS: `http://localhost:${operatorPort}`, HOOKYARD_RETRY_SCHEDULE: "0s,1s", HOOKYARD_WORKERS: "0" }),
      launchBrowser(),
    ]);
    adminKey = (await createApiKey(db(), { name: "operator backend", scope: "admin", tenantId: null })).key;
    await api("POST", "/event-types", { name: EVENT_TYPE, description: "An invoice was paid", examplePayload: { invoiceId: "in_1001", amount: 4200 } });
    acmeId = (await api("POST", "/tenants", { name: "Acme Corp", uid: "acme" })).body.id;
    globexId = (await api("POST", "/tenants", { name: "Globex" })).body.id;
    globexEndpointId = (await api("POST", `/tenants/${globexId}/endpoints`, { url: "https://globex.example.com/hooks" })).body.id;
  });

  afterAll(async () => {
    for (const s of sessions) await s.context.close().catch(() => {});
    await browser?.close().catch(() => {});
    await server?.stop();
    await new Promise((resolve) => operatorServer?.close(resolve));
  });

  it("works inside the operator's iframe: creates an endpoint and sends it a test event", async () => {
    const link = await portalLink({
      role: "member",
      returnUrl: `${operatorSite()}/settings`,
      theme: { accentColor: ACCENT, logoUrl: `${operatorSite()}/logo.svg` },
    });
    const s = await browserSession();
    const frameResponses: { url: string; csp: string | null; xfo: string | null }[] = [];
    s.page.on("response", (res) => {
      if (res.request().resourceType() === "document" && res.url().startsWith(server.url)) {
        frameResponses.push({ url: res.url(), csp: res.headers()["content-security-policy"] ?? null, xfo: res.headers()["x-frame-options"] ?? null });
      }
    });
    const frame = await portalFrame(s.page, link.url);

    // The portal's frame: the tenant, its logo, its sections — no tenant switcher, members or operator pages.
    await waitVisible(frame.getByRole("heading", { name: "No endpoints yet" }));
    const nav = frame.getByRole("navigation", { name: "Main" });
    await expectText(nav, "Endpoints");
    expect(await nav.getByRole("link").allInnerTexts()).toEqual(["Endpoints", "Deliveries", "Messages", "Event catalog", "Test inboxes", "API keys"]);
    await expectText(frame.locator("aside"), "Acme Corp");
    expect(await frame.getByLabel("Tenant").count()).toBe(0);
    expect(await frame.getByText("Operator", { exact: true }).count()).toBe(0);
    expect(await frame.locator("aside img").evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    // The accent colour themes the primary buttons.
    const addEndpoint = frame.getByRole("link", { name: "Add endpoint" }).first();
    expect(await addEndpoint.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe("rgb(15, 118, 110)");
    await expectText(frame.locator("aside"), `Back to localhost:${operatorPort}`);
    await screenshot(s.page, "portal/01-embedded-endpoints");

    // Portal responses may be framed by the operator's site only; the token never reached a server.
    const entry = frameResponses.find((r) => new URL(r.url).pathname === "/portal")!;
    expect(entry.url).not.toContain("hyp_");
    expect(entry.csp).toContain(`frame-ancestors http://localhost:${operatorPort}`);
    expect(entry.xfo).toBeNull();
    const endpointsPage = frameResponses.find((r) => new URL(r.url).pathname.endsWith("/endpoints"))!;
    expect(endpointsPage.csp).toContain(`frame-ancestors http://localhost:${operatorPort}`);
    expect(endpointsPage.csp).toContain(`img-src 'self' data: blob: http://localhost:${operatorPort}`);

    // The session cookie: third-party here, so SameSite=None, Secure (127.0.0.1 is a secure context) and partitioned.
    const cookies = await s.context.cookies(server.url);
    expect(cookies.map((c) => ({ name: c.name, sameSite: c.sameSite, secure: c.secure, httpOnly: c.httpOnly }))).toEqual([
      { name: "hookyard-portal", sameSite: "None", secure: true, httpOnly: true },
    ]);

    // Create an endpoint for the operator's receiver, through the form.
    await addEndpoint.click();
    await frame.getByLabel("Endpoint URL").fill(`http://127.0.0.1:${operatorPort}/hooks`);
    await frame.getByLabel("Description").fill("Acme billing");
    await frame.getByRole("button", { name: "Create endpoint" }).click();
    await frame.waitForURL((u) => /\/endpoints\/ep_[^/]+$/.test(u.pathname), { timeout: 60_000 });
    await waitVisible(frame.getByRole("heading", { name: "Signing secret" }));

    // Send it a test event: it is delivered, signed, and the dashboard shows it succeeded.
    await frame.getByLabel("Event type", { exact: true }).selectOption(EVENT_TYPE);
    await expect.poll(() => frame.getByLabel("Payload (JSON)").inputValue()).toContain('"invoiceId": "in_1001"');
    await frame.getByRole("button", { name: "Send test event" }).click();
    await waitVisible(frame.getByRole("link", { name: /^Delivery dlv_\w+: succeeded$/ }), 45_000);
    expect(received).toHaveLength(1);
    expect(received[0].headers["webhook-signature"]).toMatch(/^v1,/);
    expect(JSON.parse(received[0].body)).toMatchObject({ type: EVENT_TYPE, data: { invoiceId: "in_1001" } });
    const endpointRow = await db().endpoint.findFirstOrThrow({ where: { url: `http://127.0.0.1:${operatorPort}/hooks` } });
    expect(endpointRow.tenantId).toBe(acmeId);
    await screenshot(s.page, "portal/02-embedded-test-event");
    await frame.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Deliveries" }).click();
    await waitVisible(frame.getByRole("table", { name: "Deliveries" }).getByRole("row").filter({ hasText: "Succeeded" }));
    await screenshot(s.page, "portal/03-embedded-deliveries");
    await docsScreenshot(s.page, "portal-embedded");

    // Reloading the operator's page with the same link goes back into this browser's session.
    await portalFrame(s.page, link.url);
    await waitVisible(s.page.frameLocator("iframe").getByRole("link", { name: "http://127.0.0.1:" + operatorPort + "/hooks" }).or(s.page.frameLocator("iframe").getByText("Acme billing")).first());
    expect(s.errors).toEqual([]);
  });

  it("opens a link in one browser only", async () => {
    const link = await portalLink({ role: "member" });
    const first = await browserSession();
    await portalFrame(first.page, link.url);
    const second = await browserSession();
    const frame = await embed(second.page, link.url);
    await waitVisible(frame.getByRole("heading", { name: "This link cannot be opened" }));
    await expectText(frame.getByRole("alert"), "already used");
    await screenshot(second.page, "portal/04-link-already-used");
  });

  it("cannot be framed by an origin that HOOKYARD_PORTAL_ORIGINS does not list, and other pages by nobody", async () => {
    const link = await portalLink({ role: "member" });
    const s = await browserSession();
    const blocked: string[] = [];
    s.page.on("console", (msg) => blocked.push(msg.text()));
    const frame = await embed(s.page, link.url, strangerSite());
    await expect.poll(() => blocked.some((m) => m.includes("frame-ancestors")), { timeout: 15_000 }).toBe(true);
    expect(await frame.locator("text=Opening").count()).toBe(0);
    // The blocked page never ran, so the link is still unused.
    expect((await db().portalSession.findUniqueOrThrow({ where: { id: link.id } })).redeemedAt).toBeNull();
    await screenshot(s.page, "portal/05-stranger-blocked");
    s.errors.length = 0;

    // The operator's own site may frame the portal, not the rest of Hookyard.
    blocked.length = 0;
    const signIn = await embed(s.page, `${server.url}/sign-in`);
    await expect.poll(() => blocked.some((m) => m.includes("frame-ancestors 'none'")), { timeout: 15_000 }).toBe(true);
    expect(await signIn.getByRole("button", { name: "Sign in" }).count()).toBe(0);
    s.errors.length = 0;
  });

  it("keeps operator pages, members and other tenants out of reach", async () => {
    const link = await portalLink({ role: "owner" });
    const s = await browserSession();
    const frame = await portalFrame(s.page, link.url);
    for (const path of ["/admin", "/admin/tenants", "/admin/api-keys", `/t/${globexId}/endpoints`, `/t/${globexId}/endpoints/${globexEndpointId}`, `/t/${acmeId}/members`, `/t/${acmeId}/endpoints/${globexEndpointId}`]) {
      await frame.goto(`${server.url}${path}`);
      await waitVisible(frame.getByRole("heading", { name: "Page not found" }));
    }
    await screenshot(s.page, "portal/06-operator-page-not-found");
    // The API says the same to the session's cookie, however the path is spelled.
    expect(await fetchInFrame(frame, `/api/v1/tenants/${globexId}/endpoints`)).toBe(404);
    expect(await fetchInFrame(frame, "/api/v1/tenants")).toBe(200);
    expect(await fetchInFrame(frame, "/api/v1/api-keys")).toBe(403);
    expect(await fetchInFrame(frame, "/api/v1/tenants", { method: "POST", body: { name: "Mine" } })).toBe(403);
    expect(await fetchInFrame(frame, `/api/v1/tenants/${acmeId}/members`)).toBe(403);
    // Next's router does not take `%6Dembers` for `members` (404); were it to, our check refuses it (403).
    expect([403, 404]).toContain(await fetchInFrame(frame, `/api/v1/tenants/${acmeId}/%6Dembers`));
    expect(await fetchInFrame(frame, `/api/v1/tenants/acme/invitations`, { method: "POST", body: { email: "x@acme.test", role: "owner" } })).toBe(403);
    // "/" leads back to the tenant.
    await frame.goto(`${server.url}/`);
    await frame.waitForURL((u) => u.pathname === `/t/${acmeId}/endpoints`);
    s.errors.length = 0; // the not-found pages answer 404
  });

  it("as a viewer, with the sidebar hidden and a feature off, reads and cannot write", async () => {
    await api("POST", `/tenants/${acmeId}/endpoints`, { url: "https://receiver.acme.example/hooks", description: "Seeded" });
    const link = await portalLink({ role: "viewer", features: { apiKeys: false }, theme: { hideSidebar: true, accentColor: "#facc15" } });
    const s = await browserSession();
    const frame = await portalFrame(s.page, link.url);
    await waitVisible(frame.getByText("Seeded").first());
    expect(await frame.locator("aside").count()).toBe(0);
    const tabs = frame.getByRole("navigation", { name: "Main" });
    expect(await tabs.getByRole("link").allInnerTexts()).toEqual(["Endpoints", "Deliveries", "Messages", "Event catalog", "Test inboxes"]);
    await expectText(frame.locator("header"), "Read-only access");
    expect(await frame.getByRole("link", { name: "Add endpoint" }).count()).toBe(0);
    expect(await frame.getByRole("button", { name: "Create test inbox" }).count()).toBe(0);
    // A light accent is darkened until white text on it is readable.
    const tab = tabs.getByRole("link", { name: "Endpoints" });
    const color = await tab.evaluate((el) => getComputedStyle(el).color);
    expect(color).not.toBe("rgb(250, 204, 21)");
    await screenshot(s.page, "portal/07-viewer-tabs");
    await frame.goto(`${server.url}/t/${acmeId}/api-keys`);
    await waitVisible(frame.getByRole("heading", { name: "Page not found" }));
    expect(await fetchInFrame(frame, `/api/v1/tenants/${acmeId}/endpoints`, { method: "POST", body: { url: "https://x.acme.example/h" } })).toBe(403);
    expect(await db().endpoint.count({ where: { url: "https://x.acme.example/h" } })).toBe(0);
    s.errors.length = 0;
  });

  it("says so when the session has ended, with the way back to the operator's page", async () => {
    const link = await portalLink({ role: "member", returnUrl: `${operatorSite()}/settings` });
    const s = await browserSession();
    const frame = await portalFrame(s.page, link.url);
    expect((await api("DELETE", `/tenants/${acmeId}/portal-sessions/${link.id}`)).status).toBe(204);
    // The open page's next poll (the endpoints list refreshes every 15 s) is refused: it reloads
    // into the "ended" page by itself.
    await waitVisible(frame.getByRole("heading", { name: "This session has ended" }), 45_000);
    await screenshot(s.page, "portal/08-session-ended");
    await frame.getByRole("link", { name: `Back to localhost:${operatorPort}` }).click();
    await s.page.waitForURL(`${operatorSite()}/settings`);
    await waitVisible(s.page.getByRole("heading", { name: "Back at Acme" }));
    s.errors.length = 0;
  });
});
