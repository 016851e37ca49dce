// Issue 11 in Chromium against the built server, a real database and real receivers: versions of an
// event type (the breaking check, pins, moving an endpoint to the new line), bulk replay (dry run,
// pace, progress), ordered delivery (blocked behind), the receiver's 410, the operational webhooks
// page and data retention. Each step asserts what the user sees; the steps share one session.
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "../../lib/auth/api-keys";
import { db } from "../../lib/db/client";
import { ensureOperatorTenant } from "../../lib/operational-events/tenant";
import { runCli } from "../helpers/cli";
import { startReceiver, type Receiver } from "../helpers/receiver";
import { chromiumInstalled, expectText, launchBrowser, openSession, screenshot, waitForPath, waitVisible, type Session } from "./helpers/browser";
import { startServer, type RunningServer } from "./helpers/server";

const ADMIN = { email: "ops@hookyard.test", password: "operator password 1" };
const V1 = { type: "object", properties: { orderId: { type: "string" }, total: { type: "number" }, coupon: { type: "string" } }, required: ["orderId", "total"] };

let server: RunningServer;
let browser: Browser;
let session: Session;
let page: Page;
let receiver: Receiver;
let key = "";
let tenantId = "";
/** Paths the receiver answers 500 on; "/gone" always answers 410. */
const failing = new Set<string>();
let releaseOrdered!: () => void;
const orderedReleased = new Promise<void>((r) => (releaseOrdered = r));

