// Property-based fuzzing of the whole API (issue 9): every route of openapi.json, driven by
// fast-check with generated path segments, queries, headers and bodies — shaped after each
// route's own schema, and hostile (lone surrogates, NUL, malformed percent-escapes, dates outside
// PostgreSQL's range, huge and deep values) — as every kind of caller, against the real server
// (scripts/web-server.mjs, the local executor, real PostgreSQL). Not one answer may be a 500, every error
// must be the JSON envelope, and the server must stay healthy.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "../../lib/auth/api-keys";
import { db } from "../../lib/db/client";
import { addMember, createUser } from "../../lib/users/users";
import { startServer, type RunningServer } from "./helpers/server";

type Json = Record<string, unknown>;
interface Operation {
  method: string;
  path: string;
  query: string[];
  bodyProps: Json | null;
}

let server: RunningServer;
const callers: { name: string; headers: Record<string, string> }[] = [];
/** Real values for each path parameter, so generated requests also reach objects that exist. */
const real: Record<string, string[]> = {};
let operations: Operation[] = [];
const failures: string[] = [];
let requests = 0;

async function api(method: string, path: string, key: string, body?: unknown) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json().catch(() => null)) as Json | null;
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json as Json;
}

async function signIn(email: string): Promise<string> {
  const res = await fetch(`${server.url}/api/auth/password`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: server.url },
    body: JSON.stringify({ email, password: "fuzz password 1" }),
  });
  return res.headers.getSetCookie()[0].split(";")[0];
}

/** A portal link's session cookie, as the portal page gets it (lib/portal). */
async function redeemPortalLink(token: string): Promise<string> {
  const res = await fetch(`${server.url}/api/auth/portal`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: server.url },
    body: JSON.stringify({ token }),
  });
  return res.headers.getSetCookie()[0].split(";")[0];
}

function resolve(doc: Json, node: Json | undefined): Json | undefined {
  const ref = node?.$ref as string | undefined;
  if (!ref) return node;
  return (doc.components as { schemas: Record<string, Json> }).schemas[ref.split("/").pop()!];
}

beforeAll(async () => {
  server = await startServer();
  const admin = (await createApiKey(db(), { name: "fuzz admin", scope: "admin", tenantId: null })).key;
  const spare = (await createApiKey(db(), { name: "fuzz spare", scope: "admin", tenantId: null })).row.id;
  await api("POST", "/api/v1/event-types", admin, { name: "order.created", examplePayload: { id: 1 } });
  const tenant = await api("POST", "/api/v1/tenants", admin, { name: "Fuzzed", uid: "fuzzed" });
  const t = `/api/v1/tenants/${tenant.id}`;
  const tenantKey = (await api("POST", `${t}/api-keys`, admin, { name: "fuzz owner", role: "owner" })).key as string;
  const spareTenantKey = (await api("POST", `${t}/api-keys`, admin, { name: "spare" })).id as string;
  const endpoint = await api("POST", `${t}/endpoints`, admin, { url: "http://127.0.0.1:9/unreachable", headers: { authorization: "Bearer x" } });
  const message = await api("POST", `${t}/messages`, admin, { eventType: "order.created", payload: { id: 1 } });
  const deliveries = await api("GET", `${t}/deliveries`, admin);
  const inbox = await api("POST", `${t}/inboxes`, admin, { name: "fuzz inbox" });
  const invitation = await api("POST", `${t}/invitations`, admin, { email: "later@example.com" });
  for (const [email, role] of [["owner@fuzz.test", "owner"], ["viewer@fuzz.test", "viewer"]] as const) {
    await createUser(db(), { email, password: "fuzz password 1" });
    await addMember(db(), { tenantId: tenant.id as string, email, role });
  }
  const members = await api("GET", `${t}/members`, admin);
  const portal = await api("POST", `${t}/portal-sessions`, admin, { role: "member" });
  const portalCookie = await redeemPortalLink(new URL(portal.url as string).hash.slice(1));
  Object.assign(real, {
    tenant: [tenant.id, "fuzzed"],
    name: ["order.created"],
    keyId: [spare, spareTenantKey],
    endpointId: [endpoint.id],
    messageId: [message.id],
    deliveryId: [(deliveries.data as Json[])[0].id],
    inboxId: [inbox.id],
    memberId: (members.data as Json[]).map((m) => m.id),
    invitationId: [(invitation.invitation as Json).id],
    sessionId: [portal.id],
  });
  callers.push(
    { name: "admin key", headers: { authorization: `Bearer ${admin}` } },
    { name: "tenant owner key", headers: { authorization: `Bearer ${tenantKey}` } },
    { name: "owner session", headers: { cookie: await signIn("owner@fuzz.test"), origin: server.url } },
    { name: "viewer session", headers: { cookie: await signIn("viewer@fuzz.test"), origin: server.url } },
    { name: "portal session", headers: { cookie: portalCookie, origin: server.url } },
    { name: "nobody", headers: {} },
    { name: "bad key", headers: { authorization: "Bearer hy_nope" } },
  );

  const doc = (await (await fetch(`${server.url}/api/v1/openapi.json`)).json()) as Json;
  for (const [path, methods] of Object.entries(doc.paths as Record<string, Record<string, Json>>)) {
    for (const [method, op] of Object.entries(methods)) {
      const params = (op.parameters as Json[] | undefined) ?? [];
      const content = (op.requestBody as { content?: Record<string, { schema?: Json }> } | undefined)?.content;
      const body = resolve(doc, content?.["application/json"]?.schema);
      operations.push({
        method: method.toUpperCase(),
        path,
        query: params.filter((p) => p.in === "query").map((p) => p.name as string),
        bodyProps: (body?.properties as Json | undefined) ?? null,
      });
    }
  }
}, 300_000);

