// Issue 9 in the browser: pages carry a nonce CSP and refuse framing (and still work under it);
// sign-in never leaves our origin whatever callbackUrl says; the Members page shows the
// last-owner rule; a viewer sees custom header values as hidden.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "../../lib/auth/api-keys";
import { db } from "../../lib/db/client";
import { newId } from "../../lib/ids";
import { addMember, createUser } from "../../lib/users/users";
import { chromiumInstalled, expectText, launchBrowser, openSession, screenshot, waitVisible, type Session } from "./helpers/browser";
import { startServer, type RunningServer } from "./helpers/server";

const PASSWORD = "security password 1";
let server: RunningServer;
let browser: Browser;
const sessions: Session[] = [];
let tenantId = "";
let deliveryId = "";
let invitationUrl = "";
let secondTenantId = "";

async function session() {
  const s = await openSession(browser, server.url);
  sessions.push(s);
  return s;
}

async function signIn(s: Session, email: string, path = "/sign-in") {
  await s.page.goto(path);
  await s.page.getByLabel("Email").fill(email);
  await s.page.getByLabel("Password").fill(PASSWORD);
  await s.page.getByRole("button", { name: "Sign in" }).click();
}

describe.skipIf(!chromiumInstalled)("security in the dashboard", () => {
  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ HOOKYARD_EXECUTOR: "none" }), launchBrowser()]);
    const tenant = await db().tenant.create({ data: { id: newId("tenant"), name: "Secure Co" } });
    tenantId = tenant.id;
    for (const [email, role] of [["owner@secure.test", "owner"], ["viewer@secure.test", "viewer"]] as const) {
      await createUser(db(), { email, password: PASSWORD });
      await addMember(db(), { tenantId, email, role });
    }
    const key = (await createApiKey(db(), { name: "seed", scope: "admin", tenantId: null })).key;
    const call = (path: string, body: unknown) =>
      fetch(`${server.url}/api/v1${path}`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify(body) }).then((r) => r.json());
    await call("/event-types", { name: "order.paid" });
    const second = await call("/tenants", { name: "Second Co" });
    secondTenantId = second.id;
    invitationUrl = (await call(`/tenants/${second.id}/invitations`, { email: "viewer@secure.test", role: "member" })).url;
    const endpoint = await call(`/tenants/${tenantId}/endpoints`, { url: "https://receiver.secure.test/h", headers: { authorization: "Bearer receiver-s3cret" } });
    const message = await call(`/tenants/${tenantId}/messages`, { eventType: "order.paid", payload: { n: 1 } });
    const delivery = await db().delivery.findFirstOrThrow({ where: { messageId: message.id } });
    deliveryId = delivery.id;
    await db().attempt.create({
      data: {
        id: newId("attempt"), deliveryId, tenantId, endpointId: endpoint.id, number: 1, trigger: "scheduled", url: endpoint.url, durationMs: 20,
        succeeded: true, responseStatus: 200, startedAt: new Date(),
        requestHeaders: { "content-type": "application/json", "webhook-id": message.id, authorization: "Bearer receiver-s3cret" },
      },
    });
  });

  afterAll(async () => {
    for (const s of sessions) await s.context.close().catch(() => {});
    await browser?.close().catch(() => {});
    await server?.stop();
  });

  it("serves pages with a nonce CSP, no framing, and they work under it", async () => {
    const res = await fetch(`${server.url}/sign-in`);
    const csp = res.headers.get("content-security-policy") ?? "";
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    const html = await res.text();
    expect(html).toContain(`nonce="${nonce}"`);
    const again = await fetch(`${server.url}/sign-in`);
    expect(again.headers.get("content-security-policy")).not.toBe(csp); // a fresh nonce per response
    const api = await fetch(`${server.url}/api/v1/me`);
    expect(api.headers.get("cache-control")).toBe("no-store");
  });

  it("signs in and stays on our origin whatever callbackUrl says", async () => {
    const s = await session();
    await signIn(s, "owner@secure.test", "/sign-in?callbackUrl=%2F%5Cevil.example%2Fphish");
    await s.page.waitForURL((url) => url.origin === server.url && url.pathname.startsWith("/t/"), { timeout: 60_000 });
    expect(new URL(s.page.url()).origin).toBe(server.url);
    expect(s.errors).toEqual([]);
  });

  it("shows the last-owner rule on the Members page", async () => {
    const s = sessions[0];
    await s.page.goto(`/t/${tenantId}/members`);
    const role = await waitVisible(s.page.getByLabel("Role of owner@secure.test"));
    expect(await role.isDisabled()).toBe(true);
    await expectText(s.page.getByRole("table", { name: "Members" }), "Last owner");
    expect(await s.page.getByRole("button", { name: "Remove owner@secure.test" }).isDisabled()).toBe(true);
    expect(await s.page.getByLabel("Role of viewer@secure.test").isDisabled()).toBe(false);
    await screenshot(s.page, "security/members-last-owner");
    expect(s.errors).toEqual([]);
  });

  it("shows a viewer custom header values as hidden on a delivery's attempts", async () => {
    const s = await session();
    await signIn(s, "viewer@secure.test");
    await s.page.waitForURL((url) => url.pathname.startsWith("/t/"), { timeout: 60_000 });
    await s.page.goto(`/t/${tenantId}/deliveries/${deliveryId}`);
    const headers = await waitVisible(s.page.getByRole("table", { name: "Attempt 1 request headers" }));
    await expectText(headers, "hidden from viewers");
    expect(await headers.innerText()).not.toContain("receiver-s3cret");
    expect(await headers.innerText()).toContain("webhook-id");
    await screenshot(s.page, "security/viewer-masked-headers");
    expect(s.errors).toEqual([]);
  });

  it("lets someone with an account join another tenant only by accepting the invitation", async () => {
    const s = sessions[1];
    const link = new URL(invitationUrl);
    await s.page.goto(link.pathname + link.search);
    await waitVisible(s.page.getByRole("heading", { name: "Accept the invitation" }));
    await expectText(s.page.locator("main, body").first(), "to Second Co as a member");
    expect(await db().membership.count({ where: { tenantId: secondTenantId } })).toBe(0);
    await screenshot(s.page, "security/accept-invitation");
    await s.page.getByRole("button", { name: "Accept invitation" }).click();
    await s.page.waitForURL((url) => url.pathname === `/t/${secondTenantId}/endpoints`, { timeout: 60_000 });
    expect(await db().membership.count({ where: { tenantId: secondTenantId } })).toBe(1);
    expect(s.errors).toEqual([]);
  });
});
