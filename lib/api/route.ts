// The wrapper every /api/v1 route handler goes through: authenticate, give the handler parsed
// input, map any thrown error to the JSON error envelope. Handlers stay thin: parse, call one
// lib function, shape the response.
import type { z } from "zod";
import { env } from "../env";
import { authenticate, requireAdmin, type Principal } from "../auth/principal";
import { resolveTenant, type AccessMode } from "../auth/tenant-access";
import type { Tenant } from "../db/generated/client";
import { tenantDb, type TenantDb } from "../db/tenant-scope";
import { badRequest, errorResponse, validationFailed, zodDetails, type ErrorDetail } from "./errors";
import { readJsonBody } from "./request-body";
import { observed } from "../observability/api-requests";
import { setRequestTenant } from "../observability/request-context";

type NextRouteContext = { params: Promise<Record<string, string | string[] | undefined>> };

export interface ApiContext {
  req: Request;
  principal: Principal;
  params: Record<string, string>;
  /** Parses the JSON body with `schema`: 400 malformed, 413 too large, 422 invalid. */
  body<S extends z.ZodType>(schema: S): Promise<z.infer<S>>;
  /** Parses the query string with `schema` (422 when invalid). */
  query<S extends z.ZodType>(schema: S): z.infer<S>;
  /** The `{tenant}` of the path, if the caller may use it (else 404), and its scoped client. */
  tenant(mode: AccessMode): Promise<{ tenant: Tenant; tdb: TenantDb }>;
  /** Throws 403 unless the caller is an operator admin. */
  requireAdmin(): void;
}

/** Deeper JSON than any payload needs; the recursive validators would exhaust the stack first. */
const MAX_JSON_DEPTH = 64;
const NUL_MESSAGE = "must not contain the NUL character (\\u0000)";

/**
 * What Postgres cannot store (NUL in text or jsonb) or the validators cannot walk (very deep
 * nesting), found before either turns valid-looking JSON into a 500. Iterative: no recursion.
 */
function unprocessable(input: unknown): ErrorDetail | null {
  const stack: { value: unknown; path: string[] }[] = [{ value: input, path: [] }];
  while (stack.length) {
    const { value, path } = stack.pop()!;
    if (typeof value === "string" && value.includes("\0")) return { path: path.join("."), message: NUL_MESSAGE };
    if (typeof value !== "object" || value === null) continue;
    if (path.length >= MAX_JSON_DEPTH) return { path: path.join("."), message: `is nested more than ${MAX_JSON_DEPTH} levels deep` };
    for (const [key, child] of Object.entries(value)) {
      if (key.includes("\0")) return { path: path.join("."), message: `keys ${NUL_MESSAGE}` };
      stack.push({ value: child, path: [...path, key] });
    }
  }
  return null;
}

export function parseWith<S extends z.ZodType>(schema: S, input: unknown, what: string): z.infer<S> {
  const problem = unprocessable(input);
  if (problem) throw validationFailed(`Invalid ${what}: ${problem.path ? `${problem.path}: ` : ""}${problem.message}`, [problem]);
  const result = schema.safeParse(input);
  if (!result.success) {
    const details = zodDetails(result.error);
    const summary = details.map((d) => (d.path ? `${d.path}: ${d.message}` : d.message)).join("; ");
    throw validationFailed(`Invalid ${what}: ${summary}`, details);
  }
  return result.data;
}

export function apiRoute(handler: (ctx: ApiContext) => Promise<Response>) {
  return observed(async (req: Request, route: NextRouteContext): Promise<Response> => {
    try {
      const principal = await authenticate(req);
      const rawParams = (await route?.params) ?? {};
      const params = Object.fromEntries(Object.entries(rawParams).map(([k, v]) => [k, pathParam(Array.isArray(v) ? v.join("/") : (v ?? ""))]));
      let scoped: { tenant: Tenant; tdb: TenantDb } | undefined;
      const ctx: ApiContext = {
        req,
        principal,
        params,
        body: async (schema) => parseWith(schema, await readJsonBody(req, env().HOOKYARD_MAX_PAYLOAD_BYTES), "request body"),
        query: (schema) => parseWith(schema, Object.fromEntries(new URL(req.url).searchParams), "query parameters"),
        tenant: async (mode) => {
          if (!scoped) {
            const tenant = await resolveTenant(principal, params.tenant, mode);
            scoped = { tenant, tdb: tenantDb(tenant.id) };
            setRequestTenant(tenant.id);
          }
          return scoped;
        },
        requireAdmin: () => requireAdmin(principal),
      };
      return await handler(ctx);
    } catch (err) {
      return errorResponse(err);
    }
  });
}

/** A path segment, percent-decoded. One that does not decode names nothing (a 404 further on);
 * one with NUL is refused here, as Postgres would refuse it with a 500. */
function pathParam(raw: string): string {
  let value = raw;
  try {
    value = decodeURIComponent(raw);
  } catch {
    // Malformed percent-encoding: looked up as is, it matches no object.
  }
  if (value.includes("\0")) throw badRequest("The URL path must not contain the NUL character");
  return value;
}

/** A public route (no key): same error envelope, no authentication. */
export function publicRoute(handler: (req: Request, params: Record<string, string>) => Promise<Response>) {
  return observed(async (req: Request, route: NextRouteContext): Promise<Response> => {
    try {
      const rawParams = (await route?.params) ?? {};
      const params = Object.fromEntries(Object.entries(rawParams).map(([k, v]) => [k, String(v ?? "")]));
      return await handler(req, params);
    } catch (err) {
      return errorResponse(err);
    }
  });
}

export const json = (data: unknown, status = 200) => Response.json(data, { status });
export const created = (data: unknown) => Response.json(data, { status: 201 });
export const accepted = (data: unknown) => Response.json(data, { status: 202 });
export const noContent = () => new Response(null, { status: 204 });
