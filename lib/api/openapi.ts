// The OpenAPI 3.1 document of /api/v1, generated from the zod schemas the handlers validate with
// (lib/schemas/*), so the docs cannot drift from what the API accepts. The route table below
// is the one place a route is described; test/integration/api/openapi.test.ts walks app/api/v1
// and fails when a route file's method is missing here.
// OpenAPI 3.1 schemas are JSON Schema 2020-12: z.toJSONSchema emits them, schemas registered
// with `.meta({ id })` become `components.schemas` and are referenced by `$ref`.
import { z } from "zod";
import packageJson from "../../package.json";
import { pageQuerySchema } from "./pagination";
import { apiKeyCreateSchema, apiKeyCreatedSchema, apiKeySchema, tenantApiKeyCreateSchema } from "../schemas/api-keys";
import { meSchema } from "../schemas/auth";
import { errorEnvelope, pageOf } from "../schemas/common";
import {
  eventTypeCreateSchema,
  eventTypeListQuery,
  eventTypeSchema,
  eventTypeUpdateSchema,
  eventTypeVersionCreatedSchema,
  eventTypeVersionCreateSchema,
  eventTypeVersionSchema,
} from "../schemas/event-types";
import { inboxCreateSchema, inboxRequestSchema, inboxSchema } from "../schemas/inboxes";
import {
  adminInvitationCreateSchema,
  invitationCreateSchema,
  invitationResultSchema,
  invitationSchema,
  memberSchema,
  memberUpdateSchema,
} from "../schemas/members";
import {
  deliveryDetailSchema,
  deliveryListQuery,
  deliverySummarySchema,
  messageCreateSchema,
  messageListQuery,
  messageSchema,
  retryResultSchema,
} from "../schemas/messages";
import {
  endpointCreateSchema,
  endpointSchema,
  endpointSecretSchema,
  endpointUpdateSchema,
  recoverResultSchema,
  recoverSchema,
  rotateSecretSchema,
  testEventResultSchema,
  testEventSchema,
} from "../schemas/endpoints";
import { replayCreateSchema, replayDryRunSchema, replaySchema } from "../schemas/replays";
import { endpointActivitySchema, endpointStatsListSchema, endpointStatsQuery, overviewQuery, overviewSchema } from "../schemas/stats";
import { portalSessionCreateSchema, portalSessionSchema } from "../schemas/portal";
import { tenantCreateSchema, tenantSchema, tenantUpdateSchema } from "../schemas/tenants";

// ---- The route table ----

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
/** admin: an admin key (or operator admin session); key: any key or session that may see the tenant. */
export type RouteAuth = "admin" | "key" | "public";
type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 422;

interface RouteResponse {
  status: 200 | 201 | 202 | 204;
  schema?: z.ZodType;
  description: string;
}

export interface RouteDoc {
  method: HttpMethod;
  /** OpenAPI path template, e.g. `/api/v1/tenants/{tenant}/endpoints`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: Tag;
  auth: RouteAuth;
  body?: z.ZodType;
  query?: z.ZodObject[];
  headers?: { name: string; description: string }[];
  response: RouteResponse;
  /** Errors beyond the ones the route's shape implies (see impliedErrors). */
  errors?: ErrorStatus[];
}

const TAGS = {
  Tenants: "The operator's customers. `{tenant}` in a path is the tenant's id or its uid.",
  "Event types": "The catalog of event names (with optional JSON Schema) messages are published under.",
  Endpoints: "Where a tenant receives webhooks: URL, event filter, headers, limits, signing secret.",
  Messages: "Events published to a tenant, fanned out to its subscribed endpoints.",
  Deliveries: "One message to one endpoint, with every attempt made.",
  "API keys": "Bearer keys (`hy_...`): admin keys for the operator, tenant keys scoped to one tenant.",
  Inboxes: "Test inboxes: public URLs that capture what is sent to them and check its signature.",
  Members: "Dashboard users of a tenant and their invitations.",
  Portal: "The tenant's dashboard for your customers, without Hookyard accounts: single-use links to show in an iframe on your site.",
  Stats: "Delivery health over recent windows.",
  Meta: "The caller, and this document.",
} as const;
type Tag = keyof typeof TAGS;

