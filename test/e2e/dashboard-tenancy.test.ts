// Tenant isolation in the browser: a member of tenant A who opens tenant B's pages — by B's URL,
// or with B's endpoint id under A's URL — gets the not-found page and none of B's data.
// The operator admin sets the tenants up in the dashboard; the users and the membership come from
// the CLI (`users create`, `tenants add-member`), as an operator scripting accounts would.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli";
import { chromiumInstalled, expectText, launchBrowser, openSession, screenshot, waitForPath, waitVisible, type Session } from "./helpers/browser";
import { startServer, type RunningServer } from "./helpers/server";

const ADMIN = { email: "ops@hookyard.test", password: "operator password 1" };
const MEMBER = { email: "mia@acme.test", password: "member password 1" };
const B_URL = "https://hooks.globex.example/secret-receiver";
const B_DESCRIPTION = "Globex billing receiver";

let server: RunningServer;
let browser: Browser;
const sessions: Session[] = [];
let tenantA = "";
let tenantB = "";
let endpointB = "";

async function cli(args: string[]) {
  const result = await runCli([...args, "--json"]);
  if (result.code !== 0) throw new Error(`cli ${args.join(" ")} failed (${result.code}): ${result.stderr}${result.stdout}`);
  return result.json();
}

async function signIn(page: Page, who: { email: string; password: string }, shot?: string) {
  await page.goto("/sign-in");
  await waitVisible(page.getByRole("heading", { name: "Sign in" }));
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  if (shot) await screenshot(page, shot);
  await page.getByRole("button", { name: "Sign in" }).click();
  await waitForPath(page, /^\/(admin|t)\//);
}

describe.skipIf(!chromiumInstalled)("tenant isolation in Chromium", () => {
  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    await cli(["users", "create", "--email", ADMIN.email, "--password", ADMIN.password, "--admin"]);
    await cli(["users", "create", "--email", MEMBER.email, "--password", MEMBER.password]);
  });

  afterAll(async () => {
    for (const s of sessions) await s.context.close().catch(() => {});
    await browser?.close().catch(() => {});
    await server?.stop();
  });

  it("the operator creates tenants A and B and an endpoint in B", async () => {
    const admin = await openSession(browser, server.url);
    sessions.push(admin);
    const page = admin.page;
    await signIn(page, ADMIN, "dashboard-tenancy/01-sign-in");
    await waitForPath(page, /^\/admin\/tenants$/);
    await waitVisible(page.getByRole("heading", { name: "Create your first tenant" }));

    await page.getByLabel("Tenant name").fill("Acme Inc.");
    await page.getByRole("button", { name: "Create tenant" }).click();
    await waitForPath(page, /^\/t\/[^/]+\/endpoints$/);
    tenantA = page.url().split("/t/")[1].split("/")[0];

    await page.goto("/admin/tenants");
    await page.getByLabel("Tenant name").fill("Globex Corp.");
    await page.getByRole("button", { name: "Create tenant" }).click();
    const globex = page.getByRole("table", { name: "Tenants" }).getByRole("link", { name: "Globex Corp.", exact: true });
    await waitVisible(globex);
    tenantB = (await globex.getAttribute("href"))!.split("/")[2];
    expect(tenantB).toMatch(/^ten_/);
    expect(tenantB).not.toBe(tenantA);
    await screenshot(page, "dashboard-tenancy/02-tenants");

    await page.goto(`/t/${tenantB}/endpoints/new`);
    await page.getByLabel("Endpoint URL").fill(B_URL);
    await page.getByLabel("Description").fill(B_DESCRIPTION);
    await page.getByRole("button", { name: "Create endpoint" }).click();
    await waitForPath(page, /\/endpoints\/ep_[^/]+$/);
    endpointB = new URL(page.url()).pathname.split("/").pop()!;
    await expectText(page.getByRole("heading", { level: 1 }), B_URL);
    expect(admin.errors).toEqual([]);
  });

  it("a member of A only: B's endpoint is not found, by B's URL or under A's", async () => {
    await cli(["tenants", "add-member", "--tenant", tenantA, "--email", MEMBER.email, "--role", "member"]);
    const member = await openSession(browser, server.url);
    sessions.push(member);
    const page = member.page;
    await signIn(page, MEMBER);
    // Their only tenant opens; the switcher lists nothing else and there is no operator menu.
    await waitForPath(page, new RegExp(`^/t/${tenantA}/endpoints$`));
    await waitVisible(page.getByRole("heading", { name: "No endpoints yet" }));
    const nav = page.getByRole("navigation", { name: "Main" });
    const options = nav.getByLabel("Tenant").locator("option");
    await expect.poll(() => options.allInnerTexts()).toEqual(["Choose a tenant…", "Acme Inc."]);
    await expectText(nav, "Member");
    expect(await nav.getByRole("link", { name: "Tenants" }).count()).toBe(0);
    await screenshot(page, "dashboard-tenancy/03-member-endpoints");

    const attempts = [
      `/t/${tenantB}/endpoints/${endpointB}`, // B's endpoint, by its own URL
      `/t/${tenantA}/endpoints/${endpointB}`, // B's endpoint id under A, which the member can see
      `/t/${tenantA}/endpoints/${endpointB}/edit`,
      `/t/${tenantB}/endpoints`,
    ];
    for (const [i, path] of attempts.entries()) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(404);
      await waitVisible(page.getByRole("heading", { name: "Page not found" }));
      expect(await page.getByRole("main").count(), "one main landmark").toBe(1);
      const text = await page.locator("body").innerText();
      for (const secret of ["Globex", B_URL, "hooks.globex.example", B_DESCRIPTION]) expect(text, `${path} shows ${secret}`).not.toContain(secret);
      // Under B's URL the sidebar offers no links into B (they would only lead to more 404s).
      if (path.startsWith(`/t/${tenantB}/`)) {
        await expect.poll(() => nav.getByRole("link", { name: "Endpoints" }).count(), { message: `${path}: sidebar links into B` }).toBe(0);
      }
      if (i === 0) await screenshot(page, "dashboard-tenancy/04-not-found");
    }
    // The way back leads to their own tenant.
    await page.getByRole("link", { name: "Back to the dashboard" }).click();
    await waitForPath(page, new RegExp(`^/t/${tenantA}/endpoints$`));

    // A phone-width not-found page.
    const phone = await openSession(browser, server.url, { width: 390, height: 844 });
    sessions.push(phone);
    await phone.context.addCookies(await member.context.cookies());
    await phone.page.goto(`/t/${tenantB}/endpoints/${endpointB}`);
    await waitVisible(phone.page.getByRole("heading", { name: "Page not found" }));
    // It fits the phone's screen: no scrolling to see a one-line message.
    expect(await phone.page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(844);
    await screenshot(phone.page, "dashboard-tenancy/05-phone-not-found");
    expect([...member.errors, ...phone.errors]).toEqual([]);
  });
});
