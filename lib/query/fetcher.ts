// The browser's one way to call the API: same-origin fetch with the session cookie, JSON in and
// out, and the error envelope {"error": {code, message, details}} turned into a thrown ApiClientError.
export interface ApiErrorDetail {
  path?: string;
  message: string;
}

export class ApiClientError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ApiErrorDetail[] = [],
  ) {
    super(message);
    this.name = "ApiClientError";
  }
}

export async function apiFetch<T>(path: string, init: { method?: string; body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: init.method ?? "GET",
      headers: init.body !== undefined ? { "content-type": "application/json" } : undefined,
      body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
      credentials: "same-origin",
      signal: init.signal,
    });
  } catch (err) {
    if ((err as Error).name === "AbortError") throw err;
    throw new ApiClientError(0, "network_error", "Could not reach Hookyard: check your connection");
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!res.ok) {
    const error = (body as { error?: { code?: string; message?: string; details?: unknown[] } } | null)?.error;
    const details = Array.isArray(error?.details)
      ? error.details.filter((d): d is ApiErrorDetail => typeof d === "object" && d !== null && typeof (d as ApiErrorDetail).message === "string")
      : [];
    throw new ApiClientError(res.status, error?.code ?? "http_error", error?.message ?? `Request failed (${res.status})`, details);
  }
  return body as T;
}

export const apiPost = <T>(path: string, body?: unknown) => apiFetch<T>(path, { method: "POST", body: body ?? {} });
export const apiPatch = <T>(path: string, body: unknown) => apiFetch<T>(path, { method: "PATCH", body });
export const apiDelete = (path: string) => apiFetch<void>(path, { method: "DELETE" });

/** A query string from defined, non-empty values. */
export function qs(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") search.set(k, String(v));
  const s = search.toString();
  return s ? `?${s}` : "";
}

/** The message to show for a failed mutation or query. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : "Something went wrong";
}