const ok = (schema: z.ZodType, description = "OK"): RouteResponse => ({ status: 200, schema, description });
const created = (schema: z.ZodType, description = "Created"): RouteResponse => ({ status: 201, schema, description });
const accepted = (schema: z.ZodType, description = "Accepted"): RouteResponse => ({ status: 202, schema, description });
const noContent = (description = "Done"): RouteResponse => ({ status: 204, description });

const T = "/api/v1/tenants/{tenant}";
const EP = `${T}/endpoints/{endpointId}`;
const page = [pageQuerySchema];

export const ROUTES: RouteDoc[] = [
  // Meta
  { method: "GET", path: "/api/v1/openapi.json", operationId: "getOpenApiDocument", tag: "Meta", auth: "public", summary: "This OpenAPI document", response: ok(z.record(z.string(), z.unknown()), "OpenAPI 3.1 document") },
  { method: "GET", path: "/api/v1/me", operationId: "getMe", tag: "Meta", auth: "key", summary: "Who the caller is and the tenants it can open", response: ok(meSchema) },

  // Tenants
  { method: "POST", path: "/api/v1/tenants", operationId: "createTenant", tag: "Tenants", auth: "admin", summary: "Create a tenant", body: tenantCreateSchema, response: created(tenantSchema), errors: [409] },
  { method: "GET", path: "/api/v1/tenants", operationId: "listTenants", tag: "Tenants", auth: "key", summary: "List tenants (admins: all; tenant keys: their own)", query: page, response: ok(pageOf(tenantSchema)) },
  { method: "GET", path: T, operationId: "getTenant", tag: "Tenants", auth: "key", summary: "Get a tenant", response: ok(tenantSchema) },
  { method: "PATCH", path: T, operationId: "updateTenant", tag: "Tenants", auth: "admin", summary: "Rename a tenant or change its uid", body: tenantUpdateSchema, response: ok(tenantSchema), errors: [409] },
  { method: "DELETE", path: T, operationId: "deleteTenant", tag: "Tenants", auth: "admin", summary: "Delete a tenant and everything it owns", response: noContent("Deleted") },

  // Event types
  { method: "POST", path: "/api/v1/event-types", operationId: "createEventType", tag: "Event types", auth: "admin", summary: "Create an event type", description: "The `hookyard.` namespace is reserved. A schema must be valid JSON Schema 2020-12 and the example must satisfy it.", body: eventTypeCreateSchema, response: created(eventTypeSchema), errors: [409] },
  { method: "GET", path: "/api/v1/event-types", operationId: "listEventTypes", tag: "Event types", auth: "key", summary: "List event types (archived ones with `includeArchived=true`)", query: [eventTypeListQuery, pageQuerySchema], response: ok(pageOf(eventTypeSchema)) },
  { method: "GET", path: "/api/v1/event-types/{name}", operationId: "getEventType", tag: "Event types", auth: "key", summary: "Get an event type by name", response: ok(eventTypeSchema) },
  { method: "PATCH", path: "/api/v1/event-types/{name}", operationId: "updateEventType", tag: "Event types", auth: "admin", summary: "Update or archive an event type", body: eventTypeUpdateSchema, response: ok(eventTypeSchema) },
  { method: "DELETE", path: "/api/v1/event-types/{name}", operationId: "deleteEventType", tag: "Event types", auth: "admin", summary: "Delete an event type", response: noContent("Deleted") },
  { method: "GET", path: "/api/v1/event-types/{name}/versions", operationId: "listEventTypeVersions", tag: "Event types", auth: "key", summary: "The type's versions, oldest first, with what changed in each", response: ok(z.object({ data: z.array(eventTypeVersionSchema) })) },
  { method: "POST", path: "/api/v1/event-types/{name}/versions", operationId: "createEventTypeVersion", tag: "Event types", auth: "admin", summary: "Add the next version", description: "Refused (422 `breaking_change`, one detail per change) when it breaks the version before it — a field removed or retyped, a field made required or optional — unless `breaking` is true. A breaking version pins every endpoint receiving the type (and pinning none of its versions) to the version before it.", body: eventTypeVersionCreateSchema, response: created(eventTypeVersionCreatedSchema), errors: [409] },
  { method: "GET", path: "/api/v1/event-types/{name}/versions/{version}", operationId: "getEventTypeVersion", tag: "Event types", auth: "key", summary: "One version of an event type", response: ok(eventTypeVersionSchema) },

  // Admin API keys
  { method: "POST", path: "/api/v1/api-keys", operationId: "createAdminApiKey", tag: "API keys", auth: "admin", summary: "Create an admin API key (shown once)", body: apiKeyCreateSchema, response: created(apiKeyCreatedSchema) },
  { method: "GET", path: "/api/v1/api-keys", operationId: "listAdminApiKeys", tag: "API keys", auth: "admin", summary: "List admin API keys", query: page, response: ok(pageOf(apiKeySchema)) },
  { method: "DELETE", path: "/api/v1/api-keys/{keyId}", operationId: "revokeAdminApiKey", tag: "API keys", auth: "admin", summary: "Revoke an admin API key", response: noContent("Revoked") },

  // Tenant API keys
  { method: "POST", path: `${T}/api-keys`, operationId: "createTenantApiKey", tag: "API keys", auth: "key", summary: "Create a tenant API key (shown once), with a role no higher than its creator's", body: tenantApiKeyCreateSchema, response: created(apiKeyCreatedSchema) },
  { method: "GET", path: `${T}/api-keys`, operationId: "listTenantApiKeys", tag: "API keys", auth: "key", summary: "List the tenant's API keys", query: page, response: ok(pageOf(apiKeySchema)) },
  { method: "DELETE", path: `${T}/api-keys/{keyId}`, operationId: "revokeTenantApiKey", tag: "API keys", auth: "key", summary: "Revoke a tenant API key", response: noContent("Revoked") },

  // Endpoints
  { method: "POST", path: `${T}/endpoints`, operationId: "createEndpoint", tag: "Endpoints", auth: "key", summary: "Create an endpoint", description: "`eventTypes` must name live event types; empty means every type. https is required in production unless HOOKYARD_ALLOW_HTTP is set.", body: endpointCreateSchema, response: created(endpointSchema) },
  { method: "GET", path: `${T}/endpoints`, operationId: "listEndpoints", tag: "Endpoints", auth: "key", summary: "List endpoints", query: page, response: ok(pageOf(endpointSchema)) },
  { method: "GET", path: `${EP}/activity`, operationId: "getEndpointActivity", tag: "Stats", auth: "key", summary: "The endpoint's last 24 hours, hour by hour: deliveries and attempts by outcome", response: ok(endpointActivitySchema), errors: [404] },
  { method: "GET", path: `${T}/endpoints/stats`, operationId: "getEndpointStats", tag: "Stats", auth: "key", summary: "Success rate and latest attempt per endpoint", query: [endpointStatsQuery], response: ok(endpointStatsListSchema) },
  { method: "GET", path: EP, operationId: "getEndpoint", tag: "Endpoints", auth: "key", summary: "Get an endpoint", response: ok(endpointSchema) },
  { method: "PATCH", path: EP, operationId: "updateEndpoint", tag: "Endpoints", auth: "key", summary: "Update an endpoint (disable / re-enable it with `disabled`)", body: endpointUpdateSchema, response: ok(endpointSchema) },
  { method: "DELETE", path: EP, operationId: "deleteEndpoint", tag: "Endpoints", auth: "key", summary: "Delete an endpoint", response: noContent("Deleted") },
  { method: "GET", path: `${EP}/secret`, operationId: "getEndpointSecret", tag: "Endpoints", auth: "key", summary: "The endpoint's current signing secret", response: ok(endpointSecretSchema) },
  { method: "POST", path: `${EP}/secret/rotate`, operationId: "rotateEndpointSecret", tag: "Endpoints", auth: "key", summary: "Rotate the signing secret", description: "The old secret keeps signing (a second signature) for `graceSeconds`.", body: rotateSecretSchema, response: ok(endpointSecretSchema, "The new secret") },
  { method: "POST", path: `${EP}/test`, operationId: "sendTestEvent", tag: "Endpoints", auth: "key", summary: "Send a test event to this endpoint only", body: testEventSchema, response: accepted(testEventResultSchema, "Queued"), errors: [409] },
  { method: "POST", path: `${EP}/replays`, operationId: "replayEndpoint", tag: "Endpoints", auth: "key", summary: "Replay the endpoint's deliveries by filter, paced (or count them: dryRun)", description: "Takes the endpoint's deliveries in `statuses` (one more attempt each) and, with `missing`, the messages it never got (a new delivery each), published between `since` and `until`, in publish order, each due at its own slot at `ratePerSecond`. `dryRun: true` answers 200 with the counts and changes nothing. The same `idempotencyKey` returns the replay it started; while one runs another is refused (409).", body: replayCreateSchema, response: accepted(z.union([replaySchema, replayDryRunSchema]), "The replay (202), or the dry run's counts (200)"), errors: [409] },
  { method: "GET", path: `${EP}/replays`, operationId: "listReplays", tag: "Endpoints", auth: "key", summary: "The endpoint's replays, newest first, with their progress", response: ok(z.object({ data: z.array(replaySchema) })) },
  { method: "GET", path: `${EP}/replays/{replayId}`, operationId: "getReplay", tag: "Endpoints", auth: "key", summary: "A replay and its progress", response: ok(replaySchema) },
  { method: "POST", path: `${EP}/replays/{replayId}/cancel`, operationId: "cancelReplay", tag: "Endpoints", auth: "key", summary: "Cancel a replay: what was not attempted yet goes back to what it was", response: ok(replaySchema) },
  { method: "POST", path: `${EP}/recover`, operationId: "recoverEndpoint", tag: "Endpoints", auth: "key", summary: "Re-attempt the endpoint's failed deliveries since a time", body: recoverSchema, response: accepted(recoverResultSchema, "Queued"), errors: [409] },

  // Messages and deliveries
  { method: "POST", path: `${T}/messages`, operationId: "publishMessage", tag: "Messages", auth: "key", summary: "Publish a message to the tenant's subscribed endpoints", description: "The payload is validated against the event type's schema. The same idempotency key within 24 h returns the original message.", body: messageCreateSchema, headers: [{ name: "Idempotency-Key", description: "Same as `idempotencyKey` in the body (they must agree when both are given)" }], response: accepted(messageSchema, "Published; deliveries are queued") },
  { method: "GET", path: `${T}/messages`, operationId: "listMessages", tag: "Messages", auth: "key", summary: "List messages", query: [messageListQuery, pageQuerySchema], response: ok(pageOf(messageSchema)) },
  { method: "GET", path: `${T}/messages/{messageId}`, operationId: "getMessage", tag: "Messages", auth: "key", summary: "Get a message with its deliveries", response: ok(messageSchema) },
  { method: "GET", path: `${T}/deliveries`, operationId: "listDeliveries", tag: "Deliveries", auth: "key", summary: "List deliveries", query: [deliveryListQuery, pageQuerySchema], response: ok(pageOf(deliverySummarySchema)) },
  { method: "GET", path: `${T}/deliveries/{deliveryId}`, operationId: "getDelivery", tag: "Deliveries", auth: "key", summary: "Get a delivery with its attempts", response: ok(deliveryDetailSchema) },
  { method: "POST", path: `${T}/deliveries/{deliveryId}/retry`, operationId: "retryDelivery", tag: "Deliveries", auth: "key", summary: "Attempt a delivery again now", response: accepted(retryResultSchema, "Queued"), errors: [409] },

  // Inboxes
  { method: "POST", path: `${T}/inboxes`, operationId: "createInbox", tag: "Inboxes", auth: "key", summary: "Create a test inbox", body: inboxCreateSchema, response: created(inboxSchema) },
  { method: "GET", path: `${T}/inboxes`, operationId: "listInboxes", tag: "Inboxes", auth: "key", summary: "List test inboxes", query: page, response: ok(pageOf(inboxSchema)) },
  { method: "GET", path: `${T}/inboxes/{inboxId}`, operationId: "getInbox", tag: "Inboxes", auth: "key", summary: "Get a test inbox", response: ok(inboxSchema) },
  { method: "DELETE", path: `${T}/inboxes/{inboxId}`, operationId: "deleteInbox", tag: "Inboxes", auth: "key", summary: "Delete a test inbox", response: noContent("Deleted") },
  { method: "GET", path: `${T}/inboxes/{inboxId}/requests`, operationId: "listInboxRequests", tag: "Inboxes", auth: "key", summary: "Requests the inbox captured, with their signature check", query: page, response: ok(pageOf(inboxRequestSchema)) },

  // Members and invitations
  { method: "GET", path: `${T}/members`, operationId: "listMembers", tag: "Members", auth: "key", summary: "List the tenant's members", response: ok(pageOf(memberSchema)) },
  { method: "PATCH", path: `${T}/members/{memberId}`, operationId: "updateMember", tag: "Members", auth: "key", summary: "Change a member's role (owners and admins); the last owner cannot be demoted", errors: [409], body: memberUpdateSchema, response: ok(memberSchema) },
  { method: "DELETE", path: `${T}/members/{memberId}`, operationId: "removeMember", tag: "Members", auth: "key", summary: "Remove a member (owners and admins); never the last owner", errors: [409], response: noContent("Removed") },
  { method: "POST", path: `${T}/invitations`, operationId: "inviteMember", tag: "Members", auth: "key", summary: "Invite someone (owners and admins): the invitation waits for them to accept it", body: invitationCreateSchema, response: created(invitationResultSchema), errors: [409] },
  { method: "GET", path: `${T}/invitations`, operationId: "listInvitations", tag: "Members", auth: "key", summary: "Pending invitations", response: ok(pageOf(invitationSchema)), errors: [403] },
  { method: "DELETE", path: `${T}/invitations/{invitationId}`, operationId: "revokeInvitation", tag: "Members", auth: "key", summary: "Revoke a pending invitation", response: noContent("Revoked") },
  { method: "POST", path: "/api/v1/invitations", operationId: "inviteAdmin", tag: "Members", auth: "admin", summary: "Invite an operator admin", body: adminInvitationCreateSchema, response: created(invitationResultSchema) },
  { method: "GET", path: "/api/v1/invitations", operationId: "listAdminInvitations", tag: "Members", auth: "admin", summary: "Pending operator-admin invitations", response: ok(pageOf(invitationSchema)) },

  // Portal
  { method: "POST", path: `${T}/portal-sessions`, operationId: "createPortalSession", tag: "Portal", auth: "admin", summary: "A single-use link that opens the tenant's dashboard, scoped to a role, without an account", description: "Show `url` in an iframe on one of HOOKYARD_PORTAL_ORIGINS (or open it) right away: it must be opened within 5 minutes, and it opens one browser once. Reopening it in that same browser returns to its session. The session has no member management and no operator pages; `features` switch off more.", body: portalSessionCreateSchema, response: created(portalSessionSchema) },
  { method: "DELETE", path: `${T}/portal-sessions/{sessionId}`, operationId: "endPortalSession", tag: "Portal", auth: "admin", summary: "End a portal session now", response: noContent("Ended") },

  // Stats
  { method: "GET", path: "/api/v1/stats/overview", operationId: "getStatsOverview", tag: "Stats", auth: "admin", summary: "Deliveries per minute, latency and failing endpoints", query: [overviewQuery], response: ok(overviewSchema) },
];

