// The quick start's test inbox: an inbox of the tenant and an endpoint delivering to it, made
// together. (What the delivery engine needs of inboxes — recognising one's URL and recording a
// request into it — is lib/inbox-capture, which knows nothing of endpoints.)
import type { Endpoint, Inbox } from "../db/generated/client";
import type { TenantScope } from "../db/tenant-scope";
import { createInbox, inboxUrl } from "./inboxes";
import { endpointCreateSchema } from "../schemas/endpoints";
import { createEndpoint } from "../endpoints/endpoints";

/**
 * The quick start: an inbox and an endpoint delivering to it, subscribed to `eventTypes` (empty:
 * all). Both or neither: an endpoint refused (an unknown type, say) takes its inbox with it.
 */
export async function createInboxWithEndpoint(
  scope: TenantScope,
  input: { name: string; eventTypes: string[] },
  origin: string,
): Promise<{ inbox: Inbox; endpoint: Endpoint }> {
  const inbox = await createInbox(scope, input.name);
  try {
    const endpoint = await createEndpoint(
      scope,
      endpointCreateSchema.parse({ url: inboxUrl(origin, inbox.token), description: `Delivers to the test inbox "${inbox.name}"`, eventTypes: input.eventTypes }),
    );
    return { inbox, endpoint };
  } catch (err) {
    await scope.db.inbox.deleteMany({ where: { id: inbox.id } });
    throw err;
  }
}
