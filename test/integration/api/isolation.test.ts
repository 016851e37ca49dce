// Tenant isolation, documenso style: tenants A and B each own one of everything; then every route
// under app/api/v1/tenants/[tenant] (found by walking the folder, so a new route is covered the
// day it lands) is called as A — with A's tenant key, as A's owner in the dashboard and as A's
// portal session — on B's tenant and on B's objects. Each answer must be 404, exactly as for
// something that does not exist: never 403 (which confirms it exists) and never 2xx. Afterwards B
// is unchanged.
import { randomBytes } from "node:crypto";
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../lib/db/client";
import { hashToken } from "../../../lib/crypto/token-hash";
import { ALL_FEATURES, portalSectionRefusal } from "../../../lib/portal/features";
import { addMember } from "../../../lib/users/users";
import { BASE_URL, call, get, post, type CallOptions } from "../../helpers/api";
import { adminKey, createEventTypes, createTenantWithKey } from "../../helpers/fixtures";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
const tenantDir = path.resolve(import.meta.dirname, "../../../app/api/v1/tenants/[tenant]");

interface RouteCase {
  method: string;
  /** Path below /api/v1/tenants with the folder's own segments, e.g. `[tenant]/endpoints/[endpointId]`. */
  template: string;
}

async function tenantRoutes(dir = tenantDir, template = "[tenant]"): Promise<RouteCase[]> {
  const cases: RouteCase[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) cases.push(...(await tenantRoutes(full, `${template}/${entry}`)));
    else if (entry === "route.ts") {
      const mod = (await import(full)) as Record<string, unknown>;
      for (const method of METHODS) if (typeof mod[method] === "function") cases.push({ method, template });
    }
  }
  return cases;
}

const ROUTES = await tenantRoutes();

/** A valid body for each write, so a route gets as far as it can (past its 422s) before answering. */
function bodyFor({ method, template }: RouteCase): unknown {
  if (method === "GET" || method === "DELETE") return undefined;
  const bodies: Record<string, unknown> = {
    "PATCH [tenant]": { name: "Hijacked" },
    "POST [tenant]/api-keys": { name: "intruder" },
    "POST [tenant]/endpoints": { url: "https://intruder.example.com/hook" },
    "PATCH [tenant]/endpoints/[endpointId]": { url: "https://intruder.example.com/hook", description: "hijacked" },
    "POST [tenant]/endpoints/[endpointId]/secret/rotate": { graceSeconds: 0 },
    "POST [tenant]/endpoints/[endpointId]/test": {},
    "POST [tenant]/endpoints/[endpointId]/recover": { since: new Date(Date.now() - 86_400_000).toISOString() },
    "POST [tenant]/messages": { eventType: "order.created", payload: { from: "intruder" } },
    "POST [tenant]/deliveries/[deliveryId]/retry": {},
    "POST [tenant]/endpoints/[endpointId]/replays": { statuses: ["failed", "missing"], since: new Date(Date.now() - 86_400_000).toISOString() },
    "POST [tenant]/endpoints/[endpointId]/replays/[replayId]/cancel": {},
    "POST [tenant]/inboxes": { name: "intruder" },
    "POST [tenant]/invitations": { email: "intruder@example.com", role: "owner" },
    "PATCH [tenant]/members/[memberId]": { role: "viewer" },
    "POST [tenant]/portal-sessions": { role: "owner" },
  };
  const key = `${method} ${template}`;
  if (!(key in bodies)) throw new Error(`Give ${key} a valid body in bodyFor (test/integration/api/isolation.test.ts)`);
  return bodies[key];
}

interface Seeded {
  id: string;
  uid: string;
  key: string;
  /** Path parameter name → this tenant's object of that kind. */
  ids: Record<string, string>;
  ownerCookie: string;
  /** A portal session of the tenant, with the owner role (lib/portal). */
  portalCookie: string;
}

function pathFor(template: string, ids: Record<string, string>): string {
  const segments = template.split("/").map((segment) => {
    const param = /^\[(.+)\]$/.exec(segment)?.[1];
    if (!param) return segment;
    if (!ids[param]) throw new Error(`Seed an object for [${param}] in seedTenant (test/integration/api/isolation.test.ts)`);
    return encodeURIComponent(ids[param]);
  });
  return `/api/v1/tenants/${segments.join("/")}`;
}

let admin: string;
let a: Seeded;
let b: Seeded;