// ---- Schema conversion ----

type JsonSchema = Record<string, unknown>;

const COMPONENTS_REF = "#/components/schemas/";
const JSON_VALUE_REF = `${COMPONENTS_REF}JsonValue`;
const DEFS_REF = "#/$defs/";
const JSON_TYPES = ["array", "boolean", "null", "number", "object", "string"].join();
const isRecord = (v: unknown): v is JsonSchema => typeof v === "object" && v !== null && !Array.isArray(v);

/** z.json() converts to a recursive anyOf of the six JSON types: in OpenAPI it is just "any JSON". */
function isJsonValueShape(node: JsonSchema): boolean {
  const options = node.anyOf;
  if (!Array.isArray(options) || options.length !== 6) return false;
  return options.map((o) => (isRecord(o) ? o.type : undefined)).sort().join() === JSON_TYPES;
}

/** `#/$defs/X` of one conversion → `#/components/schemas/X` of the document. */
function componentRef(ref: string, jsonDefs: Set<string>): string {
  if (!ref.startsWith(DEFS_REF)) throw new Error(`Unexpected $ref "${ref}" in a converted schema`);
  const name = decodeURIComponent(ref.slice(DEFS_REF.length));
  if (jsonDefs.has(name)) return JSON_VALUE_REF;
  // Zod names a schema it had to extract (a cycle) but has no id for `__schemaN`: unstable across
  // conversions, so such a schema needs `.meta({ id })` before it can be documented.
  if (name.startsWith("__schema")) throw new Error("A recursive schema without `.meta({ id })` cannot be documented");
  return COMPONENTS_REF + name;
}