afterAll(async () => {
  await server?.stop();
});

// ─── What the generated requests are made of ─────────────────────────────────────────────────

const hostileStrings = fc.constantFrom(
  "\ud800", "a\udc00b", "\u0000", "%00", "%E0%A4%A", "%", "%zz", "..", "%2e%2e", "%2F", "0000-01-01T00:00:00Z", "+275760-09-13T00:00:00Z",
  "9999-12-31T23:59:59Z", "-1", "1e309", "NaN", "null", "[]", "{}", "hy_x", "ten_01m8nwbn3afexanj5mw0fem1fw", "x".repeat(5000), "😀", "<script>", "a\nb",
);
const anyString = fc.oneof(fc.string(), fc.string({ unit: "binary", maxLength: 40 }), hostileStrings);
const deep = fc.integer({ min: 50, max: 200 }).map((n) => JSON.parse("[".repeat(n) + "]".repeat(n)) as unknown);
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 3, arbitrary: anyString },
  { weight: 1, arbitrary: fc.dictionary(anyString, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }) },
  { weight: 1, arbitrary: deep },
  { weight: 1, arbitrary: fc.constantFrom(0, -1, 2 ** 53, 1.5, true, null, [], {}) },
);

/** Percent-encoding as a client would send it (a lone surrogate has no UTF-8: it becomes U+FFFD). */
const encode = (s: string) => encodeURIComponent(s.toWellFormed());

/** A path segment: a real id of the right kind, or something made up. */
const segment = (name: string, method: string) =>
  fc.oneof(
    // Deleting the objects the other requests need would leave nothing to fuzz: DELETE gets spares and inventions.
    { weight: method === "DELETE" && !["keyId", "invitationId"].includes(name) ? 0 : 3, arbitrary: fc.constantFrom(...(real[name] ?? ["x"])) },
    { weight: 2, arbitrary: anyString.map(encode) },
    { weight: 1, arbitrary: fc.constantFrom("%E0%A4%A", "%00", "%", "%zz", "%C0%80", "%ED%A0%80", "..%2F..", "%252F") },
  );

const body = (props: Json | null) =>
  fc.oneof(
    { weight: props ? 5 : 0, arbitrary: props ? fc.record(Object.fromEntries(Object.keys(props).map((k) => [k, anyValue])), { requiredKeys: [] }).map((v) => JSON.stringify(v)) : fc.constant("{}") },
    { weight: 2, arbitrary: anyValue.map((v) => JSON.stringify(v) ?? "null") },
    { weight: 1, arbitrary: fc.oneof(fc.string(), fc.constantFrom("{", "{\"a\":", "\u0000", "[1,]", "\ufeff{}")) },
  );

