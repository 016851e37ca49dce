// The wrapper every /api/v1 route handler goes through: authenticate, give the handler parsed
// input, map any thrown error to the JSON error envelope. Handlers stay thin: parse, call one
// lib function, shape the response.
import type { z } from "zod";
import { env } from "../env";
import { authenticate } from "../auth/authenticate";
import { requireAdmin, type Principal } from "../auth/principal";
import { requirePortalSection, resolveTenant, type AccessMode } from "../auth/tenant-access";
import type { Tenant } from "../db/generated/client";
import { tenantScope, type TenantScope } from "../db/tenant-scope";
import { badRequest, validationFailed, zodDetails, type ErrorDetail } from "../errors";
import { errorResponse } from "./errors";
import { parseJsonText, readBodyText } from "./request-body";
import { rawJsonMember } from "./raw-json";
import { apiResponseHeaders } from "../http/security-headers";
import { observed } from "../observability/api-requests";
import { setRequestTenant } from "../observability/request-context";

type NextRouteContext = { params: Promise<Record<string, string | string[] | undefined>> };

export interface ApiContext {
  req: Request;
  principal: Principal;
  params: Record<string, string>;
  /** Parses the JSON body with `schema`: 400 malformed, 413 too large, 422 invalid. */
  body<S extends z.ZodType>(schema: S): Promise<z.infer<S>>;
  /** After body(): the exact text the client sent for top-level member `key` (see raw-json.ts). */
  rawBodyMember(key: string): string | null;
  /** Parses the query string with `schema` (422 when invalid). */
  query<S extends z.ZodType>(schema: S): z.infer<S>;
  /** The `{tenant}` of the path, if the caller may use it (else 404), and the scope its queries go through. */
  tenant(mode: AccessMode): Promise<{ tenant: Tenant; scope: TenantScope }>;
  /** Throws 403 unless the caller is an operator admin. */
  requireAdmin(): void;
}

/** Deeper JSON than any payload needs; the recursive validators would exhaust the stack first. */
const MAX_JSON_DEPTH = 64;
const NUL_MESSAGE = "must not contain the NUL character (\\u0000)";
const SURROGATE_MESSAGE = "must not contain a lone UTF-16 surrogate (e.g. \\ud800 without its pair): it is not Unicode text";

/** Why PostgreSQL would refuse this string in text or jsonb, or null. */
function unstorable(text: string): string | null {
  if (text.includes("\0")) return NUL_MESSAGE;
  if (!text.isWellFormed()) return SURROGATE_MESSAGE;
  return null;
}

/**
 * What Postgres cannot store (NUL, lone surrogates in text or jsonb) or the validators cannot walk
 * (very deep nesting), found before either turns valid-looking JSON into a 500. Iterative: no recursion.
 */
function unprocessable(input: unknown): ErrorDetail | null {
  const stack: { value: unknown; path: string[] }[] = [{ value: input, path: [] }];
  while (stack.length) {
    const { value, path } = stack.pop()!;
    const problem = typeof value === "string" ? unstorable(value) : null;
    if (problem) return { path: path.join("."), message: problem };
    if (typeof value !== "object" || value === null) continue;
    if (path.length >= MAX_JSON_DEPTH) return { path: path.join("."), message: `is nested more than ${MAX_JSON_DEPTH} levels deep` };
    for (const [key, child] of Object.entries(value)) {
      const keyProblem = unstorable(key);
      if (keyProblem) return { path: path.join("."), message: `keys ${keyProblem}` };
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
      const params = await pathParams(route);
      let scoped: { tenant: Tenant; scope: TenantScope } | undefined;
      let bodyText = "";
      const ctx: ApiContext = {
        req,
        principal,
        params,
        body: async (schema) => {
          bodyText = await readBodyText(req, env().HOOKYARD_MAX_PAYLOAD_BYTES);
          return parseWith(schema, parseJsonText(bodyText), "request body");
        },
        rawBodyMember: (key) => rawJsonMember(bodyText, key),
        query: (schema) => parseWith(schema, Object.fromEntries(new URL(req.url).searchParams), "query parameters"),
        tenant: async (mode) => {
          if (!scoped) {
            const tenant = await resolveTenant(principal, params.tenant, mode);
            requirePortalSection(principal, new URL(req.url).pathname);
            scoped = { tenant, scope: tenantScope(tenant.id) };
            setRequestTenant(tenant.id);
          }
          return scoped;
        },
        requireAdmin: () => requireAdmin(principal),
      };
      return apiResponseHeaders(await handler(ctx));
    } catch (err) {
      return apiResponseHeaders(errorResponse(err));
    }
  });
}

/** A path's parameters, each percent-decoded (see pathParam). */
async function pathParams(route: NextRouteContext | undefined): Promise<Record<string, string>> {
  const raw = (await route?.params) ?? {};
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, pathParam(Array.isArray(v) ? v.join("/") : (v ?? ""))]));
}

/** A path segment, percent-decoded. One that does not decode names nothing (a 404 further on);
 * one with NUL or a lone surrogate is refused here, as Postgres would refuse it with a 500. */
function pathParam(raw: string): string {
  let value = raw;
  try {
    value = decodeURIComponent(raw);
  } catch {
    // Malformed percent-encoding: looked up as is, it matches no object.
  }
  if (unstorable(value)) throw badRequest("The URL path must not contain the NUL character or a lone surrogate");
  return value;
}

/** A public route (no key): same error envelope, no authentication. */
export function publicRoute(handler: (req: Request, params: Record<string, string>) => Promise<Response>) {
  return observed(async (req: Request, route: NextRouteContext): Promise<Response> => {
    try {
      return apiResponseHeaders(await handler(req, await pathParams(route)));
    } catch (err) {
      return apiResponseHeaders(errorResponse(err));
    }
  });
}

export const json = (data: unknown, status = 200) => Response.json(data, { status });
export const created = (data: unknown) => Response.json(data, { status: 201 });
export const accepted = (data: unknown) => Response.json(data, { status: 202 });
export const noContent = () => new Response(null, { status: 204 });
