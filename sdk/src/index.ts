// The Hookyard API client: openapi-fetch over the types openapi-typescript generated from
// Hookyard's OpenAPI document (./schema.ts, `npm run sdk:generate`). Every path, parameter, body and
// response is typed from the same zod schemas the server validates with. This file adds only what
// every caller would otherwise write: the Bearer key, and `unwrap`, which turns the API's error
// envelope into a thrown HookyardError.
import createClient, { type Client, type ClientOptions } from "openapi-fetch";
import type { components, paths } from "./schema.js";

export type { components, paths };
/** The API's named shapes: `Schemas["Message"]`, `Schemas["Endpoint"]`, … */
export type Schemas = components["schemas"];
export type HookyardClient = Client<paths>;

export interface HookyardOptions extends Omit<ClientOptions, "baseUrl"> {
  /** Where Hookyard runs, e.g. `https://hookyard.example.com` (the paths start with /api/v1). */
  baseUrl: string;
  /** An admin key (`hy_…`) for the operator's backend, or a tenant key. */
  apiKey: string;
}

export function createHookyardClient({ baseUrl, apiKey, ...options }: HookyardOptions): HookyardClient {
  const client = createClient<paths>({ ...options, baseUrl: baseUrl.replace(/\/+$/, "") });
  client.use({
    onRequest({ request }) {
      request.headers.set("authorization", `Bearer ${apiKey}`);
      return request;
    },
  });
  return client;
}

/** One problem with the input, by its path (`payload.orderId`, `eventTypes`). */
export interface HookyardErrorDetail {
  path?: string;
  message: string;
}

/** An API error: the HTTP status and the envelope's `code`, `message` and `details`. */
export class HookyardError extends Error {
  constructor(
    readonly status: number,
    /** `validation_failed`, `not_found`, `unauthorized`, `conflict`, `database_unavailable`, … */
    readonly code: string,
    message: string,
    readonly details: HookyardErrorDetail[] = [],
    readonly response?: Response,
  ) {
    super(message);
    this.name = "HookyardError";
  }
}

type Envelope = { error?: { code?: unknown; message?: unknown; details?: unknown } };

/** The error a failed call answered with, as a HookyardError (also for answers that are not our envelope). */
export function toHookyardError(error: unknown, response: Response): HookyardError {
  const body = (typeof error === "object" && error !== null ? error : {}) as Envelope;
  const details = Array.isArray(body.error?.details)
    ? body.error.details.filter((d): d is HookyardErrorDetail => typeof d === "object" && d !== null && typeof (d as HookyardErrorDetail).message === "string")
    : [];
  const code = typeof body.error?.code === "string" ? body.error.code : "http_error";
  const message = typeof body.error?.message === "string" ? body.error.message : `Hookyard answered ${response.status} ${response.statusText}`.trim();
  return new HookyardError(response.status, code, message, details, response);
}

/**
 * The data of a call, or a thrown HookyardError:
 * `const message = await unwrap(hookyard.POST("/api/v1/tenants/{tenant}/messages", { … }))`.
 */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw toHookyardError(error, response);
  return data as T;
}
