// What a first-time operator and tenant owner tripped over (issue 13), each step checked in a real
// Chromium against the production web server on plain http at a private address (https
// required, private addresses refused): the test inbox quick start, delivery success, a live list
// that keeps the reader's place, archiving, form errors, roles, charts and the small things — with
// axe-core finding nothing, of any impact, in the light and the dark colour scheme.
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli";
import { expectAccessible } from "./helpers/axe";
import { chromiumInstalled, docsScreenshot, SCREENSHOT_DIR, expectText, launchBrowser, openSession, screenshot, waitForPath, waitVisible, type Session } from "./helpers/browser";
import { startServer, type RunningServer } from "./helpers/server";

const ADMIN = { email: "ops@hookyard.test", password: "operator password 1" };
const OWNER = { email: "olga@acme.test", password: "owner password 1" };
const VIEWER = { email: "vic@acme.test", password: "viewer password 1" };
const SHOTS = "dashboard-second-pass";
/** An https receiver the SSRF guard refuses here: every attempt fails at once. */
const BLOCKED_URL = "https://127.0.0.1:9/webhooks";

let server: RunningServer;
let browser: Browser;
const sessions: Session[] = [];
let adminKey = "";
let tenantId = "";
let owner: Page;
let inboxUrl = "";

async function cli(args: string[]) {
  const result = await runCli([...args, "--json"]);
  if (result.code !== 0) throw new Error(`cli ${args.join(" ")} failed (${result.code}): ${result.stderr}${result.stdout}`);
  return result.json();
}

async function api<T = any>(method: string, route: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${server.url}/api/v1${route}`, {
    method,
    headers: { authorization: `Bearer ${adminKey}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json().catch(() => null)) as T };
}

async function signedIn(who: { email: string; password: string }, viewport?: { width: number; height: number }): Promise<Session> {
  const session = await openSession(browser, server.url, viewport);
  sessions.push(session);
  const page = session.page;
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await waitForPath(page, /^\/(admin|t)(\/|$)/);
  return session;
}

const nav = (page: Page) => page.getByRole("navigation", { name: "Main" });
const publish = (eventType: string, payload: unknown) => api("POST", `/tenants/${tenantId}/messages`, { eventType, payload });

