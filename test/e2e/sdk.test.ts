// Issue 11, item 9: the generated TypeScript SDK (sdk/) against a real server (the production
// web server on the built app, real PostgreSQL) and a real receiver — what an operator's
// backend does: set up, publish, list deliveries, and handle the errors the API answers with.
import http from "node:http";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "../../lib/auth/api-keys";
import { db } from "../../lib/db/client";
import { createHookyardClient, HookyardError, unwrap, type HookyardClient, type Schemas } from "../../sdk/src/index";
import { freePort, startServer, type RunningServer } from "./helpers/server";

let server: RunningServer;
let hookyard: HookyardClient;
let receiver: http.Server;
let receiverUrl = "";
const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];

const ORDER_SCHEMA = {
  type: "object",
  properties: { orderId: { type: "integer" }, total: { type: "number" } },
  required: ["orderId"],
};

describe("the TypeScript SDK against a real server", () => {
  beforeAll(async () => {
    const port = await freePort();
    receiver = http.createServer((req, res) => {
      let body = "";
      req.on("data", (chunk) => (body += chunk));
      req.on("end", () => {
        received.push({ headers: req.headers, body });
        res.writeHead(200).end("ok");
      });
    });
    await new Promise<void>((resolve) => receiver.listen(port, "127.0.0.1", resolve));
    receiverUrl = `http://127.0.0.1:${port}/webhooks`;
    // Single-process mode: the web server without the supervisor has no worker of its own.
    server = await startServer({ HOOKYARD_WORKERS: "0" });
    const { key } = await createApiKey(db(), { name: "sdk test", scope: "admin", tenantId: null });
    // A trailing slash on the base URL is fine.
    hookyard = createHookyardClient({ baseUrl: `${server.url}/`, apiKey: key });
  });

  afterAll(async () => {
    await server?.stop();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  it("sets up a tenant, publishes, and lists the delivery that reached the receiver", async () => {
    await unwrap(hookyard.POST("/api/v1/event-types", { body: { name: "order.completed", description: "An order was paid", schema: ORDER_SCHEMA, examplePayload: { orderId: 1 } } }));
    const tenant = await unwrap(hookyard.POST("/api/v1/tenants", { body: { name: "Acme", uid: "acme" } }));
    expect(tenant.id).toMatch(/^ten_/);
    const endpoint = await unwrap(
      hookyard.POST("/api/v1/tenants/{tenant}/endpoints", { params: { path: { tenant: "acme" } }, body: { url: receiverUrl, eventTypes: ["order.completed"] } }),
    );

    // The README's publish example.
    const message: Schemas["Message"] = await unwrap(
      hookyard.POST("/api/v1/tenants/{tenant}/messages", {
        params: { path: { tenant: "acme" } },
        body: { eventType: "order.completed", payload: { orderId: 42, total: 99.5 }, idempotencyKey: "order-42" },
      }),
    );
    expect(message.id).toMatch(/^msg_/);
    // The same idempotency key answers the same message.
    const again = await unwrap(
      hookyard.POST("/api/v1/tenants/{tenant}/messages", { params: { path: { tenant: "acme" } }, body: { eventType: "order.completed", payload: { orderId: 42, total: 99.5 }, idempotencyKey: "order-42" } }),
    );
    expect(again.id).toBe(message.id);

    // The delivery reaches the receiver, signed with the endpoint's secret.
    await expect.poll(() => received.length, { timeout: 30_000 }).toBe(1);
    const { secret } = await unwrap(hookyard.GET("/api/v1/tenants/{tenant}/endpoints/{endpointId}/secret", { params: { path: { tenant: "acme", endpointId: endpoint.id } } }));
    const verified = new Webhook(secret).verify(received[0].body, received[0].headers as Record<string, string>);
    expect(verified).toMatchObject({ type: "order.completed", data: { orderId: 42, total: 99.5 } });

    // List deliveries, filtered by the message, until the attempt is recorded.
    const listDeliveries = () =>
      unwrap(hookyard.GET("/api/v1/tenants/{tenant}/deliveries", { params: { path: { tenant: "acme" }, query: { messageId: message.id, limit: 10 } } }));
    await expect.poll(async () => (await listDeliveries()).data.map((d) => d.status), { timeout: 30_000 }).toEqual(["succeeded"]);
    const page = await listDeliveries();
    expect(page.nextCursor).toBeNull();
    expect(page.data[0]).toMatchObject({ messageId: message.id, endpointId: endpoint.id, attemptCount: 1 });
  });

  it("turns a 422 into a HookyardError with the field's path; openapi-fetch's own answer is typed too", async () => {
    const publish = (payload: Record<string, unknown>) =>
      hookyard.POST("/api/v1/tenants/{tenant}/messages", { params: { path: { tenant: "acme" } }, body: { eventType: "order.completed", payload } });

    const thrown = await unwrap(publish({ orderId: "forty-two" })).catch((err: unknown) => err);
    expect(thrown).toBeInstanceOf(HookyardError);
    const error = thrown as HookyardError;
    expect(error.status).toBe(422);
    expect(error.code).toBe("validation_failed");
    expect(error.message).toContain("orderId");
    expect(error.details.map((d) => d.path)).toContain("payload.orderId");

    // Without unwrap: { data, error, response } with the error envelope typed from the document.
    const { data, error: envelope, response } = await publish({ total: 1 });
    expect(data).toBeUndefined();
    expect(response.status).toBe(422);
    expect(envelope?.error.code).toBe("validation_failed");
    expect(envelope?.error.details).toEqual([expect.objectContaining({ path: "payload" })]);
    // Nothing was published by the refused calls.
    expect(await db().message.count({ where: { tenant: { uid: "acme" } } })).toBe(1);
  });

  it("reports 404 and 401 the same way", async () => {
    const missing = await unwrap(hookyard.GET("/api/v1/tenants/{tenant}", { params: { path: { tenant: "nobody" } } })).catch((err: HookyardError) => err);
    expect(missing).toMatchObject({ status: 404, code: "not_found" });
    const stranger = createHookyardClient({ baseUrl: server.url, apiKey: "hy_not-a-real-key-at-all" });
    const refused = await unwrap(stranger.GET("/api/v1/tenants")).catch((err: HookyardError) => err);
    expect(refused).toMatchObject({ status: 401, code: "unauthorized", name: "HookyardError" });
  });

  it("is typed from the document: unknown paths and fields do not compile", () => {
    // These lines are checked by `tsc --noEmit` (npm run typecheck), never run.
    const typeChecks = () => {
      // @ts-expect-error: no such route
      void hookyard.GET("/api/v1/tenants/{tenant}/nothing-here", { params: { path: { tenant: "acme" } } });
      // @ts-expect-error: eventType is required
      void hookyard.POST("/api/v1/tenants/{tenant}/messages", { params: { path: { tenant: "acme" } }, body: { payload: {} } });
      // @ts-expect-error: the tenant path parameter is required
      void hookyard.GET("/api/v1/tenants/{tenant}/deliveries", { params: { path: {} } });
    };
    expect(typeof typeChecks).toBe("function");
  });
});
