// The API and the signer agree on which custom headers an endpoint may have: whatever signing
// would silently drop, validation refuses with a 422 naming it — and what validation takes is sent.
import { describe, expect, it } from "vitest";
import { buildWebhookHeaders, generateSecret } from "../../../lib/delivery/signing";
import { endpointCreateSchema } from "../../../lib/schemas/endpoints";

const dropped = ["te", "Upgrade", "expect", "Trailer", "keep-alive", "Connection", "Transfer-Encoding", "content-length", "Host", "Content-Type", "User-Agent", "webhook-id", "Webhook-Signature", "webhook-anything"];
const kept = ["X-Team", "Authorization", "X-Api-Key", "Accept", "Tenant", "TE-Custom", "X-Upgrade"];

function sent(name: string): boolean {
  const headers = buildWebhookHeaders({ msgId: "msg_1", timestamp: new Date(), body: "{}", secrets: [generateSecret()], customHeaders: { [name]: "custom-value" } });
  return headers[name.toLowerCase()] === "custom-value";
}

function validation(name: string) {
  return endpointCreateSchema.safeParse({ url: "https://example.com/hook", headers: { [name]: "custom-value" } });
}

describe("reserved headers", () => {
  it.each(dropped)("%s: refused by validation with its name, and never sent", (name) => {
    const result = validation(name);
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([expect.objectContaining({ path: ["headers", name], message: expect.stringContaining(`"${name}"`) })]);
    expect(sent(name)).toBe(false);
  });

  it.each(kept)("%s: accepted by validation, and sent as given", (name) => {
    expect(validation(name).success).toBe(true);
    expect(sent(name)).toBe(true);
  });
});
