// Objects most API tests need: an admin key, tenants with their own keys, event types.
import { createApiKey } from "../../lib/auth/api-keys";
import { db } from "../../lib/db/client";
import { post } from "./api";

export async function adminKey(): Promise<string> {
  const { key } = await createApiKey(db(), { name: "test admin", scope: "admin", tenantId: null });
  return key;
}

export interface TestTenant {
  id: string;
  uid: string | null;
  key: string;
}

export async function createTenantWithKey(admin: string, name: string, uid?: string): Promise<TestTenant> {
  const res = await post("/api/v1/tenants", { name, ...(uid ? { uid } : {}) }, admin);
  if (res.status !== 201) throw new Error(`tenant create failed: ${res.text}`);
  const keyRes = await post(`/api/v1/tenants/${res.body.id}/api-keys`, { name: `${name} key` }, admin);
  if (keyRes.status !== 201) throw new Error(`key create failed: ${keyRes.text}`);
  return { id: res.body.id, uid: res.body.uid, key: keyRes.body.key };
}

export async function createEventTypes(admin: string, ...names: string[]): Promise<void> {
  for (const name of names) {
    const res = await post("/api/v1/event-types", { name, description: `${name} happened`, examplePayload: { example: name } }, admin);
    if (res.status !== 201) throw new Error(`event type create failed: ${res.text}`);
  }
}

/** An endpoint nothing listens on (port 9, discard), for tests where only the claim, the record
 * or the notification matters, never a request's answer. */
export async function addUnreachableEndpoint(tenant: TestTenant, extra: Record<string, unknown> = {}): Promise<{ id: string }> {
  const res = await post(`/api/v1/tenants/${tenant.id}/endpoints`, { url: "http://127.0.0.1:9/none", ...extra }, tenant.key);
  if (res.status !== 201) throw new Error(`endpoint create failed: ${res.text}`);
  return res.body;
}