async function api(method: string, path: string, body?: unknown) {
  const res = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = res.status === 204 ? null : await res.json();
  if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

const endpoint = (path: string, extra: Record<string, unknown> = {}) => api("POST", `/tenants/${tenantId}/endpoints`, { url: receiver.url.replace("/hook", path), ...extra });
const publish = (payload: unknown, extra: Record<string, unknown> = {}) => api("POST", `/tenants/${tenantId}/messages`, { eventType: "order.paid", payload, ...extra });
const refund = (n: number) => api("POST", `/tenants/${tenantId}/messages`, { eventType: "refund.issued", payload: { refundId: `r_${n}` } });
const at = (path: string) => receiver.requests.filter((r) => r.path === path);

async function until(check: () => Promise<boolean> | boolean, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(!chromiumInstalled)("versions, replay and the operator's features in Chromium", () => {
  beforeAll(async () => {
    receiver = await startReceiver();
    receiver.respond(async (req) => {
      if (req.path === "/gone") return { status: 410, body: "no such hook" };
      if (req.path === "/ordered" && req.body.includes('"n":1')) await orderedReleased;
      return { status: failing.has(req.path) ? 500 : 200 };
    });
    [server, browser] = await Promise.all([startServer({ HOOKYARD_RETRY_SCHEDULE: "0s,500ms", HOOKYARD_WORKERS: "0" }), launchBrowser()]);
    const result = await runCli(["users", "create", "--email", ADMIN.email, "--password", ADMIN.password, "--admin", "--json"]);
    expect(result.code).toBe(0);
    await ensureOperatorTenant(); // what the launcher does at start (the test runs the web server alone)
    key = (await createApiKey(db(), { name: "e2e admin", scope: "admin", tenantId: null })).key;
    tenantId = (await api("POST", "/tenants", { name: "Acme Inc.", uid: "acme" })).id;
    await api("POST", "/event-types", { name: "order.paid", description: "An order was paid", schema: V1, examplePayload: { orderId: "o_1", total: 42 } });
    await api("POST", "/event-types", { name: "refund.issued", description: "A refund was issued" });
    session = await openSession(browser, server.url);
    page = session.page;
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill(ADMIN.email);
    await page.getByLabel("Password").fill(ADMIN.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await waitForPath(page, /^\/(admin|t)(\/|$)/);
  });

  afterEach(() => {
    expect(session?.errors.splice(0) ?? []).toEqual([]);
  });

  afterAll(async () => {
    releaseOrdered?.();
    await session?.context.close().catch(() => {});
    await browser?.close().catch(() => {});
    await server?.stop();
    await receiver?.close();
  });

  it("versions: a breaking version is refused until marked so; then endpoints are pinned and the catalog shows the changes", async () => {
    const existing = await endpoint("/v-existing", { eventTypes: ["order.paid"] });
    await page.goto("/admin/event-types");
    await page.getByRole("link", { name: "Versions of order.paid" }).click();
    await waitForPath(page, /^\/admin\/event-types\/order\.paid$/);
    await waitVisible(page.getByTestId("version-1"));
    await page.getByRole("button", { name: "New version" }).click();
    const dialog = page.getByRole("dialog", { name: "New version of order.paid" });
    await waitVisible(dialog);
    // Prefilled with version 1's schema: drop "coupon" and retype "total".
    expect(await dialog.getByLabel("JSON Schema").inputValue()).toContain('"coupon"');
    const v2 = { type: "object", properties: { orderId: { type: "string" }, total: { type: "object", properties: { amount: { type: "integer" }, currency: { type: "string" } } } }, required: ["orderId", "total"] };
    await dialog.getByLabel("JSON Schema").fill(JSON.stringify(v2, null, 2));
    await dialog.getByLabel("Example payload").fill(JSON.stringify({ orderId: "o_1", total: { amount: 4200, currency: "EUR" } }));
    await dialog.getByLabel("What changed").fill("The total carries its currency");
    await dialog.getByRole("button", { name: "Add version 2" }).click();
    await expectText(dialog.getByRole("alert"), "breaks version 1");
    await expectText(dialog, "total changed type from number to object");
    await expectText(dialog, "coupon was removed");
    await screenshot(page, "catalog/01-breaking-version-refused", { fullPage: false });

    await dialog.getByRole("checkbox").check();
    await dialog.getByRole("button", { name: "Add version 2" }).click();
    await waitVisible(page.getByTestId("toast").filter({ hasText: "Version 2 of order.paid added" }));
    await expectText(page.getByTestId("toast"), "1 endpoint(s) were pinned to version 1");
    const v2Card = page.getByTestId("version-2");
    await expectText(v2Card, "breaking");
    await expectText(v2Card, "coupon was removed");
    await expectText(v2Card, "The total carries its currency");
    await expectText(page.getByTestId("version-1"), "1 endpoint pinned");
    await screenshot(page, "catalog/02-versions");

    // The endpoint that existed is on version 1 now: its owner moves it in the form.
    await page.goto(`/t/${tenantId}/endpoints/${existing.id}`);
    await expectText(page.locator("main"), "order.paid v1");
    await page.getByRole("link", { name: "Edit" }).click();
    const pin = page.getByLabel("order.paid", { exact: true });
    expect(await pin.inputValue()).toBe("1");
    await screenshot(page, "catalog/03-endpoint-version-pin");
    await pin.selectOption("");
    await page.getByRole("button", { name: "Save changes" }).click();
    await waitForPath(page, /\/endpoints\/ep_[^/]+$/);
    await expectText(page.locator("main"), "Latest of every type");
    // Now it gets version 2 messages, and the body says so.
    const message = await publish({ orderId: "o_2", total: { amount: 1, currency: "EUR" } });
    await until(() => at("/v-existing").length === 1);
    expect(at("/v-existing")[0].headers["webhook-id"]).toBe(message.id);
    expect(JSON.parse(at("/v-existing")[0].body)).toMatchObject({ type: "order.paid", version: 2 });
  });

  it("replay: a dry run counts failed and never-sent messages; the replay delivers them at the pace chosen, with progress", async () => {
    // Its own event type: the messages of the other steps are not "never sent" to it.
    const ep = await endpoint("/replay", { eventTypes: ["refund.issued"] });
    failing.add("/replay");
    for (let n = 0; n < 3; n++) await refund(n);
    await until(async () => (await api("GET", `/tenants/${tenantId}/deliveries?endpointId=${ep.id}&status=failed`)).data.length === 3);
    await api("PATCH", `/tenants/${tenantId}/endpoints/${ep.id}`, { disabled: true });
    for (let n = 3; n < 5; n++) await refund(n);
    await api("PATCH", `/tenants/${tenantId}/endpoints/${ep.id}`, { disabled: false });
    failing.delete("/replay");
    const before = at("/replay").length;

    await page.goto(`/t/${tenantId}/endpoints/${ep.id}`);
    await waitVisible(page.getByRole("heading", { name: "Replay" }));
    await page.getByLabel("Rate (deliveries per second)").fill("2");
    await page.getByRole("button", { name: "Count deliveries (dry run)" }).click();
    const preview = page.getByTestId("replay-preview");
    await expectText(preview, "5 deliveries would be replayed");
    await expectText(preview, "3 again, 2 never sent");
    await preview.scrollIntoViewIfNeeded();
    await screenshot(page, "replay/01-dry-run");
    expect(at("/replay").length).toBe(before); // a dry run sends nothing

    await page.getByRole("button", { name: "Replay 5" }).click();
    await waitVisible(page.getByTestId("toast").filter({ hasText: "Replaying 5 deliveries" }));
    const progress = page.getByTestId("replay").first();
    await expectText(progress, "Running");
    await progress.scrollIntoViewIfNeeded();
    await screenshot(page, "replay/02-running");
    await expectText(progress, "Completed", 60_000);
    await expectText(progress, "5 succeeded");
    await screenshot(page, "replay/03-completed");
    const replayed = at("/replay").slice(before);
    expect(replayed).toHaveLength(5);
    // 5 slots at 2 per second: about two seconds from the first to the last.
    expect(replayed.at(-1)!.at - replayed[0].at).toBeGreaterThanOrEqual(1_500);
  });

  it("ordered endpoint: the toggle in the form; deliveries waiting say what they are blocked behind", async () => {
    await page.goto(`/t/${tenantId}/endpoints/new`);
    await page.getByLabel("Endpoint URL").fill(receiver.url.replace("/hook", "/ordered"));
    await page.getByLabel(/Ordered delivery/).check();
    await page.getByRole("button", { name: "Create endpoint" }).click();
    await waitForPath(page, /\/endpoints\/ep_[^/]+$/);
    await expectText(page.locator("main"), "Ordered: one at a time, in publish order");
    const endpointId = new URL(page.url()).pathname.split("/").pop()!;
    // The first message hangs at the receiver; the next two wait behind it.
    for (let n = 1; n <= 3; n++) await publish({ orderId: `o_${n}`, total: { amount: n }, n });
    await until(() => at("/ordered").length === 1);
    const first = (await api("GET", `/tenants/${tenantId}/deliveries?endpointId=${endpointId}`)).data.at(-1);
    await page.goto(`/t/${tenantId}/deliveries?endpointId=${endpointId}`);
    const table = page.getByRole("table", { name: "Deliveries" });
    await expect.poll(() => table.getByText("Blocked behind").count(), { timeout: 30_000 }).toBe(2);
    await screenshot(page, "ordered/01-blocked-behind");
    await table.getByRole("row").filter({ hasText: "Blocked behind" }).first().getByRole("link").first().click();
    await waitForPath(page, /\/deliveries\/dlv_/);
    await expectText(page.getByRole("status").filter({ hasText: "Blocked behind" }), first.id);
    await screenshot(page, "ordered/02-delivery-blocked");
    releaseOrdered();
    await until(() => at("/ordered").length === 3);
  });

  it("the receiver decides: a 410 Gone is shown in the attempt log, and the endpoint is disabled with the reason", async () => {
    const ep = await endpoint("/gone");
    await publish({ orderId: "g_1", total: { amount: 1 } });
    await until(async () => (await api("GET", `/tenants/${tenantId}/deliveries?endpointId=${ep.id}&status=failed`)).data.length === 1);
    const [delivery] = (await api("GET", `/tenants/${tenantId}/deliveries?endpointId=${ep.id}`)).data;
    await page.goto(`/t/${tenantId}/deliveries/${delivery.id}`);
    const attempt = page.getByTestId("attempt").first();
    await expectText(attempt, "410 Gone: endpoint disabled");
    await expectText(attempt, "Hookyard disabled it at once");
    await screenshot(page, "receiver/01-gone");
    await page.goto(`/t/${tenantId}/endpoints/${ep.id}`);
    await expectText(page.getByRole("status").filter({ hasText: "This endpoint is disabled" }), "410 Gone");
  });

  it("operator: the operational webhooks page, the built-in tenant, and data retention", async () => {
    await page.goto("/admin/tenants");
    await expectText(page.getByRole("table", { name: "Tenants" }), "Built in: operational webhooks");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Operational webhooks" }).click();
    await waitForPath(page, /^\/admin\/operational-webhooks$/);
    await expectText(page.getByTestId("operator-endpoints"), "No endpoint yet");
    await expect.poll(() => page.getByTestId("operational-event").count()).toBe(7);
    const exhausted = page.getByTestId("operational-event").filter({ hasText: "hookyard.message.attempt.exhausted" });
    await exhausted.locator("summary").click();
    await expectText(exhausted, '"deliveryId"');
    await screenshot(page, "operator/01-operational-webhooks");

    await page.goto(`/t/${tenantId}/retention`);
    await expectText(page.getByTestId("retention-summary"), "more than 30 days ago");
    await page.getByLabel("Keep for (days)").fill("7");
    await page.getByRole("button", { name: "Save" }).click();
    await expectText(page.getByTestId("retention-summary"), "more than 7 days ago");
    await expectText(page.locator("main"), "This tenant's own setting");
    await screenshot(page, "operator/02-retention");
    expect((await api("GET", `/tenants/${tenantId}`)).retentionDays).toBe(7);
  });
});
