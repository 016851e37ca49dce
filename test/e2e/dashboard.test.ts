// The dashboard in a real Chromium against `npm run build` + the production web server, a real database and
// real HTTP: the whole first-run loop a new operator goes through, a failing endpoint fixed and
// retried, and secret rotation. Each step asserts what the user sees on the page.
// The steps run in order and share one signed-in browser session.
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  chromiumInstalled,
  docsScreenshot,
  expectText,
  launchBrowser,
  openSession,
  screenshot,
  waitForPath,
  waitVisible,
  type Session,
} from "./helpers/browser";
import { freePort, startServer, type RunningServer } from "./helpers/server";

const ADMIN = { name: "Ada Operator", email: "ada@hookyard.test", password: "correct horse battery" };
const EVENT_TYPE = "order.completed";
const EXAMPLE = { orderId: "ord_1001", total: 4200, currency: "EUR" };

let server: RunningServer;
let browser: Browser;
let session: Session;
let page: Page;
// Learned along the way, through the UI.
let tenantPath = "";
let inboxUrl = "";
let inboxEndpointPath = "";

const nav = () => page.getByRole("navigation", { name: "Main" });

describe.skipIf(!chromiumInstalled)("dashboard in Chromium", () => {
  beforeAll(async () => {
    // Retries one second apart, so a failing delivery settles quickly.
    [server, browser] = await Promise.all([startServer({ HOOKYARD_RETRY_SCHEDULE: "0s,1s" }), launchBrowser()]);
    session = await openSession(browser, server.url);
    page = session.page;
  });

  // No uncaught exception or console error on any page along the way.
  afterEach(() => {
    expect(session?.errors.splice(0) ?? []).toEqual([]);
  });

  afterAll(async () => {
    await session?.context.close().catch(() => {});
    await browser?.close().catch(() => {});
    await server?.stop();
  });

  it("first user: sign up as operator admin, create a tenant and an event type", async () => {
    await page.goto("/");
    await waitForPath(page, /^\/sign-up$/);
    await waitVisible(page.getByRole("heading", { name: "Set up Hookyard" }));
    await expectText(page.locator("main"), "the first account becomes the operator admin");
    await screenshot(page, "dashboard/01-sign-up-first-user");

    await page.getByLabel("Name").fill(ADMIN.name);
    await page.getByLabel("Email").fill(ADMIN.email);
    await page.getByLabel("Password").fill(ADMIN.password);
    await page.getByRole("button", { name: "Create account" }).click();

    // An admin with no tenants lands on the tenants page.
    await waitForPath(page, /^\/admin\/tenants$/);
    await waitVisible(page.getByRole("heading", { name: "Create your first tenant" }));
    await expectText(nav(), "Operator admin");
    await screenshot(page, "dashboard/02-tenants-first-run");

    await page.getByLabel("Tenant name").fill("Acme Inc.");
    await page.getByLabel("Your id for it").fill("cus_acme");
    await page.getByRole("button", { name: "Create tenant" }).click();
    // The first tenant opens straight away, on its (empty) endpoints page.
    await waitForPath(page, /^\/t\/[^/]+\/endpoints$/);
    tenantPath = new URL(page.url()).pathname.replace(/\/endpoints$/, "");
    await waitVisible(page.getByRole("heading", { name: "No endpoints yet" }));
    await screenshot(page, "dashboard/03-endpoints-empty");

    await nav().getByRole("link", { name: "Event types" }).click();
    await waitForPath(page, /^\/admin\/event-types$/);
    await waitVisible(page.getByRole("heading", { name: "The catalog is empty" }));
    await page.getByRole("button", { name: "New event type" }).first().click();
    const dialog = page.getByRole("dialog", { name: "New event type" });
    await waitVisible(dialog);
    await dialog.getByLabel("Name").fill(EVENT_TYPE);
    await dialog.getByLabel("Description").fill("An order was paid for and is ready to ship.");
    await dialog
      .getByLabel("JSON Schema")
      .fill(JSON.stringify({ type: "object", required: ["orderId"], properties: { orderId: { type: "string" }, total: { type: "integer" } } }, null, 2));
    // An example that breaks the schema: the API's error, at a path inside the JSON, lands under
    // the field, and goes as soon as the field is edited.
    const example = dialog.getByLabel("Example payload");
    await example.fill(JSON.stringify({ ...EXAMPLE, orderId: 1001 }));
    await dialog.getByRole("button", { name: "Add event type" }).click();
    const exampleError = dialog.getByText("/orderId: must be string");
    await waitVisible(exampleError);
    expect(await example.getAttribute("aria-invalid")).toBe("true");
    await expectText(dialog.getByRole("alert"), "Please fix the highlighted fields.");
    await exampleError.scrollIntoViewIfNeeded();
    await screenshot(page, "dashboard/04a-event-type-example-refused", { fullPage: false });
    await example.fill(JSON.stringify(EXAMPLE, null, 2));
    await exampleError.waitFor({ state: "detached" });
    expect(await example.getAttribute("aria-invalid")).toBeNull();
    expect(await dialog.getByRole("alert").count()).toBe(0);
    await screenshot(page, "dashboard/04-event-type-dialog", { fullPage: false });
    await dialog.getByRole("button", { name: "Add event type" }).click();
    await dialog.waitFor({ state: "hidden" });

    const row = page.getByRole("row").filter({ hasText: EVENT_TYPE });
    await waitVisible(row);
    await expectText(row, "An order was paid for");
    await expectText(row, "schema");
    await expectText(row, "example");
    await screenshot(page, "dashboard/05-event-types");
  });

  it("test inbox: send a test event, see it succeed and arrive with a verified signature", async () => {
    await page.goto(`${tenantPath}/endpoints`);
    // A capture URL on this Hookyard and an endpoint delivering to it, subscribed to the type chosen.
    await page.getByRole("button", { name: "Create test inbox" }).first().click();
    const quickStart = page.getByRole("dialog", { name: "Create a test inbox" });
    await expect.poll(() => quickStart.getByRole("checkbox", { name: new RegExp(EVENT_TYPE.replace(".", "\\.")) }).isChecked()).toBe(true);
    await quickStart.getByRole("button", { name: "Create test inbox" }).click();
    await waitForPath(page, /^\/t\/[^/]+\/endpoints\/ep_[^/]+$/);
    inboxEndpointPath = new URL(page.url()).pathname;
    await waitVisible(page.getByRole("heading", { name: "Signing secret" }));
    const heading = page.getByRole("heading", { level: 1 });
    await expectText(heading, `${server.url}/api/inbox/`);
    inboxUrl = (await heading.innerText()).trim();

    // The test-event form offers the catalog's type and prefills its example payload.
    await page.getByLabel("Event type", { exact: true }).selectOption(EVENT_TYPE);
    await expect.poll(() => page.getByLabel("Payload (JSON)").inputValue()).toContain('"orderId": "ord_1001"');
    await waitVisible(page.getByRole("tab", { name: "Node.js" }));
    await screenshot(page, "dashboard/06-endpoint-detail-new");
    await page.getByRole("button", { name: "Send test event" }).click();
    await waitVisible(page.getByTestId("toast").filter({ hasText: "Test event sent" }));

    // The endpoint's deliveries table polls: the delivery turns up and succeeds.
    await waitVisible(page.getByRole("link", { name: /^Delivery dlv_\w+: succeeded$/ }), 45_000);
    const endpointRow = page.getByRole("table", { name: "Deliveries" }).getByRole("row").filter({ hasText: EVENT_TYPE });
    await expectText(endpointRow, "200");
    await expectText(endpointRow, "test");
    await screenshot(page, "dashboard/07-endpoint-detail-after-test");
    await docsScreenshot(page, "endpoint-detail");

    // The tenant's deliveries browser shows it too.
    await nav().getByRole("link", { name: "Deliveries" }).click();
    await waitForPath(page, /\/deliveries$/);
    const row = page.getByRole("table", { name: "Deliveries" }).getByRole("row").filter({ hasText: EVENT_TYPE });
    await waitVisible(row);
    await expectText(row, "Succeeded");
    await expectText(row, "200");
    await expectText(row, "/api/inbox/");
    await screenshot(page, "dashboard/08-deliveries");

    // The inbox captured the request and checked its signature against the endpoint's secret.
    await nav().getByRole("link", { name: "Test inboxes" }).click();
    await waitForPath(page, /\/inboxes$/);
    await expectText(page.getByRole("table", { name: "Test inboxes" }), inboxUrl);
    await screenshot(page, "dashboard/09-inboxes");
    await page.getByRole("link", { name: "Test inbox", exact: true }).click();
    await waitForPath(page, /\/inboxes\/[^/]+$/);
    await expectText(page.getByTestId("inbox-url"), inboxUrl);
    const captured = page.getByTestId("captured-request");
    await waitVisible(captured);
    await expect.poll(() => captured.count()).toBe(1);
    await expectText(captured, EVENT_TYPE);
    await expectText(captured, "Signature verified");
    await expectText(captured, "webhook-signature");
    await expectText(captured, '"orderId": "ord_1001"');
    await screenshot(page, "dashboard/10-inbox-detail");
    await docsScreenshot(page, "inbox");
  });

  it("failing endpoint: see the refused connection, fix the URL, retry, watch the new attempt succeed", async () => {
    const closedPort = await freePort(); // nothing listens on it
    const closedUrl = `http://127.0.0.1:${closedPort}/webhooks`;
    await page.goto(`${tenantPath}/endpoints`);
    await page.getByRole("link", { name: "Add endpoint" }).click();
    await waitForPath(page, /\/endpoints\/new$/);
    await page.getByLabel("Endpoint URL").fill(closedUrl);
    await page.getByLabel("Description").fill("Billing service (down)");
    await page.getByLabel("Only the types I choose").check();
    await page.getByRole("checkbox", { name: new RegExp(EVENT_TYPE.replace(".", "\\.")) }).check();
    await screenshot(page, "dashboard/11-new-endpoint");
    await page.getByRole("button", { name: "Create endpoint" }).click();
    await waitForPath(page, /\/endpoints\/ep_[^/]+$/);
    await expectText(page.getByRole("heading", { level: 1 }), closedUrl);

    // Its first subscribed type is preselected; send the example.
    await expect.poll(() => page.getByLabel("Event type", { exact: true }).inputValue()).toBe(EVENT_TYPE);
    await page.getByRole("button", { name: "Send test event" }).click();
    // Both scheduled attempts ("0s,1s") fail, and the delivery ends failed.
    const failedLink = page.getByRole("link", { name: /^Delivery dlv_\w+: failed$/ });
    await waitVisible(failedLink, 45_000);
    await expectText(page.getByRole("table", { name: "Deliveries" }), "ECONNREFUSED");
    await waitVisible(page.getByRole("status").filter({ hasText: "Every attempt has failed since" }));
    await screenshot(page, "dashboard/12-failing-endpoint");

    await failedLink.click();
    await waitForPath(page, /\/deliveries\/dlv_[^/]+$/);
    const deliveryPath = new URL(page.url()).pathname;
    const attempts = page.getByTestId("attempt");
    await expect.poll(() => attempts.count()).toBe(2);
    for (const attempt of await attempts.all()) {
      await expectText(attempt, "Failed");
      await expectText(attempt, "Connection refused");
    }
    await expectText(attempts.first(), "No response was received.");
    await expectText(page.getByRole("heading", { level: 1 }).locator(".."), "Failed");
    await screenshot(page, "dashboard/13-failed-delivery");

    // Fix the endpoint: point it at the test inbox.
    await page.getByRole("link", { name: `127.0.0.1:${closedPort}/webhooks` }).click();
    await waitForPath(page, /\/endpoints\/ep_[^/]+$/);
    await page.getByRole("link", { name: "Edit", exact: true }).click();
    await waitForPath(page, /\/edit$/);
    const urlInput = page.getByLabel("Endpoint URL");
    await expect.poll(() => urlInput.inputValue()).toBe(closedUrl);
    await urlInput.fill(inboxUrl);
    await page.getByRole("button", { name: "Save changes" }).click();
    await waitForPath(page, /\/endpoints\/ep_[^/]+$/);
    await expectText(page.getByRole("heading", { level: 1 }), inboxUrl);

    // Retry from the delivery page: the third attempt lands there without a reload.
    await page.goto(deliveryPath);
    await expect.poll(() => attempts.count()).toBe(2);
    await page.getByRole("button", { name: "Retry" }).click();
    await waitVisible(page.getByTestId("toast").filter({ hasText: "Retry queued" }));
    await expect.poll(() => attempts.count(), { timeout: 30_000 }).toBe(3);
    const newest = attempts.first();
    await expectText(newest, "Attempt 3");
    await expectText(newest, "Succeeded");
    await expectText(newest, "Manual retry");
    await expectText(newest, "200");
    await expectText(newest, `POST ${inboxUrl}`);
    await expectText(page.getByRole("heading", { level: 1 }).locator(".."), "Succeeded");
    await screenshot(page, "dashboard/14-delivery-after-retry");
    await docsScreenshot(page, "delivery-detail");

    // Two endpoints, one healthy, one that has recovered.
    await nav().getByRole("link", { name: "Endpoints" }).click();
    await waitForPath(page, /\/endpoints$/);
    const table = page.getByRole("table", { name: "Endpoints" });
    await expect.poll(() => table.getByRole("row").count()).toBe(3);
    await expectText(table.getByRole("row").filter({ hasText: "Billing service" }), "Enabled");
    await screenshot(page, "dashboard/15-endpoints");
    await docsScreenshot(page, "endpoints");

    await nav().getByRole("link", { name: "Deliveries" }).click();
    await waitForPath(page, /\/deliveries$/);
    await expect.poll(() => page.getByRole("table", { name: "Deliveries" }).getByRole("row").count()).toBe(3);
    await screenshot(page, "dashboard/16-deliveries-two");
    await docsScreenshot(page, "deliveries");
  });

  it("rotate the signing secret with a grace period: the revealed secret changes", async () => {
    await page.goto(inboxEndpointPath);
    const secret = page.getByTestId("signing-secret");
    await expectText(secret, "whsec_••••");
    await page.getByRole("button", { name: "Reveal" }).click();
    await expectText(secret, /^whsec_[A-Za-z0-9+/=]{20,}$/);
    const before = (await secret.innerText()).trim();

    await page.getByRole("button", { name: "Rotate…" }).click();
    const dialog = page.getByRole("dialog", { name: "Rotate the signing secret" });
    await waitVisible(dialog);
    const grace = dialog.getByLabel("Old secret stops signing");
    await expect.poll(() => grace.inputValue()).toBe("86400"); // the recommended default
    await grace.selectOption({ label: "After 1 hour" });
    await screenshot(page, "dashboard/17-rotate-dialog", { fullPage: false });
    await dialog.getByRole("button", { name: "Rotate secret" }).click();
    await dialog.waitFor({ state: "hidden" });
    await waitVisible(page.getByTestId("toast").filter({ hasText: "Secret rotated" }));
    await expectText(page.getByTestId("toast").filter({ hasText: "Secret rotated" }), "both signatures");

    await expect.poll(async () => (await secret.innerText()).trim()).not.toBe(before);
    const after = (await secret.innerText()).trim();
    expect(after).toMatch(/^whsec_[A-Za-z0-9+/=]{20,}$/);
    // Still the new one after hiding and revealing again (read back from the server).
    await page.getByRole("button", { name: "Hide" }).click();
    await expectText(secret, "whsec_••••");
    await page.getByRole("button", { name: "Reveal" }).click();
    await expectText(secret, after);
    // The card says how long the old secret keeps signing: the hour chosen above.
    await expectText(page.getByTestId("previous-secret-expiry"), "it stops in 1 hour");
    await screenshot(page, "dashboard/18-endpoint-secret-rotated");
  });

  it("operator pages: overview, tenants, API keys; and a phone-width endpoints list", async () => {
    await nav().getByRole("link", { name: "Overview" }).click();
    await waitForPath(page, /^\/admin$/);
    await waitVisible(page.getByRole("heading", { name: "Attempts per minute" }));
    await expectText(page.locator("main"), /attempt success/i);
    await screenshot(page, "dashboard/19-overview");
    await docsScreenshot(page, "overview");

    await nav().getByRole("link", { name: "Tenants" }).click();
    await waitForPath(page, /^\/admin\/tenants$/);
    await expectText(page.getByRole("table", { name: "Tenants" }), "Acme Inc.");
    await screenshot(page, "dashboard/20-tenants");

    await nav().getByRole("link", { name: "Admin API keys" }).click();
    await waitForPath(page, /^\/admin\/api-keys$/);
    await page.getByLabel("Key name").fill("billing backend");
    await page.getByRole("button", { name: "Create key" }).click();
    await waitVisible(page.getByRole("button", { name: "Copy key" }));
    await expectText(page.getByRole("table", { name: "API keys" }), "billing backend");
    await screenshot(page, "dashboard/21-admin-api-keys");

    const phone = await openSession(browser, server.url, { width: 390, height: 844 });
    try {
      await phone.context.addCookies(await session.context.cookies());
      await phone.page.goto(`${tenantPath}/endpoints`);
      const table = phone.page.getByRole("table", { name: "Endpoints" });
      await waitVisible(table);
      await expectText(table, "Billing service");
      // Nothing wider than the phone: no sideways scrolling of the page itself.
      expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await screenshot(phone.page, "dashboard/22-phone-endpoints");
      await phone.page.getByRole("button", { name: "Menu" }).click();
      await waitVisible(phone.page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Deliveries" }));
      await screenshot(phone.page, "dashboard/23-phone-menu", { fullPage: false });
      expect(phone.errors).toEqual([]);
    } finally {
      await phone.context.close();
    }
  });
});