async function expectStatus(res: { status: number; text: string }, status: number, what: string) {
  expect(res.status, `${what}: ${res.text}`).toBe(status);
}

async function seedTenant(label: string): Promise<Seeded> {
  const tenant = await createTenantWithKey(admin, `Tenant ${label}`, `tenant-${label}`);
  const t = `/api/v1/tenants/${tenant.id}`;
  const created = async (p: string, body: unknown, status = 201) => {
    const res = await post(p, body, admin);
    await expectStatus(res, status, `seeding ${p}`);
    return res.body;
  };
  const spareKey = await created(`${t}/api-keys`, { name: "spare" });
  // An owner key: it may call every tenant route (members too), so only tenancy can refuse it.
  const ownerKey = await created(`${t}/api-keys`, { name: "owner", role: "owner" });
  const endpoint = await created(`${t}/endpoints`, { url: `https://${label}.example.com/hook`, description: `${label}'s`, eventTypes: ["order.created"] });
  const message = await created(`${t}/messages`, { eventType: "order.created", payload: { tenant: label }, idempotencyKey: "shared-key" }, 202);
  const deliveries = await get(`${t}/deliveries?messageId=${message.id}`, admin);
  // A replay of it (slow: nothing delivers here), so replay routes have an object to aim at.
  await db().delivery.updateMany({ where: { messageId: message.id }, data: { status: "failed", nextAttemptAt: null } });
  const replay = await created(`${t}/endpoints/${endpoint.id}/replays`, { statuses: ["failed"], since: new Date(Date.now() - 60_000).toISOString(), ratePerSecond: 0.1 }, 202);
  const inbox = await created(`${t}/inboxes`, { name: `${label}'s inbox` });
  const owner = await db().user.create({ data: { email: `owner-${label}@example.com`, name: `Owner ${label}` } });
  const membership = await addMember(db(), { tenantId: tenant.id, email: owner.email!, role: "owner" });
  const invitation = await created(`${t}/invitations`, { email: `pending-${label}@example.com` });
  const token = randomBytes(24).toString("hex");
  await db().session.create({ data: { sessionToken: hashToken(token), userId: owner.id, expires: new Date(Date.now() + 86_400_000) } });
  const portalSession = await created(`${t}/portal-sessions`, { role: "owner" });
  const portalToken = randomBytes(24).toString("hex");
  await db().portalSession.update({ where: { id: portalSession.id }, data: { redeemedAt: new Date(), sessionTokenHash: hashToken(portalToken) } });
  return {
    id: tenant.id,
    uid: tenant.uid!,
    key: ownerKey.key,
    ownerCookie: `next-auth.session-token=${token}`,
    portalCookie: `hookyard-portal=${portalToken}`,
    ids: {
      tenant: tenant.id,
      keyId: spareKey.id,
      endpointId: endpoint.id,
      messageId: message.id,
      deliveryId: deliveries.body.data[0].id,
      inboxId: inbox.id,
      memberId: membership.id,
      invitationId: invitation.invitation.id,
      sessionId: portalSession.id,
      replayId: replay.id,
    },
  };
}