/** Collects `.meta({ id })` schemas into `components.schemas` as they are met. */
class SchemaCollector {
  readonly components: Record<string, JsonSchema> = {
    JsonValue: { description: "Any JSON value: object, array, string, number, boolean or null" },
  };

  /** The JSON Schema of `schema`, with `$ref`s into components for every schema that has an id. */
  convert(schema: z.ZodType, io: "input" | "output"): JsonSchema {
    const converted = z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" }) as JsonSchema;
    const { $schema: _dialect, $defs, ...root } = converted;
    const defs = (isRecord($defs) ? $defs : {}) as Record<string, JsonSchema>;

    // Definitions that are a JSON value, directly or as a plain reference to one.
    const jsonDefs = new Set<string>();
    for (let grew = true; grew; ) {
      grew = false;
      for (const [name, def] of Object.entries(defs)) {
        const refTarget = typeof def.$ref === "string" ? def.$ref.slice(DEFS_REF.length) : undefined;
        if (!jsonDefs.has(name) && (isJsonValueShape(def) || (refTarget && jsonDefs.has(refTarget)))) {
          jsonDefs.add(name);
          grew = true;
        }
      }
    }

    const rewrite = (node: unknown): unknown => {
      if (Array.isArray(node)) return node.map(rewrite);
      if (!isRecord(node)) return node;
      if (isJsonValueShape(node)) {
        const { anyOf: _anyJson, ...annotations } = node;
        return { $ref: JSON_VALUE_REF, ...annotations };
      }
      return Object.fromEntries(
        Object.entries(node).map(([key, value]) => [key, key === "$ref" && typeof value === "string" ? componentRef(value, jsonDefs) : rewrite(value)]),
      );
    };

    for (const [name, def] of Object.entries(defs)) {
      if (jsonDefs.has(name)) continue;
      const body = rewrite(def) as JsonSchema;
      const existing = this.components[name];
      if (existing && JSON.stringify(existing) !== JSON.stringify(body)) {
        throw new Error(`Schema id "${name}" converts to two different JSON Schemas (as ${io} and elsewhere); give one of them its own id`);
      }
      this.components[name] = body;
    }
    return rewrite(root) as JsonSchema;
  }

