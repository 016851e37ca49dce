// Every write the dashboard makes (lib/query/mutations.ts), run as the browser runs it — a
// MutationObserver on a QueryClient — with the browser's same-origin fetch served by the real
// route handlers and database: each names a route that exists, with a method and body the handler
// accepts, and leaves the query cache as the pages expect. (The email sign-in link goes through
// next-auth's client and is covered by the magic-link tests.)
import { MutationObserver, QueryClient, type MutationObserverOptions, type QueryKey } from "@tanstack/react-query";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import {
  apiKeyMutations,
  authMutations,
  deliveryMutations,
  endpointMutations,
  eventTypeMutations,
  inboxMutations,
  memberMutations,
  tenantMutations,
} from "@/lib/query/mutations";
import { apiKeyQueries, deliveryQueries, endpointQueries, eventTypeQueries, inboxQueries, memberQueries, messageQueries, tenantQueries } from "@/lib/query/queries";
import { ApiClientError } from "@/lib/query/fetcher";
import { BASE_URL, call, get } from "../../helpers/api";
import { adminKey } from "../../helpers/fixtures";

let admin: string;
let client: QueryClient;
const realFetch = globalThis.fetch;

beforeAll(async () => {
  admin = await adminKey();
  // The dashboard's fetch: a relative URL, sent same-origin (Origin and Host as a browser sends
  // them), answered by the route handler the URL names; signed in as an operator admin.
  globalThis.fetch = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const path = String(input);
    if (!path.startsWith("/")) return realFetch(input, init);
    const res = await call(init.method ?? "GET", path, {
      key: admin,
      rawBody: init.body as string | undefined,
      headers: { ...(init.headers as Record<string, string>), origin: BASE_URL, host: new URL(BASE_URL).host },
    });
    return new Response(res.status === 204 ? null : res.text, { status: res.status, headers: res.headers });
  }) as typeof fetch;
});
afterAll(() => {
  globalThis.fetch = realFetch;
});

function run<D, V>(options: MutationObserverOptions<D, Error, V>, variables: V): Promise<D> {
  return new MutationObserver(client, options).mutate(variables);
}

/** Puts a query in the cache, so a test can see whether a write made it stale. */
function cached(queryKey: QueryKey, data: unknown = []) {
  client.setQueryData(queryKey, data);
  return () => client.getQueryState(queryKey)?.isInvalidated ?? "removed";
}

