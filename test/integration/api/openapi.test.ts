// The OpenAPI document: well-formed 3.1, covering every route file under app/api/v1 (a route
// without docs fails here), and truthful: real responses validate against the documented schemas.
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { beforeAll, describe, expect, it } from "vitest";
import { call, get, post, type ApiResponse } from "../../helpers/api";
import { adminKey, createEventTypes, createTenantWithKey } from "../../helpers/fixtures";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
const v1Dir = path.resolve(import.meta.dirname, "../../../app/api/v1");

/** Every route file under app/api/v1 as an OpenAPI path template (`[tenant]` → `{tenant}`). */
function routeFiles(dir = v1Dir, prefix = "/api/v1"): { template: string; file: string }[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return routeFiles(full, `${prefix}/${entry.replace(/^\[(.+)\]$/, "{$1}")}`);
    return entry === "route.ts" ? [{ template: prefix, file: full }] : [];
  });
}

/** Every `$ref` in the document with where it was found. */
function refsIn(node: unknown, at = "#"): { ref: string; at: string }[] {
  if (Array.isArray(node)) return node.flatMap((v, i) => refsIn(v, `${at}/${i}`));
  if (typeof node !== "object" || node === null) return [];
  return Object.entries(node).flatMap(([k, v]) =>
    k === "$ref" && typeof v === "string" ? [{ ref: v, at }] : refsIn(v, `${at}/${k}`),
  );
}