describe.skipIf(!chromiumInstalled)("dashboard second pass in Chromium", () => {
  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startServer({ HOOKYARD_ALLOW_HTTP: "false", HOOKYARD_ALLOW_PRIVATE_URLS: "false", HOOKYARD_RETRY_SCHEDULE: "0s,1s" }),
      launchBrowser(),
    ]);
    await cli(["users", "create", "--email", ADMIN.email, "--password", ADMIN.password, "--admin"]);
    await cli(["users", "create", "--email", OWNER.email, "--password", OWNER.password]);
    await cli(["users", "create", "--email", VIEWER.email, "--password", VIEWER.password]);
    adminKey = (await cli(["keys", "create", "--admin", "--name", "e2e"])).key;
    tenantId = (await api("POST", "/tenants", { name: "Acme Inc.", uid: "cus_acme" })).body.id;
    await cli(["tenants", "add-member", "--tenant", tenantId, "--email", OWNER.email, "--role", "owner"]);
    await cli(["tenants", "add-member", "--tenant", tenantId, "--email", VIEWER.email, "--role", "viewer"]);
    const schema = { type: "object", required: ["orderId"], properties: { orderId: { type: "string" } } };
    for (const [name, description] of [
      ["order.completed", "An order was paid for and is ready to ship."],
      ["order.refunded", "An order was refunded in full."],
    ]) {
      expect((await api("POST", "/event-types", { name, description, schema, examplePayload: { orderId: "ord_1001" } })).status).toBe(201);
    }
    owner = (await signedIn(OWNER)).page;
  });

  // No uncaught exception or console error (a 404 the page asked for included) on any page.
  afterEach(() => {
    for (const s of sessions) expect(s.errors.splice(0)).toEqual([]);
  });

  afterAll(async () => {
    for (const s of sessions) await s.context.close().catch(() => {});
    await browser?.close().catch(() => {});
    await server?.stop();
  });

  it("bugs 1, 2, 9: the test inbox works on plain http, subscribes to the type chosen, and the sidebar names the owner's role", async () => {
    await owner.goto(`/t/${tenantId}/endpoints`);
    await waitVisible(owner.getByRole("heading", { name: "No endpoints yet" }));
    await expectText(owner.getByTestId("viewer-role"), "Owner of Acme Inc.");
    await expectAccessible(owner, "endpoints, empty");

    const opener = owner.getByRole("button", { name: "Create test inbox" }).first();
    await opener.click();
    const dialog = owner.getByRole("dialog", { name: "Create a test inbox" });
    await waitVisible(dialog);
    // Defaults to one type (the first of the catalog), not to all traffic.
    const completed = dialog.getByRole("checkbox", { name: /order\.completed/ });
    const refunded = dialog.getByRole("checkbox", { name: /order\.refunded/ });
    await expect.poll(() => completed.isChecked()).toBe(true);
    expect(await refunded.isChecked()).toBe(false);
    // Bug 7 here too: "only the types I choose" with none ticked is refused, not turned into "all".
    await completed.uncheck();
    await dialog.getByRole("button", { name: "Create test inbox" }).click();
    await waitVisible(dialog.getByText("Tick at least one event type"));
    await completed.check();
    await expect.poll(() => dialog.getByText("Tick at least one event type").count()).toBe(0);
    await screenshot(owner, `${SHOTS}/01-test-inbox-dialog`, { fullPage: false });
    await expectAccessible(owner, "test inbox dialog");
    await docsScreenshot(owner, "test-inbox-dialog");
    await dialog.getByRole("button", { name: "Create test inbox" }).click();

    await waitForPath(owner, /\/endpoints\/ep_[^/]+$/);
    const heading = owner.getByRole("heading", { level: 1 });
    await expectText(heading, `${server.url}/api/inbox/`);
    inboxUrl = (await heading.innerText()).trim();
    expect(inboxUrl.startsWith("http://127.0.0.1:")).toBe(true);
    await expectText(owner.locator("main"), "order.completed");

    await owner.getByRole("button", { name: "Send test event" }).click();
    await waitVisible(owner.getByTestId("toast").filter({ hasText: "Test event sent" }));
    await waitVisible(owner.getByRole("link", { name: /^Delivery dlv_\w+: succeeded$/ }), 45_000);
    await expectText(owner.getByRole("table", { name: "Deliveries" }), "200");
    await expectAccessible(owner, "endpoint detail, test event delivered");

    // Real traffic of another type does not reach it; the inbox holds the one test event.
    expect((await publish("order.refunded", { orderId: "ord_2" })).status).toBe(202);
    await nav(owner).getByRole("link", { name: "Test inboxes" }).click();
    await waitForPath(owner, /\/inboxes$/);
    const inboxes = owner.getByRole("table", { name: "Test inboxes" });
    await expectText(inboxes, inboxUrl);
    expect(await inboxes.getByRole("row").count()).toBe(2); // the header and one inbox
    await owner.getByRole("link", { name: "Test inbox", exact: true }).click();
    const captured = owner.getByTestId("captured-request");
    await waitVisible(captured);
    await expectText(captured, "Signature verified");
    await owner.waitForTimeout(1500);
    expect(await captured.count()).toBe(1);
    await expectAccessible(owner, "inbox detail");
  });

  it("bugs 7, 8, 1: the endpoint form refuses no chosen type, speaks plainly, clears an error as the field changes, and never names a server variable", async () => {
    await owner.goto(`/t/${tenantId}/endpoints/new`);
    const url = owner.getByLabel("Endpoint URL");
    await waitVisible(url);
    // Bug 11: the first field has focus on arrival.
    await expect.poll(() => owner.evaluate(() => document.activeElement?.getAttribute("type"))).toBe("url");
    await url.fill("http://example.com/webhooks");
    await owner.getByLabel("Only the types I choose").check();
    await owner.getByLabel("Timeout (milliseconds)").fill("50");
    await owner.getByRole("button", { name: "Create endpoint" }).click();
    await waitVisible(owner.getByText("Tick at least one event type, or choose “All event types”."));
    await waitVisible(owner.getByText("Must be at least 100."));
    await expect.poll(() => owner.locator("main").innerText()).not.toMatch(/Too small|expected number|>=/);
    await screenshot(owner, `${SHOTS}/02-endpoint-form-errors`);
    await expectAccessible(owner, "endpoint form with errors");

    // Each error goes as soon as its field changes.
    await owner.getByLabel("Timeout (milliseconds)").fill("5000");
    await expect.poll(() => owner.getByText("Must be at least 100.").count()).toBe(0);
    await owner.getByRole("checkbox", { name: /order\.completed/ }).check();
    await expect.poll(() => owner.getByText("Tick at least one event type").count()).toBe(0);

    // http is refused in production, in words a tenant can act on.
    await owner.getByRole("button", { name: "Create endpoint" }).click();
    await waitVisible(owner.getByText("Use an https:// URL"));
    expect(await owner.locator("main").innerText()).not.toContain("HOOKYARD_");
    await url.fill(BLOCKED_URL);
    await expect.poll(() => owner.getByText("Use an https:// URL").count()).toBe(0);
    await owner.getByLabel("Description").fill("Billing service");
    await owner.getByRole("button", { name: "Create endpoint" }).click();
    await waitForPath(owner, /\/endpoints\/ep_[^/]+$/);
    await expectText(owner.getByRole("heading", { level: 1 }), BLOCKED_URL);
  });

  it("bug 3: a delivery that failed, then succeeded on retry, counts as delivered — attempts are shown apart", async () => {
    await owner.goto(`/t/${tenantId}/endpoints`);
    await owner.getByRole("link", { name: new RegExp(BLOCKED_URL.replace(/[.:/]/g, "\\$&")) }).click();
    await waitForPath(owner, /\/endpoints\/ep_[^/]+$/);
    const endpointPath = new URL(owner.url()).pathname;
    await waitVisible(owner.getByRole("heading", { name: "Send a test event" }));
    await owner.getByRole("button", { name: "Send test event" }).click();
    await waitVisible(owner.getByTestId("toast").filter({ hasText: "Test event sent" }));
    const failed = owner.getByRole("link", { name: /^Delivery dlv_\w+: failed$/ });
    await waitVisible(failed, 45_000);
    await failed.click();
    await waitForPath(owner, /\/deliveries\/dlv_/);
    const deliveryPath = new URL(owner.url()).pathname;
    await expect.poll(() => owner.getByTestId("attempt").count()).toBe(2);

    // Point it at the test inbox and retry: the third attempt succeeds.
    await owner.goto(`${endpointPath}/edit`);
    const url = owner.getByLabel("Endpoint URL");
    await expect.poll(() => url.inputValue()).toBe(BLOCKED_URL);
    await url.fill(inboxUrl);
    await owner.getByRole("button", { name: "Save changes" }).click();
    await waitForPath(owner, /\/endpoints\/ep_[^/]+$/);
    await owner.goto(deliveryPath);
    await owner.getByRole("button", { name: "Retry" }).click();
    await expect.poll(() => owner.getByTestId("attempt").count(), { timeout: 30_000 }).toBe(3);
    await expectText(owner.getByRole("heading", { level: 1 }).locator(".."), "Succeeded");

    await owner.goto(endpointPath);
    const success = owner.locator("dt", { hasText: "Delivery success (24 h)" }).locator("xpath=following-sibling::dd[1]");
    await expectText(success, "100% of 1 finished");
    await expectText(owner.locator("dt", { hasText: "Attempts (24 h)" }).locator("xpath=following-sibling::dd[1]"), "3, 33.3% succeeded");
    await owner.goto(`/t/${tenantId}/endpoints`);
    const row = owner.getByRole("table", { name: "Endpoints" }).getByRole("row").filter({ hasText: "Billing service" });
    await expectText(row, "100%");
    // Bug 11: the scheme is shown, so http and https endpoints do not look alike.
    await expectText(row, "http://127.0.0.1:");
    await screenshot(owner, `${SHOTS}/03-endpoints-delivery-success`);
    await expectAccessible(owner, "endpoints list");
  });

  it("bug 4: scrolled down the live deliveries, new ones wait behind a bar and the row being read stays put", async () => {
    for (let i = 0; i < 60; i++) expect((await publish("order.completed", { orderId: `ord_${i}` })).status).toBe(202);
    await owner.goto(`/t/${tenantId}/deliveries`);
    const table = owner.getByRole("table", { name: "Deliveries" });
    await waitVisible(table);
    await screenshot(owner, `${SHOTS}/04a-deliveries`);
    await expect.poll(() => table.getByRole("row").count(), { timeout: 30_000 }).toBe(51); // header + a page of 50
    const row48 = table.getByRole("row").nth(48);
    const readId = await row48.getByRole("link").first().getAttribute("href");
    await row48.scrollIntoViewIfNeeded();
    await owner.evaluate(() => window.scrollBy(0, 200));
    const yBefore = (await row48.boundingBox())!.y;
    const pageBefore = await owner.evaluate(() => ({ y: window.scrollY, h: document.documentElement.scrollHeight, rows: document.querySelectorAll("table[aria-label=Deliveries] tbody tr").length }));

    for (let i = 0; i < 5; i++) expect((await publish("order.completed", { orderId: `ord_new_${i}` })).status).toBe(202);
    // Five messages: a delivery to each endpoint subscribed to the type.
    const bar = owner.getByRole("button", { name: /^\d+ new deliveries — show$/ });
    await waitVisible(bar, 20_000);
    // The row read before is where it was, with the same delivery in it.
    const same = table.getByRole("row").filter({ has: owner.locator(`a[href="${readId}"]`) });
    const pageAfter = await owner.evaluate(() => ({ y: window.scrollY, h: document.documentElement.scrollHeight, rows: document.querySelectorAll("table[aria-label=Deliveries] tbody tr").length }));
    // Scrolled to the end of the page, a page that got shorter would move it too: it did not.
    expect(pageAfter).toEqual(pageBefore);
    expect(Math.abs((await same.boundingBox())!.y - yBefore)).toBeLessThan(2);
    // Where the reader is (screenshot() would scroll to the top, which lets the new rows in).
    await owner.screenshot({ path: path.join(SCREENSHOT_DIR, SHOTS, "04-deliveries-new-bar.png"), animations: "disabled" });
    await expectAccessible(owner, "deliveries with new rows waiting");

    await bar.click();
    await bar.waitFor({ state: "detached" });
    await expect.poll(() => table.getByRole("row").nth(1).innerText()).toContain("order.completed");
    await expect.poll(() => owner.evaluate(() => window.scrollY)).toBeLessThan(400);
  });

  it("bugs 5, 6, 11: archiving says what it does and publishing agrees; nested schema errors land under the field; dialogs handle focus", async () => {
    const admin = (await signedIn(ADMIN)).page;
    await expectText(admin.getByTestId("viewer-role"), "Operator admin");
    await admin.goto("/admin/event-types");
    const row = admin.getByRole("row").filter({ hasText: "order.refunded" });
    await waitVisible(row);
    await row.getByRole("button", { name: "Archive order.refunded" }).click();
    const confirm = admin.getByRole("dialog", { name: "Archive order.refunded?" });
    await expectText(confirm, "Publishing it is refused");
    await expectAccessible(admin, "archive confirmation");
    await confirm.getByRole("button", { name: "Archive event type" }).click();
    await expectText(admin.getByTestId("toast").filter({ hasText: "archived" }), "Publishing it is now refused");
    const refused = await publish("order.refunded", { orderId: "ord_3" });
    expect(refused.status).toBe(422);
    expect(JSON.stringify(refused.body)).toContain("is archived");
    await row.getByRole("button", { name: "Restore order.refunded" }).click();
    await waitVisible(admin.getByTestId("toast").filter({ hasText: "restored" }));
    expect((await publish("order.refunded", { orderId: "ord_3" })).status).toBe(202);

    const opener = admin.getByRole("button", { name: "New event type" }).first();
    await opener.click();
    const dialog = admin.getByRole("dialog", { name: "New event type" });
    await waitVisible(dialog);
    await expect.poll(() => admin.evaluate(() => document.activeElement?.closest("dialog") !== null && (document.activeElement as HTMLInputElement).placeholder)).toBe("order.completed");
    await dialog.getByLabel("Name").fill("invoice.paid");
    await dialog.getByLabel("JSON Schema").fill(JSON.stringify({ type: "object", properties: { lines: { type: "array", items: { type: "object", properties: { amount: { type: "integer" } } } } } }));
    const example = dialog.getByLabel("Example payload");
    await example.fill(JSON.stringify({ lines: [{ amount: "12" }] }));
    await dialog.getByRole("button", { name: "Add event type" }).click();
    await waitVisible(dialog.getByText("/lines/0/amount: must be integer"));
    expect(await example.getAttribute("aria-invalid")).toBe("true");
    await screenshot(admin, `${SHOTS}/05-event-type-nested-error`, { fullPage: false });
    await expectAccessible(admin, "event type dialog with a nested error");
    await example.fill(JSON.stringify({ lines: [{ amount: 12 }] }));
    await expect.poll(() => dialog.getByText("must be integer").count()).toBe(0);
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await dialog.waitFor({ state: "hidden" });
    await expect.poll(() => admin.evaluate(() => document.activeElement?.textContent)).toBe("New event type");
  });

  it("bug 9: a viewer is called a viewer; bug 11: the API-keys empty state reads as prose", async () => {
    const viewer = (await signedIn(VIEWER)).page;
    await waitForPath(viewer, /^\/t\//);
    await expectText(viewer.getByTestId("viewer-role"), "Viewer of Acme Inc.");
    await owner.goto(`/t/${tenantId}/api-keys`);
    const empty = owner.getByRole("heading", { name: "No API keys" }).locator("..");
    await waitVisible(empty);
    await expectText(empty, "Authorization: Bearer hy_");
    expect(await empty.innerText()).not.toContain("`");
    await expectAccessible(owner, "API keys, empty");
  });

  it("bug 11: disabled manually reads as a sentence; a deleted endpoint is not asked for again", async () => {
    const created = await api("POST", `/tenants/${tenantId}/endpoints`, { url: "https://hooks.example.com/soon-gone", description: "To delete" });
    const path = `/t/${tenantId}/endpoints/${created.body.id}`;
    await owner.goto(path);
    await owner.getByRole("button", { name: "Disable" }).click();
    await expectText(owner.getByRole("status").filter({ hasText: "disabled" }), "Disabled manually. Enable it");
    await expectAccessible(owner, "disabled endpoint");

    const notFound: string[] = [];
    owner.on("response", (r) => {
      if (r.status() === 404 && r.url().includes(created.body.id)) notFound.push(r.url());
    });
    await owner.getByRole("button", { name: "Delete" }).click();
    await owner.getByRole("dialog", { name: "Delete this endpoint?" }).getByRole("button", { name: "Delete endpoint" }).click();
    await waitForPath(owner, /\/endpoints$/);
    await waitVisible(owner.getByRole("table", { name: "Endpoints" }));
    await owner.waitForTimeout(1500);
    expect(notFound).toEqual([]);

    // A list that could not load says so, and no count above it claims "0 deliveries".
    await owner.goto(`/t/${tenantId}/deliveries?range=custom&after=not-a-date`);
    await waitVisible(owner.getByRole("heading", { name: "Could not load this" }));
    expect(await owner.locator("main").innerText()).not.toMatch(/\b0 deliveries\b/);
    await expectAccessible(owner, "deliveries that could not load");
  });

  it("bug 10: the overview's charts shrink with the window, say they plot attempts, and show a point's figures", async () => {
    const session = await signedIn(ADMIN);
    const admin = session.page;
    await admin.goto("/admin");
    await waitVisible(admin.getByRole("heading", { name: "Attempts per minute" }));
    const chart = admin.getByRole("img", { name: /^Attempts per minute/ });
    await waitVisible(chart);
    const box = (await chart.boundingBox())!;
    await admin.mouse.move(box.x + box.width - 20, box.y + box.height / 2);
    await expectText(admin.getByTestId("chart-tooltip").first(), /succeeded · \d+ failed/);
    await screenshot(admin, `${SHOTS}/06-overview-tooltip`, { fullPage: false });
    await admin.mouse.move(0, 0);
    await expectAccessible(admin, "overview");
    // Narrowed to a phone's width without a reload: nothing scrolls sideways.
    await admin.setViewportSize({ width: 390, height: 844 });
    await expect.poll(() => admin.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(admin, `${SHOTS}/07-overview-phone`);
  });

  it("missing features: the tenant's event catalog, finding a delivery, recovering with a preview", async () => {
    await owner.setViewportSize({ width: 1280, height: 800 });
    await owner.goto(`/t/${tenantId}/endpoints`);
    await nav(owner).getByRole("link", { name: "Event catalog" }).click();
    await waitForPath(owner, /\/event-types$/);
    const entries = owner.getByTestId("catalog-entry");
    await expect.poll(() => entries.count()).toBe(2);
    const completed = entries.filter({ hasText: "order.completed" });
    await completed.locator("summary").click();
    await expectText(completed, '"required": [');
    await expectText(completed, '"orderId": "ord_1001"');
    await expectText(completed, "An order was paid for");
    await screenshot(owner, `${SHOTS}/08-event-catalog`);
    await docsScreenshot(owner, "event-catalog");
    await expectAccessible(owner, "event catalog, one type open");
    // Dark, as the system setting asks.
    await owner.emulateMedia({ colorScheme: "dark" });
    await screenshot(owner, `${SHOTS}/08b-event-catalog-dark`, { fullPage: false });
    await docsScreenshot(owner, "dark-mode");
    await owner.emulateMedia({ colorScheme: "light" });

    // Find: by a payload value, by message id (the webhook-id), by delivery id.
    const published = (await publish("order.completed", { orderId: "ord_find_me", customer: { email: "pat@example.com" } })).body;
    await owner.goto(`/t/${tenantId}/deliveries`);
    const find = owner.getByRole("searchbox", { name: "Find a delivery" });
    await find.fill("pat@example.com");
    await find.press("Enter");
    await expect.poll(() => new URL(owner.url()).searchParams.get("payload")).toBe("pat@example.com");
    const table = owner.getByRole("table", { name: "Deliveries" });
    await expect.poll(async () => (await table.getByRole("row").count()) - 1, { timeout: 15_000 }).toBe(2); // one per subscribed endpoint
    await expectText(owner.locator("form[aria-label=Filters]"), "Payload holds pat@example.com");
    await screenshot(owner, `${SHOTS}/09-find-by-payload`, { fullPage: false });
    await docsScreenshot(owner, "find-delivery");
    await expectAccessible(owner, "deliveries found by a payload value");
    const deliveryHref = await table.getByRole("row").nth(1).getByRole("link").first().getAttribute("href");
    await find.fill(published.id);
    await find.press("Enter");
    await expect.poll(() => new URL(owner.url()).searchParams.get("messageId")).toBe(published.id);
    await find.fill(deliveryHref!.split("/").pop()!);
    await find.press("Enter");
    await waitForPath(owner, /\/deliveries\/dlv_/);
    expect(new URL(owner.url()).pathname).toBe(deliveryHref);

    // Recover: three deliveries failed during an outage; the preview counts them before any is sent.
    const outage = (await api("POST", `/tenants/${tenantId}/endpoints`, { url: BLOCKED_URL, description: "Outage", eventTypes: ["order.refunded"] })).body;
    for (let i = 0; i < 3; i++) expect((await publish("order.refunded", { orderId: `ord_down_${i}` })).status).toBe(202);
    const failedOf = async () => (await api("GET", `/tenants/${tenantId}/deliveries?endpointId=${outage.id}&status=failed`)).body.data.length;
    await expect.poll(failedOf, { timeout: 30_000 }).toBe(3);
    await owner.goto(`/t/${tenantId}/endpoints/${outage.id}`);
    // Its activity: three deliveries, each attempted twice and failed.
    await waitVisible(owner.getByRole("img", { name: "Attempts per hour: 6 attempts, 6 failed" }));
    await expectText(owner.getByRole("heading", { name: "Activity (24 h)" }).locator("../.."), "3 deliveries; attempts per hour by outcome, 6 failed.");
    await screenshot(owner, `${SHOTS}/09b-endpoint-activity`);
    await owner.getByRole("button", { name: "Recover failed deliveries…" }).click();
    const confirm = owner.getByRole("dialog", { name: "Re-send 3 failed deliveries?" });
    await waitVisible(confirm);
    await screenshot(owner, `${SHOTS}/10-recover-preview`, { fullPage: false });
    await docsScreenshot(owner, "recover-preview");
    await expectAccessible(owner, "recover preview");
    await confirm.getByRole("button", { name: "Cancel" }).click();
    await owner.waitForTimeout(1000);
    expect(await failedOf()).toBe(3); // the preview sent nothing
    await owner.getByRole("button", { name: "Recover failed deliveries…" }).click();
    await confirm.getByRole("button", { name: "Re-send 3 failed deliveries" }).click();
    await waitVisible(owner.getByTestId("toast").filter({ hasText: "Requeued 3 failed deliveries" }));
  });

  it("phone width: the new screens fit 390 px", async () => {
    const phone = await openSession(browser, server.url, { width: 390, height: 844 });
    sessions.push(phone);
    await phone.context.addCookies(await owner.context().cookies());
    for (const [path, name] of [
      [`/t/${tenantId}/event-types`, "11-phone-event-catalog"],
      [`/t/${tenantId}/deliveries`, "12-phone-deliveries"],
      [`/t/${tenantId}/endpoints`, "13-phone-endpoints"],
    ]) {
      await phone.page.goto(path);
      await waitVisible(phone.page.getByRole("heading", { level: 1 }));
      await phone.page.waitForLoadState("networkidle").catch(() => {});
      expect(await phone.page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(390);
      await screenshot(phone.page, `${SHOTS}/${name}`);
      await expectAccessible(phone.page, `${path} at 390 px`);
    }
    await phone.page.goto(`/t/${tenantId}/endpoints`);
    await phone.page.getByRole("button", { name: "Create test inbox" }).first().click();
    await waitVisible(phone.page.getByRole("dialog", { name: "Create a test inbox" }));
    await screenshot(phone.page, `${SHOTS}/14-phone-test-inbox-dialog`, { fullPage: false });
  });
});