describe("the dashboard's writes, against the real API", () => {
  let tenant: string;

  beforeAll(async () => {
    client = new QueryClient();
    // First run: the instance's first account becomes its operator admin.
    expect(await run(authMutations.signUp(), { email: "ada@example.com", password: "correct horse", name: "Ada" })).toMatchObject({ isAdmin: true });
    const tenantList = cached(tenantQueries.list().queryKey);
    tenant = (await run(tenantMutations.create(), { name: "Writes Inc.", uid: "cus_writes" })).id;
    expect(tenantList()).toBe(true);
  });

  it("event types: add, edit, archive — each refreshing the catalog", async () => {
    const catalog = cached(eventTypeQueries.list(true).queryKey);
    const created = await run(eventTypeMutations.save(), { name: "invoice.paid", schema: { type: "object", required: ["amount"] }, examplePayload: { amount: 1 } });
    expect(created).toMatchObject({ name: "invoice.paid", archived: false });
    expect(catalog()).toBe(true);

    cached(eventTypeQueries.list(true).queryKey);
    expect(await run(eventTypeMutations.save("invoice.paid"), { description: "An invoice was paid" })).toMatchObject({ description: "An invoice was paid" });
    expect(await run(eventTypeMutations.setArchived(), { name: "invoice.paid", archived: true })).toMatchObject({ archived: true });
    expect(await run(eventTypeMutations.setArchived(), { name: "invoice.paid", archived: false })).toMatchObject({ archived: false });
    expect(catalog()).toBe(true);

    // The API's validation error reaches the form with the details' paths.
    const refused = await run(eventTypeMutations.save("invoice.paid"), { examplePayload: {} }).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(ApiClientError);
    expect((refused as ApiClientError).details).toEqual([{ path: "examplePayload/", message: "must have required property 'amount'" }]);
  });

  it("endpoints: create, disable, rotate, test, recover, delete — with the cache the pages read", async () => {
    const list = cached(endpointQueries.all(tenant));
    const endpoint = await run(endpointMutations.save(tenant), { url: "https://example.com/hook", headers: { "X-Team": "billing" } });
    expect(client.getQueryData(endpointQueries.detail(tenant, endpoint.id).queryKey)).toEqual(endpoint);
    expect(list()).toBe(true);

    const disabled = await run(endpointMutations.save(tenant, endpoint.id), { disabled: true });
    expect(disabled.disabled).toBe(true);
    expect(client.getQueryData(endpointQueries.detail(tenant, endpoint.id).queryKey)).toEqual(disabled);
    await run(endpointMutations.save(tenant, endpoint.id), { disabled: false });

    const before = (await get(`/api/v1/tenants/${tenant}/endpoints/${endpoint.id}/secret`, admin)).body.secret;
    const rotated = await run(endpointMutations.rotateSecret(tenant, endpoint.id), { graceSeconds: 0 });
    expect(rotated.secret).not.toBe(before);
    expect(client.getQueryData(endpointQueries.secret(tenant, endpoint.id).queryKey)).toEqual(rotated);

    const deliveries = cached(deliveryQueries.all(tenant));
    const messages = cached(messageQueries.all(tenant));
    const stats = cached(endpointQueries.allStats(tenant));
    const sent = await run(endpointMutations.sendTestEvent(tenant, endpoint.id), { eventType: "hookyard.ping", payload: { hello: 1 } });
    expect(await db().delivery.findUnique({ where: { id: sent.deliveryId } })).toMatchObject({ endpointId: endpoint.id, messageId: sent.messageId });
    expect([deliveries(), messages(), stats()]).toEqual([true, true, true]);

    cached(deliveryQueries.all(tenant));
    cached(endpointQueries.allStats(tenant));
    // Nothing delivers here: the test event's attempt is still queued (a retry now is a 409), so
    // let it have been delivered.
    await db().delivery.update({ where: { id: sent.deliveryId }, data: { status: "succeeded", nextAttemptAt: null } });
    expect(await run(deliveryMutations.retry(tenant, sent.deliveryId), undefined)).toEqual({ deliveryId: sent.deliveryId, status: "pending" });
    expect([deliveries(), stats()]).toEqual([true, true]);

    await db().delivery.update({ where: { id: sent.deliveryId }, data: { status: "failed", nextAttemptAt: null } });
    cached(deliveryQueries.all(tenant));
    const recovered = await run(endpointMutations.recover(tenant, endpoint.id), { since: new Date(Date.now() - 3600_000).toISOString() });
    expect(recovered).toEqual({ requeued: 1 });
    expect(deliveries()).toBe(true);

    await run(endpointMutations.remove(tenant, endpoint.id), undefined);
    expect(client.getQueryState(endpointQueries.detail(tenant, endpoint.id).queryKey)).toBeUndefined();
    expect((await get(`/api/v1/tenants/${tenant}/endpoints/${endpoint.id}`, admin)).status).toBe(404);
  });

  it("inboxes: create one, the first-run inbox with its endpoint, and delete", async () => {
    const inboxes = cached(inboxQueries.all(tenant));
    const inbox = await run(inboxMutations.create(tenant), { name: "Staging receiver" });
    expect(inbox.url).toContain("/api/inbox/");
    expect(inboxes()).toBe(true);

    const endpoints = cached(endpointQueries.all(tenant));
    const quick = await run(inboxMutations.createWithEndpoint(tenant), []);
    expect(quick.endpointId).toMatch(/^ep_/);
    const quickEndpoint = (await get(`/api/v1/tenants/${tenant}/endpoints/${quick.endpointId}`, admin)).body;
    expect(quickEndpoint.url).toBe(quick.url);
    expect(endpoints()).toBe(true);

    client.setQueryData(inboxQueries.detail(tenant, inbox.id).queryKey, inbox);
    await run(inboxMutations.remove(tenant, inbox.id), undefined);
    expect(client.getQueryState(inboxQueries.detail(tenant, inbox.id).queryKey)).toBeUndefined();
    expect((await get(`/api/v1/tenants/${tenant}/inboxes/${inbox.id}`, admin)).status).toBe(404);
  });

  it("members: invite, sign up with the link, sign in, change role, remove; revoke an invitation", async () => {
    const members = cached(memberQueries.all(tenant));
    const invited = await run(memberMutations.invite(tenant), { email: "mo@example.com", role: "viewer" });
    expect(invited.status).toBe("invited");
    expect(members()).toBe(true);
    const token = new URL(invited.status === "invited" ? invited.url : "").searchParams.get("invitation") ?? "";
    expect(token).not.toBe("");

    const user = await run(authMutations.signUp(), { email: "mo@example.com", password: "long enough", invitation: token });
    expect(user.isAdmin).toBe(false);
    expect(await run(authMutations.passwordSignIn(), { email: "mo@example.com", password: "long enough" })).toEqual({ ok: true });
    const wrong = await run(authMutations.passwordSignIn(), { email: "mo@example.com", password: "not it" }).catch((err: unknown) => err);
    expect(wrong).toMatchObject({ status: 401, message: "Wrong email or password" });

    const member = (await get(`/api/v1/tenants/${tenant}/members`, admin)).body.data.find((m: { userId: string }) => m.userId === user.id);
    cached(memberQueries.all(tenant));
    expect(await run(memberMutations.changeRole(tenant, member.id), { role: "member" })).toMatchObject({ id: member.id, role: "member" });
    expect(members()).toBe(true);
    cached(memberQueries.all(tenant));
    await run(memberMutations.remove(tenant, member.id), undefined);
    expect(members()).toBe(true);
    expect(await db().membership.findUnique({ where: { id: member.id } })).toBeNull();

    const pending = await run(memberMutations.invite(tenant), { email: "later@example.com" });
    if (pending.status !== "invited") throw new Error("expected an invitation");
    await run(memberMutations.revokeInvitation(tenant), pending.invitation.id);
    expect((await get(`/api/v1/tenants/${tenant}/invitations`, admin)).body.data).toEqual([]);

    const adminInvite = await run(memberMutations.inviteAdmin(), { email: "op@example.com" });
    expect(adminInvite).toMatchObject({ status: "invited", invitation: { admin: true, tenantId: null } });
  });

  it("API keys: tenant and operator keys, created and revoked", async () => {
    const tenantKeys = cached(apiKeyQueries.tenant(tenant).queryKey);
    const adminKeys = cached(apiKeyQueries.admin().queryKey);
    const key = await run(apiKeyMutations.create(tenant), { name: "billing service" });
    expect(key).toMatchObject({ scope: "tenant", tenantId: tenant, key: expect.stringMatching(/^hy_/) });
    expect([tenantKeys(), adminKeys()]).toEqual([true, false]);
    await run(apiKeyMutations.revoke(tenant), key.id);
    expect((await get(`/api/v1/tenants/${tenant}/endpoints`, key.key)).status).toBe(401);

    const operatorKey = await run(apiKeyMutations.create(), { name: "backend" });
    expect(operatorKey).toMatchObject({ scope: "admin", tenantId: null });
    expect(adminKeys()).toBe(true);
    await run(apiKeyMutations.revoke(), operatorKey.id);
    expect((await get("/api/v1/tenants", operatorKey.key)).status).toBe(401);
  });
});
