// The slice of Hookyard's REST API the bench uses, over an undici pool.
import { Pool } from "undici";

export class Api {
  readonly pool: Pool;

  constructor(
    readonly baseUrl: string,
    private readonly key: string,
    connections = 8,
  ) {
    this.pool = new Pool(baseUrl, { connections, keepAliveTimeout: 30_000 });
  }

  async call<T = unknown>(method: "GET" | "POST" | "PATCH" | "DELETE", path: string, body?: unknown): Promise<T> {
    const res = await this.pool.request({
      method,
      path: `/api/v1${path}`,
      headers: { authorization: `Bearer ${this.key}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.body.text();
    if (res.statusCode >= 300) throw new Error(`${method} ${path} → ${res.statusCode}: ${text.slice(0, 500)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  createEventType(name: string) {
    return this.call("POST", "/event-types", { name, description: "Bench event", examplePayload: samplePayload(0) });
  }

  createTenant(name: string, uid: string) {
    return this.call<{ id: string }>("POST", "/tenants", { name, uid });
  }

  createEndpoint(tenant: string, url: string, secret: string) {
    return this.call<{ id: string }>("POST", `/tenants/${tenant}/endpoints`, { url, secret, description: "bench receiver" });
  }

  patchEndpoint(tenant: string, id: string, patch: Record<string, unknown>) {
    return this.call("PATCH", `/tenants/${tenant}/endpoints/${id}`, patch);
  }

  close() {
    return this.pool.close();
  }
}

/** A small, realistic event payload (~250 bytes of JSON). */
export function samplePayload(n: number) {
  return {
    orderId: `ord_${n}`,
    customer: { id: `cus_${n % 1000}`, email: `customer${n % 1000}@example.com` },
    amount: 4200 + (n % 100),
    currency: "usd",
    items: [
      { sku: "sku_tshirt", quantity: 2, price: 1500 },
      { sku: "sku_mug", quantity: 1, price: 1200 },
    ],
  };
}
