// The wrapper every /api/v1 route handler goes through: authenticate, give the handler parsed
// input, map any thrown error to the JSON error envelope. Handlers stay thin: parse, call one
// lib function, shape the response.
import type { z } from "zod";
import { env } from "../env";
import { authenticate, requireAdmin, type Principal } from "../auth/principal";
import { resolveTenant, type AccessMode } from "../auth/tenant-access";
import type { Tenant } from "../db/generated/client";
import { tenantDb, type TenantDb } from "../db/tenant-scope";
import { errorResponse, validationFailed, zodDetails } from "./errors";
import { readJsonBody } from "./request-body";

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

export function parseWith<S extends z.ZodType>(schema: S, input: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const details = zodDetails(result.error);
    const summary = details.map((d) => (d.path ? `${d.path}: ${d.message}` : d.message)).join("; ");
    throw validationFailed(`Invalid ${what}: ${summary}`, details);
  }
  return result.data;
}

export function apiRoute(handler: (ctx: ApiContext) => Promise<Response>) {
  return async (req: Request, route: NextRouteContext): Promise<Response> => {
    try {
      const principal = await authenticate(req);
      const rawParams = (await route?.params) ?? {};
      const params = Object.fromEntries(
        Object.entries(rawParams).map(([k, v]) => [k, decodeURIComponent(Array.isArray(v) ? v.join("/") : (v ?? ""))]),
      );
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
          }
          return scoped;
        },
        requireAdmin: () => requireAdmin(principal),
      };
      return await handler(ctx);
    } catch (err) {
      return errorResponse(err);
    }
  };
}

/** A public route (no key): same error envelope, no authentication. */
export function publicRoute(handler: (req: Request, params: Record<string, string>) => Promise<Response>) {
  return async (req: Request, route: NextRouteContext): Promise<Response> => {
    try {
      const rawParams = (await route?.params) ?? {};
      const params = Object.fromEntries(Object.entries(rawParams).map(([k, v]) => [k, String(v ?? "")]));
      return await handler(req, params);
    } catch (err) {
      return errorResponse(err);
    }
  };
}

export const json = (data: unknown, status = 200) => Response.json(data, { status });
export const created = (data: unknown) => Response.json(data, { status: 201 });
export const accepted = (data: unknown) => Response.json(data, { status: 202 });
export const noContent = () => new Response(null, { status: 204 });