  /** Follows a `$ref` into components (one level), for inspecting a converted schema. */
  resolve(node: JsonSchema): JsonSchema {
    const ref = node.$ref;
    return typeof ref === "string" && ref.startsWith(COMPONENTS_REF) ? this.components[ref.slice(COMPONENTS_REF.length)] : node;
  }
}

// ---- The document ----

const ERROR_RESPONSES: Record<ErrorStatus, { name: string; description: string }> = {
  400: { name: "BadRequest", description: "Malformed JSON body or URL path" },
  401: { name: "Unauthorized", description: "Missing, unknown or revoked API key" },
  403: { name: "Forbidden", description: "The key or user may not do this (e.g. a tenant key on an admin route)" },
  404: { name: "NotFound", description: "No such object, or it belongs to a tenant the caller cannot see" },
  409: { name: "Conflict", description: "Conflicts with the current state (duplicate, disabled endpoint, ...)" },
  413: { name: "PayloadTooLarge", description: "Request body over the size limit" },
  422: { name: "ValidationFailed", description: "The input is invalid; `details` lists each problem with its path" },
};

/** Errors that follow from the route's shape: who may call it, path ids, a body, a query. */
function impliedErrors(route: RouteDoc): ErrorStatus[] {
  const errors = new Set<ErrorStatus>(route.errors);
  if (route.auth !== "public") errors.add(401);
  if (route.auth === "admin" || (route.auth === "key" && route.method !== "GET")) errors.add(403);
  if (route.path.includes("{")) [400, 404].forEach((s) => errors.add(s as ErrorStatus));
  if (route.body) [400, 413, 422].forEach((s) => errors.add(s as ErrorStatus));
  if (route.query?.length) errors.add(422);
  return [...errors].sort();
}