/** Everything a tenant owns, as its admin sees it (minus lastUsedAt, which using a key moves). */
async function snapshot(s: Seeded) {
  const t = `/api/v1/tenants/${s.id}`;
  const read = async (p: string) => {
    const res = await get(p, admin);
    await expectStatus(res, 200, `snapshot ${p}`);
    return JSON.parse(res.text.replace(/"lastUsedAt":("[^"]*"|null)/g, '"lastUsedAt":"-"'));
  };
  const paths = [
    t,
    `${t}/api-keys`,
    `${t}/endpoints`,
    `${t}/endpoints/${s.ids.endpointId}/secret`,
    `${t}/messages`,
    `${t}/messages/${s.ids.messageId}`,
    `${t}/deliveries`,
    `${t}/deliveries/${s.ids.deliveryId}`,
    `${t}/inboxes`,
    `${t}/inboxes/${s.ids.inboxId}/requests`,
    `${t}/members`,
    `${t}/invitations`,
    `${t}/endpoints/${s.ids.endpointId}/replays`,
  ];
  return Object.fromEntries(await Promise.all(paths.map(async (p) => [p, await read(p)])));
}

/**
 * The ways A can call: its tenant API key, its owner's dashboard session, and an owner portal
 * session — except on the sections no portal session reaches in any tenant (members: 403 there
 * whatever the ids, which says nothing about B).
 */
function asA(route?: RouteCase): { who: string; opts: CallOptions }[] {
  const host = new URL(BASE_URL).host;
  const section = route?.template.split("/")[1];
  return [
    { who: "A's tenant key", opts: { key: a.key } },
    { who: "A's owner (session)", opts: { headers: { cookie: a.ownerCookie, origin: BASE_URL, host } } },
    ...(section && portalSectionRefusal(ALL_FEATURES, section) ? [] : [{ who: "A's portal session (owner)", opts: { headers: { cookie: a.portalCookie, origin: BASE_URL, host } } }]),
  ];
}

let before: { a: unknown; b: unknown };

beforeAll(async () => {
  admin = await adminKey();
  await createEventTypes(admin, "order.created");
  a = await seedTenant("a");
  b = await seedTenant("b");
  before = { a: await snapshot(a), b: await snapshot(b) };
});

describe("tenant isolation", () => {
  it("walks a route tree that has every kind of tenant object", () => {
    const templates = new Set(ROUTES.map((r) => r.template));
    for (const t of ["[tenant]/endpoints/[endpointId]", "[tenant]/messages/[messageId]", "[tenant]/deliveries/[deliveryId]/retry", "[tenant]/inboxes/[inboxId]/requests"]) {
      expect(templates.has(t), t).toBe(true);
    }
    expect(ROUTES.length).toBeGreaterThan(25);
  });

  it.each(ROUTES.map((r) => [`${r.method} ${r.template}`, r] as const))("%s: B's tenant and B's objects are 404 to A", async (_name, route) => {
    const body = bodyFor(route);
    const hasObjectIds = route.template.split("/").slice(1).some((s) => s.startsWith("["));
    for (const { who, opts } of asA(route)) {
      const attempts = [
        { what: "B's tenant by id", url: pathFor(route.template, b.ids) },
        { what: "B's tenant by uid", url: pathFor(route.template, { ...b.ids, tenant: b.uid }) },
        ...(hasObjectIds ? [{ what: "A's tenant, B's objects", url: pathFor(route.template, { ...b.ids, tenant: a.id }) }] : []),
      ];
      for (const { what, url } of attempts) {
        const res = await call(route.method, url, { ...opts, body });
        expect(res.status, `${who}, ${what}: ${route.method} ${url} → ${res.text}`).toBe(404);
        expect(res.body.error.code).toBe("not_found");
      }
    }
  });

  it("filters by another tenant's ids find nothing", async () => {
    const t = `/api/v1/tenants/${a.id}`;
    for (const query of [`deliveries?endpointId=${b.ids.endpointId}`, `deliveries?messageId=${b.ids.messageId}`, `endpoints/stats?endpointId=${b.ids.endpointId}`]) {
      const res = await get(`${t}/${query}`, a.key);
      expect(res.status, query).toBe(200);
      expect(res.body.data, query).toEqual([]);
    }
  });

  it("keeps idempotency keys per tenant: the same key in A and B names two messages", async () => {
    expect(a.ids.messageId).not.toBe(b.ids.messageId);
    const again = await post(`/api/v1/tenants/${a.id}/messages`, { eventType: "order.created", payload: {}, idempotencyKey: "shared-key" }, a.key);
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ id: a.ids.messageId, tenantId: a.id, payload: { tenant: "a" } });
  });

  it("shows A only A in the tenant list and in /me", async () => {
    for (const { who, opts } of asA()) {
      const list = await call("GET", "/api/v1/tenants", opts);
      expect(list.body.data.map((t: { id: string }) => t.id), who).toEqual([a.id]);
      const me = await call("GET", "/api/v1/me", opts);
      expect(me.body.tenants.map((t: { id: string }) => t.id), who).toEqual([a.id]);
    }
  });

  it("leaves B (and A) exactly as they were, and B's key still works", async () => {
    expect(await snapshot(b)).toEqual(before.b);
    // A's own messages and keys are unchanged too: the idempotent publish above returned the original.
    expect(await snapshot(a)).toEqual(before.a);
    const bSelf = await get(`/api/v1/tenants/${b.id}/endpoints/${b.ids.endpointId}`, b.key);
    expect(bSelf.status).toBe(200);
    expect(bSelf.body).toMatchObject({ url: "https://b.example.com/hook", description: "b's", disabled: false });
    expect((await get(`/api/v1/tenants/${b.id}/api-keys`, b.key)).body.data.every((k: { revokedAt: null }) => k.revokedAt === null)).toBe(true);
  });
});