function resolvePointer(doc: unknown, ref: string): unknown {
  return ref
    .slice(2)
    .split("/")
    .map((s) => decodeURIComponent(s).replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce<unknown>((node, key) => (node && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined), doc);
}

let doc: any;
beforeAll(async () => {
  const res = await get("/api/v1/openapi.json");
  expect(res.status).toBe(200);
  doc = res.body;
});

describe("GET /api/v1/openapi.json", () => {
  it("is a public OpenAPI 3.1 document with info, servers and the bearer scheme", async () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info).toMatchObject({ title: "Hookyard", version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    expect(doc.servers).toEqual([{ url: "/" }]);
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: "http", scheme: "bearer" });
    expect(doc.security).toEqual([{ apiKey: [] }]);
    // Public even with a junk Authorization header: the route never looks at it.
    const withJunkKey = await call("GET", "/api/v1/openapi.json", { headers: { authorization: "Bearer nope" } });
    expect(withJunkKey.status).toBe(200);
    expect(doc.paths["/api/v1/openapi.json"].get.security).toEqual([]);
  });

  it("documents exactly the methods each route file under app/api/v1 exports", async () => {
    const implemented = new Set<string>();
    for (const { template, file } of routeFiles()) {
      const mod = (await import(file)) as Record<string, unknown>;
      for (const method of METHODS) if (typeof mod[method] === "function") implemented.add(`${method} ${template}`);
    }
    const documented = new Set<string>();
    for (const [p, ops] of Object.entries<Record<string, unknown>>(doc.paths)) {
      for (const method of Object.keys(ops)) documented.add(`${method.toUpperCase()} ${p}`);
    }
    expect([...implemented].filter((r) => !documented.has(r)), "routes without docs").toEqual([]);
    expect([...documented].filter((r) => !implemented.has(r)), "docs without a route").toEqual([]);
    // The routes the lead listed are among them.
    for (const route of [
      "POST /api/v1/tenants/{tenant}/messages",
      "GET /api/v1/tenants/{tenant}/deliveries/{deliveryId}",
      "POST /api/v1/tenants/{tenant}/deliveries/{deliveryId}/retry",
      "POST /api/v1/tenants/{tenant}/endpoints/{endpointId}/secret/rotate",
      "GET /api/v1/tenants/{tenant}/inboxes/{inboxId}/requests",
    ]) {
      expect(documented.has(route), route).toBe(true);
    }
  });

  it("has only refs that resolve, within the document", () => {
    const refs = refsIn(doc);
    expect(refs.length).toBeGreaterThan(50);
    const broken = refs.filter(({ ref }) => !ref.startsWith("#/") || resolvePointer(doc, ref) === undefined);
    expect(broken).toEqual([]);
    // Nothing left over from per-schema conversion.
    const text = JSON.stringify(doc);
    expect(text).not.toContain("$defs");
    expect(text).not.toContain("__schema");
    expect(text).not.toContain('"$schema"');
  });

  it("describes every operation fully: id, tag, path parameters, a success response, error envelopes", () => {
    const operationIds = new Set<string>();
    const tags = new Set(doc.tags.map((t: { name: string }) => t.name));
    for (const [p, ops] of Object.entries<Record<string, any>>(doc.paths)) {
      const pathParams = [...p.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
      for (const [method, op] of Object.entries(ops)) {
        const where = `${method.toUpperCase()} ${p}`;
        expect(operationIds.has(op.operationId), `${where}: duplicate operationId`).toBe(false);
        operationIds.add(op.operationId);
        expect(op.summary, where).toBeTruthy();
        expect(op.tags.every((t: string) => tags.has(t)), where).toBe(true);
        const declared = (op.parameters ?? []).filter((x: any) => x.in === "path").map((x: any) => x.name).sort();
        expect(declared, `${where}: path parameters`).toEqual(pathParams);
        const statuses = Object.keys(op.responses);
        expect(statuses.some((s) => /^2\d\d$/.test(s)), where).toBe(true);
        if (op.security?.length !== 0) expect(statuses, `${where}: authenticated routes document 401`).toContain("401");
        if (pathParams.length) expect(statuses, where).toContain("404");
        if (op.requestBody) expect(statuses, where).toEqual(expect.arrayContaining(["400", "413", "422"]));
        for (const s of statuses.filter((s) => /^4/.test(s))) {
          expect(op.responses[s].$ref, `${where} ${s}`).toMatch(/^#\/components\/responses\//);
        }
      }
    }
    for (const response of Object.values<any>(doc.components.responses)) {
      expect(response.content["application/json"].schema).toEqual({ $ref: "#/components/schemas/Error" });
    }
  });

  it("generates the schemas from the handlers' zod schemas", () => {
    const { schemas } = doc.components;
    expect(schemas.TenantCreate.required).toEqual(["name"]);
    expect(schemas.TenantCreate.properties.name).toMatchObject({ type: "string", minLength: 1, maxLength: 200 });
    expect(schemas.TenantCreate.additionalProperties).toBe(false);
    // Request bodies are input schemas: defaulted fields are optional.
    expect(schemas.EndpointCreate.required).toEqual(["url"]);
    expect(schemas.EndpointCreate.properties.timeoutMs.anyOf[0]).toMatchObject({ maximum: 30000 });
    // Responses are output schemas, and secrets stay out of them.
    expect(schemas.Endpoint.required).toContain("disabledReason");
    expect(schemas.Endpoint.properties).not.toHaveProperty("secret");
    expect(schemas.ApiKey.properties).not.toHaveProperty("key");
    expect(schemas.ApiKey.properties).not.toHaveProperty("hash");
    expect(schemas.ApiKeyCreated.required).toContain("key");
    expect(schemas.Error.properties.error.required).toEqual(["code", "message"]);
    // The endpoint create route names its schemas by reference.
    const create = doc.paths["/api/v1/tenants/{tenant}/endpoints"].post;
    expect(create.requestBody.content["application/json"].schema).toEqual({ $ref: "#/components/schemas/EndpointCreate" });
    expect(create.responses["201"].content["application/json"].schema).toEqual({ $ref: "#/components/schemas/Endpoint" });
    // Query parameters come from the list schemas.
    const list = doc.paths["/api/v1/tenants/{tenant}/deliveries"].get;
    const names = list.parameters.filter((x: any) => x.in === "query").map((x: any) => x.name);
    expect(names).toEqual(expect.arrayContaining(["status", "endpointId", "messageId", "limit", "cursor"]));
    expect(list.parameters.find((x: any) => x.name === "status").schema.enum).toEqual(["pending", "succeeded", "failed", "canceled", "retrying"]);
  });
});

describe("the documented response schemas match real responses", () => {
  let validate: (method: string, template: string, res: ApiResponse) => void;

  beforeAll(() => {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    (addFormats as unknown as (a: typeof ajv) => void)(ajv);
    // One schema resource holding the components, so `#/components/...` refs resolve.
    ajv.addSchema({ $id: "https://hookyard.test/openapi.json", components: doc.components });
    const compiled = new Map<string, ReturnType<typeof ajv.compile>>();
    validate = (method, template, res) => {
      const op = doc.paths[template]?.[method.toLowerCase()];
      expect(op, `${method} ${template} is documented`).toBeTruthy();
      const documented = op.responses[String(res.status)];
      expect(documented, `${method} ${template} documents status ${res.status}: ${res.text}`).toBeTruthy();
      const response = documented.$ref ? resolvePointer(doc, documented.$ref) as any : documented;
      const schema = response.content?.["application/json"]?.schema;
      if (!schema) {
        expect(res.text, `${method} ${template} ${res.status} has no body`).toBe("");
        return;
      }
      const key = JSON.stringify(schema);
      if (!compiled.has(key)) {
        const rebased = JSON.parse(key.replaceAll('"#/components/', '"https://hookyard.test/openapi.json#/components/'));
        compiled.set(key, ajv.compile(rebased));
      }
      const check = compiled.get(key)!;
      expect(check(res.body) ? [] : check.errors, `${method} ${template} ${res.status}: ${res.text}`).toEqual([]);
    };
  });

  it("for tenants, event types, endpoints, keys, messages, deliveries, inboxes and errors", async () => {
    const admin = await adminKey();
    const tenant = await createTenantWithKey(admin, "Documented", "documented");
    await createEventTypes(admin, "order.created");
    const T = "/api/v1/tenants/{tenant}";
    const t = `/api/v1/tenants/${tenant.id}`;
    const check = async (method: string, template: string, url: string, body?: unknown, key = tenant.key) => {
      const res = await call(method, url, { key, body });
      validate(method, template, res);
      return res;
    };

    await check("GET", "/api/v1/openapi.json", "/api/v1/openapi.json");
    await check("GET", "/api/v1/me", "/api/v1/me");
    await check("GET", "/api/v1/tenants", "/api/v1/tenants");
    await check("POST", "/api/v1/tenants", "/api/v1/tenants", { name: "Another" }, admin);
    await check("PATCH", T, t, { name: "Documented Inc" }, admin);
    await check("GET", "/api/v1/event-types", "/api/v1/event-types");
    await check("GET", "/api/v1/event-types/{name}", "/api/v1/event-types/order.created");
    await check("POST", "/api/v1/event-types", "/api/v1/event-types", { name: "order.shipped", schema: { type: "object" }, examplePayload: { a: [1, "x", null] } }, admin);

    const endpoint = await check("POST", `${T}/endpoints`, `${t}/endpoints`, { url: "https://example.com/hook", eventTypes: ["order.created"], headers: { "x-team": "a" } });
    const ep = `${t}/endpoints/${endpoint.body.id}`;
    await check("GET", `${T}/endpoints`, `${t}/endpoints`);
    await check("GET", `${T}/endpoints/{endpointId}`, ep);
    await check("PATCH", `${T}/endpoints/{endpointId}`, ep, { description: "orders" });
    await check("GET", `${T}/endpoints/{endpointId}/secret`, `${ep}/secret`);
    await check("POST", `${T}/endpoints/{endpointId}/secret/rotate`, `${ep}/secret/rotate`, { graceSeconds: 0 });
    await check("GET", `${T}/endpoints/stats`, `${t}/endpoints/stats`);

    const message = await check("POST", `${T}/messages`, `${t}/messages`, { eventType: "order.created", payload: { id: 1, items: [{ sku: "a" }] } });
    await check("GET", `${T}/messages`, `${t}/messages`);
    const withDeliveries = await check("GET", `${T}/messages/{messageId}`, `${t}/messages/${message.body.id}`);
    const deliveryId = withDeliveries.body.deliveries[0].id;
    await check("GET", `${T}/deliveries`, `${t}/deliveries`);
    await check("GET", `${T}/deliveries/{deliveryId}`, `${t}/deliveries/${deliveryId}`);
    await check("POST", `${T}/endpoints/{endpointId}/test`, `${ep}/test`, {});
    await check("POST", `${T}/endpoints/{endpointId}/recover`, `${ep}/recover`, { since: new Date(Date.now() - 3600_000).toISOString() });

    const key = await check("POST", `${T}/api-keys`, `${t}/api-keys`, { name: "ci" });
    await check("GET", `${T}/api-keys`, `${t}/api-keys`);
    await check("DELETE", `${T}/api-keys/{keyId}`, `${t}/api-keys/${key.body.id}`);
    await check("POST", "/api/v1/api-keys", "/api/v1/api-keys", { name: "ops" }, admin);
    await check("GET", "/api/v1/api-keys", "/api/v1/api-keys", undefined, admin);

    const inbox = await check("POST", `${T}/inboxes`, `${t}/inboxes`, { name: "Scratch" });
    await call("POST", `/api/inbox/${new URL(inbox.body.url).pathname.split("/").pop()}`, { body: { hello: "world" } });
    await check("GET", `${T}/inboxes`, `${t}/inboxes`);
    await check("GET", `${T}/inboxes/{inboxId}/requests`, `${t}/inboxes/${inbox.body.id}/requests`);

    await check("GET", `${T}/members`, `${t}/members`);
    await check("POST", `${T}/invitations`, `${t}/invitations`, { email: "new.person@example.com" });
    await check("GET", `${T}/invitations`, `${t}/invitations`);
    await check("GET", "/api/v1/stats/overview", "/api/v1/stats/overview", undefined, admin);

    // Errors use the documented envelope and statuses.
    await check("POST", `${T}/endpoints`, `${t}/endpoints`, { url: "ftp://example.com" });
    await check("GET", `${T}/endpoints/{endpointId}`, `${t}/endpoints/ep_nope`);
    await check("POST", "/api/v1/tenants", "/api/v1/tenants", { name: "Nope" });
    await check("GET", "/api/v1/tenants", "/api/v1/tenants", undefined, "hy_not_a_real_key_at_all");
    expect((await post("/api/v1/event-types", { name: "order.created" }, admin)).status).toBe(409);
  });
});

describe("every documented operation answers bad input with a documented 4xx, never a 500", () => {
  const GARBAGE_IDS = ["nope", "%E0%A4%A", "%00", "%25", "%C3%BC", "a".repeat(300)];
  const BAD_BODIES = ["{", "[]", "null", '"text"', '{"unexpected": 1}', JSON.stringify({ name: "\u0000", url: "https://x.test/\u0000", payload: { "\u0000": 1 } })];
  const BAD_QUERY_VALUES = ["%00", "-1", "1e400", "x".repeat(300), "not-a-date"];
  const deep = (levels: number) => "[".repeat(levels) + "]".repeat(levels);

  let admin: string;
  let tenantKey: string;
  let valid: Record<string, string>;
  beforeAll(async () => {
    admin = await adminKey();
    const tenant = await createTenantWithKey(admin, "Fuzzed", "fuzzed");
    tenantKey = tenant.key;
    await createEventTypes(admin, "fuzz.event");
    const t = `/api/v1/tenants/${tenant.id}`;
    const endpoint = await post(`${t}/endpoints`, { url: "https://example.com/fuzz" }, admin);
    const message = await post(`${t}/messages`, { eventType: "fuzz.event", payload: {} }, admin);
    const deliveries = await get(`${t}/deliveries?messageId=${message.body.id}`, admin);
    const inbox = await post(`${t}/inboxes`, { name: "fuzz" }, admin);
    const key = await post(`${t}/api-keys`, { name: "fuzz" }, admin);
    const invitation = await post(`${t}/invitations`, { email: "fuzz@example.com" }, admin);
    valid = {
      tenant: tenant.id,
      name: "fuzz.event",
      endpointId: endpoint.body.id,
      messageId: message.body.id,
      deliveryId: deliveries.body.data[0].id,
      inboxId: inbox.body.id,
      keyId: key.body.id,
      invitationId: invitation.body.invitation.id,
      memberId: "mem_none",
    };
  });

  const operations = () =>
    Object.entries<Record<string, any>>(doc.paths).flatMap(([template, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ template, method: method.toUpperCase(), op })),
    );
  const fill = (template: string, values: (name: string) => string) => template.replace(/\{([^}]+)\}/g, (_m, name) => values(name));

  async function expectDocumented(op: any, method: string, url: string, opts: Parameters<typeof call>[2]) {
    const res = await call(method, url, opts);
    const where = `${method} ${url.slice(0, 120)} → ${res.status} ${res.text.slice(0, 200)}`;
    expect(res.status, where).toBeLessThan(500);
    expect(Object.keys(op.responses), where).toContain(String(res.status));
    if (res.status >= 400) expect(res.body.error.code, where).toEqual(expect.any(String));
  }

  it("for unknown, malformed and oversized path ids", async () => {
    for (const { template, method, op } of operations()) {
      if (!template.includes("{")) continue;
      for (const garbage of GARBAGE_IDS) {
        await expectDocumented(op, method, fill(template, () => garbage), { key: admin });
        await expectDocumented(op, method, fill(template, (name) => (name === "tenant" ? valid.tenant : garbage)), { key: admin });
      }
    }
  });

  it("for malformed, wrongly typed, unstorable and absurdly deep bodies", async () => {
    for (const { template, method, op } of operations()) {
      if (!op.requestBody) continue;
      const url = fill(template, (name) => valid[name]);
      for (const rawBody of [...BAD_BODIES, `{"payload": ${deep(5000)}}`]) {
        await expectDocumented(op, method, url, { key: admin, rawBody, headers: { "content-type": "application/json" } });
      }
    }
  });

  it("for bad query parameter values", async () => {
    for (const { template, method, op } of operations()) {
      const names = (op.parameters ?? []).filter((x: any) => x.in === "query").map((x: any) => x.name);
      const url = fill(template, (name) => valid[name]);
      for (const name of names) {
        for (const value of BAD_QUERY_VALUES) await expectDocumented(op, method, `${url}?${name}=${value}`, { key: admin });
      }
    }
  });

  it("for a tenant key on every operation", async () => {
    for (const { template, method, op } of operations()) {
      if (method === "DELETE") continue; // would delete the seeded objects the other cases use
      await expectDocumented(op, method, fill(template, (name) => valid[name]), { key: tenantKey, body: method === "GET" ? undefined : {} });
    }
  });
});