const PATH_PARAMETERS: Record<string, string> = {
  tenant: "The tenant's id (`ten_...`) or its uid",
  name: "Event type name, e.g. `order.completed`",
  version: "Event type version number (1, 2, ...)",
  keyId: "API key id (`key_...`)",
  endpointId: "Endpoint id (`ep_...`)",
  messageId: "Message id (`msg_...`)",
  deliveryId: "Delivery id (`dlv_...`)",
  inboxId: "Inbox id (`inb_...`)",
  memberId: "Membership id (`mem_...`)",
  invitationId: "Invitation id (`inv_...`)",
  sessionId: "Portal session id (`pts_...`)",
  replayId: "Replay id (`rpl_...`)",
};

const AUTH_NOTE: Record<RouteAuth, string> = {
  admin: "Needs an admin API key (or an operator admin's dashboard session).",
  key: "Any API key or dashboard session that can see the tenant; another tenant's objects are 404.",
  public: "Public: no key.",
};

function parameters(route: RouteDoc, schemas: SchemaCollector): JsonSchema[] {
  const params: JsonSchema[] = [];
  for (const [, name] of route.path.matchAll(/\{([^}]+)\}/g)) {
    const description = PATH_PARAMETERS[name];
    if (!description) throw new Error(`Describe the path parameter {${name}} in PATH_PARAMETERS`);
    params.push({ name, in: "path", required: true, description, schema: { type: "string" } });
  }
  for (const header of route.headers ?? []) {
    params.push({ name: header.name, in: "header", required: false, description: header.description, schema: { type: "string" } });
  }
  for (const query of route.query ?? []) {
    const converted = schemas.resolve(schemas.convert(query, "input"));
    const required = new Set((converted.required as string[] | undefined) ?? []);
    for (const [name, prop] of Object.entries((converted.properties ?? {}) as Record<string, JsonSchema>)) {
      const { description, ...schema } = prop;
      params.push({ name, in: "query", required: required.has(name), ...(description ? { description } : {}), schema });
    }
  }
  return params;
}