const extraHeaders = fc.record(
  {
    "idempotency-key": fc.oneof(fc.constant("k".repeat(4000)), fc.string({ minLength: 1, maxLength: 300 }).filter((s) => /^[\x20-\x7e]+$/.test(s))),
    "content-type": fc.constantFrom("application/json", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=latin1"),
    "x-forwarded-host": fc.constantFrom("evil.example", "a b", ""),
    "x-forwarded-proto": fc.constantFrom("https", "gopher"),
    "sec-fetch-site": fc.constant("cross-site"),
  },
  { requiredKeys: [] },
);

function request(op: Operation) {
  const names = [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
  return fc.record({
    caller: fc.constantFrom(...callers),
    segments: fc.tuple(...names.map((n) => segment(n, op.method))),
    query: fc.array(fc.tuple(fc.oneof(fc.constantFrom(...(op.query.length ? op.query : ["limit"])), fc.string({ maxLength: 8 })), fc.oneof(anyString, fc.integer().map(String))), { maxLength: 4 }),
    headers: extraHeaders,
    body: op.method === "GET" ? fc.constant(undefined) : fc.option(body(op.bodyProps), { nil: undefined, freq: 6 }),
  });
}

type GeneratedRequest = ReturnType<typeof request> extends fc.Arbitrary<infer T> ? T : never;

async function send(op: Operation, r: GeneratedRequest) {
  let i = 0;
  const path = op.path.replace(/\{[^}]+\}/g, () => r.segments[i++] as string);
  const query = r.query.map(([k, v]) => `${encode(k)}=${encode(v)}`).join("&");
  const url = `${server.url}${path}${query ? `?${query}` : ""}`;
  const headers: Record<string, string> = { ...r.headers, ...r.caller.headers };
  if (r.body !== undefined) headers["content-type"] ??= "application/json";
  const res = await fetch(url, { method: op.method, headers, body: r.body, redirect: "manual" });
  const text = await res.text();
  requests++;
  const what = `${op.method} ${path}${query ? `?${query}` : ""} as ${r.caller.name} → ${res.status} ${text.slice(0, 300)}`;
  if (res.status >= 500) failures.push(what);
  // Every refusal is the JSON error envelope (a body-less 404 from Next would be one too few).
  if (res.status >= 400 && res.status !== 405) {
    let parsed: { error?: { code?: string } } | null = null;
    try {
      parsed = JSON.parse(text) as { error?: { code?: string } };
    } catch {
      /* not JSON */
    }
    if (!parsed?.error?.code) failures.push(`not a JSON error: ${what}`);
  }
  return res.status < 500;
}

describe("the API under generated input", () => {
  it("answers every route of openapi.json without a single 500, in JSON", async () => {
    expect(operations.length).toBeGreaterThan(40);
    for (const op of operations) {
      await fc.assert(
        fc.asyncProperty(request(op), async (r) => {
          expect(await send(op, r)).toBe(true);
        }),
        { numRuns: 40, seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31), endOnFailure: false },
      ).catch((err: Error) => failures.push(`${op.method} ${op.path}: ${err.message.split("\n").slice(0, 6).join("\n")}`));
    }
    console.log(`[fuzz] ${requests} requests over ${operations.length} operations`);
    expect(failures).toEqual([]);
  }, 600_000);

  it("leaves the server healthy: health, a normal publish, no errors logged", async () => {
    const health = await fetch(`${server.url}/api/health`);
    expect(health.status).toBe(200);
    // The fuzzing may have renamed, archived or emptied what was seeded: start from new objects.
    const key = callers[0].headers.authorization.slice("Bearer ".length);
    await api("POST", "/api/v1/event-types", key, { name: "after.fuzz" });
    const tenant = await api("POST", "/api/v1/tenants", key, { name: "After the fuzz" });
    await api("POST", `/api/v1/tenants/${tenant.id}/endpoints`, key, { url: "http://127.0.0.1:9/after" });
    const message = await api("POST", `/api/v1/tenants/${tenant.id}/messages`, key, { eventType: "after.fuzz", payload: { ok: true } });
    expect(message.id).toMatch(/^msg_/);
    const deliveries = await api("GET", `/api/v1/tenants/${tenant.id}/deliveries?messageId=${message.id}`, key);
    expect(deliveries.data).toHaveLength(1);
    const log = server.output.join("");
    expect(log).not.toMatch(/Internal server error|Internal Server Error|⨯ /);
  });
});
