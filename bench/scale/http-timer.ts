// Sequential timed requests against the API over one keep-alive connection: the latency a single
// dashboard user or API client sees, request start to the last byte of the body.
import { Pool } from "undici";
import { percentile } from "../stats";

export interface TimedRoute {
  group: string;
  label: string;
  method: "GET" | "POST";
  path: string;
  /** A fresh body per request (publish). */
  body?: (i: number) => unknown;
}

export interface Timing {
  p50: number;
  p95: number;
  max: number;
  errors: number;
  errorSample?: string;
}

export class HttpTimer {
  private readonly pool: Pool;

  constructor(
    baseUrl: string,
    private readonly key: string,
  ) {
    this.pool = new Pool(baseUrl, { connections: 1, keepAliveTimeout: 60_000 });
  }

  private async request(method: string, path: string, body?: unknown): Promise<{ status: number; text: string }> {
    const res = await this.pool.request({
      method: method as "GET",
      path: `/api/v1${path}`,
      headers: { authorization: `Bearer ${this.key}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.statusCode, text: await res.body.text() };
  }

  /** One untimed call for set-up; throws on an error status. */
  async call<T = unknown>(method: "GET" | "POST", path: string, body?: unknown): Promise<T> {
    const { status, text } = await this.request(method, path, body);
    if (status >= 300) throw new Error(`${method} ${path} → ${status}: ${text.slice(0, 500)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  async time(route: TimedRoute, opts: { warmup: number; requests: number }): Promise<Timing> {
    const samples: number[] = [];
    let errors = 0;
    let errorSample: string | undefined;
    for (let i = 0; i < opts.warmup + opts.requests; i++) {
      const t0 = performance.now();
      const { status, text } = await this.request(route.method, route.path, route.body?.(i));
      const ms = performance.now() - t0;
      if (i < opts.warmup) continue;
      if (status >= 300) {
        errors++;
        errorSample ??= `${status} ${text.slice(0, 200)}`;
      }
      samples.push(ms);
    }
    samples.sort((a, b) => a - b);
    return { p50: percentile(samples, 50), p95: percentile(samples, 95), max: samples[samples.length - 1], errors, errorSample };
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