function operation(route: RouteDoc, schemas: SchemaCollector): JsonSchema {
  const responses: JsonSchema = {
    [route.response.status]: {
      description: route.response.description,
      ...(route.response.schema ? { content: { "application/json": { schema: schemas.convert(route.response.schema, "output") } } } : {}),
    },
  };
  for (const status of impliedErrors(route)) responses[status] = { $ref: `#/components/responses/${ERROR_RESPONSES[status].name}` };
  let requestBody: JsonSchema | undefined;
  if (route.body) {
    const schema = schemas.convert(route.body, "input");
    const required = ((schemas.resolve(schema).required as unknown[] | undefined) ?? []).length > 0;
    requestBody = { required, content: { "application/json": { schema } } };
  }
  const params = parameters(route, schemas);
  return {
    operationId: route.operationId,
    summary: route.summary,
    description: [route.description, AUTH_NOTE[route.auth]].filter(Boolean).join("\n\n"),
    tags: [route.tag],
    ...(route.auth === "public" ? { security: [] } : {}),
    ...(params.length ? { parameters: params } : {}),
    ...(requestBody ? { requestBody } : {}),
    responses,
  };
}

export function buildOpenApiDocument(routes: RouteDoc[] = ROUTES): JsonSchema {
  const schemas = new SchemaCollector();
  const errorSchema = schemas.convert(errorEnvelope, "output");
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) {
    paths[route.path] ??= {};
    paths[route.path][route.method.toLowerCase()] = operation(route, schemas);
  }
  const responses = Object.fromEntries(
    Object.values(ERROR_RESPONSES).map(({ name, description }) => [name, { description, content: { "application/json": { schema: errorSchema } } }]),
  );
  return {
    openapi: "3.1.0",
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    info: {
      title: "Hookyard",
      version: packageJson.version,
      description:
        "Multi-tenant webhook delivery. Authenticate with `Authorization: Bearer hy_...`. Lists are newest first and page by " +
        "`?cursor=` (the `nextCursor` of the previous page) and `?limit=` (1-250, default 50). Errors are " +
        '`{"error": {"code", "message", "details"?}}` with a 4xx status.',
    },
    servers: [{ url: "/" }],
    security: [{ apiKey: [] }],
    tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
    paths,
    components: {
      schemas: Object.fromEntries(Object.entries(schemas.components).sort(([a], [b]) => a.localeCompare(b))),
      responses,
      securitySchemes: {
        apiKey: { type: "http", scheme: "bearer", bearerFormat: "hy_...", description: "An admin or tenant API key" },
      },
    },
  };
}

let cached: JsonSchema | undefined;

/** The document, built once per process. */
export function openApiDocument(): JsonSchema {
  cached ??= buildOpenApiDocument();
  return cached;
}
