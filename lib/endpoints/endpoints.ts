// Endpoints: where a tenant wants its webhooks. All access goes through the tenant-scoped client.
import type { Endpoint, Prisma } from "../db/generated/client";
import { db } from "../db/client";
import type { TenantScope } from "../db/tenant-scope";
import { notFound, validationFailed } from "../errors";
import type { EndpointCreate, EndpointJson, EndpointUpdate } from "../schemas/endpoints";
import { env } from "../env";
import { newId } from "../ids";
import { unknownEventTypes } from "../event-types/event-types";
import { addSecret, checkSecret } from "./secrets";
import { executorHooks } from "../executors/hooks";
import { waitOutSendFence } from "../delivery/send-fence";
import { emitOperationalEvent } from "../operational-events/emit";
import { operatorTargetChanged } from "../operational-events/tenant";
import { hideAllValues } from "./header-masking";
import { endpointDisabled } from "../delivery/telemetry";
import { checkPinnedVersions } from "./pinned-versions";
import { isOwnInboxUrl } from "../inbox-capture/own-url";

/** The endpoint as the API shows it; `readHeaders: false` (viewers) hides custom header values. */
export function endpointJson(e: Endpoint, { readHeaders = true }: { readHeaders?: boolean } = {}): EndpointJson {
  const headers = e.headers as Record<string, string>;
  return {
    id: e.id,
    tenantId: e.tenantId,
    url: e.url,
    description: e.description,
    eventTypes: e.eventTypes,
    disabled: e.disabled,
    disabledReason: e.disabledReason,
    headers: readHeaders ? headers : hideAllValues(headers),
    rateLimitPerSecond: e.rateLimitPerSecond,
    timeoutMs: e.timeoutMs,
    ordered: e.ordered,
    pinnedVersions: e.pinnedVersions as Record<string, number>,
    failingSince: e.failingSince?.toISOString() ?? null,
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}

/** Checks that need configuration or the database: URL scheme policy (the tenant's own test
 * inboxes are Hookyard's URL, exempt) and known event types. */
async function checkEndpointInput(scope: TenantScope, input: { url?: string; eventTypes?: string[] }): Promise<void> {
  if (input.url && new URL(input.url).protocol === "http:" && !env().allowHttp && !(await isOwnInboxUrl(scope, input.url))) {
    throw validationFailed("url must use https://", [{ path: "url", message: "Use an https:// URL: this Hookyard delivers over TLS only" }]);
  }
  if (input.eventTypes?.length) {
    const unknown = await unknownEventTypes(db(), input.eventTypes);
    if (unknown.length) {
      throw validationFailed(
        `Unknown event types: ${unknown.join(", ")}`,
        unknown.map((name) => ({ path: "eventTypes", message: `unknown event type "${name}"`, value: name })),
      );
    }
  }
}

export async function createEndpoint(scope: TenantScope, input: EndpointCreate): Promise<Endpoint> {
  await checkEndpointInput(scope, input);
  await checkPinnedVersions(input.pinnedVersions, input.eventTypes);
  const secret = checkSecret(input.secret);
  const created = await scope.db.$transaction(async (tx) => {
    const endpoint = await tx.endpoint.create({
      data: {
        id: newId("endpoint"),
        tenantId: scope.tenantId,
        url: input.url,
        description: input.description,
        eventTypes: input.eventTypes,
        disabled: input.disabled,
        disabledReason: input.disabled ? "Disabled manually" : null,
        disabledAt: input.disabled ? new Date() : null,
        headers: input.headers,
        rateLimitPerSecond: input.rateLimitPerSecond,
        timeoutMs: input.timeoutMs,
        ordered: input.ordered,
        pinnedVersions: input.pinnedVersions,
      },
    });
    await addSecret(tx, endpoint.id, secret);
    return endpoint;
  });
  operatorTargetChanged();
  await emitOperationalEvent("hookyard.endpoint.created", scope.tenantId, { endpointId: created.id, url: created.url, eventTypes: created.eventTypes });
  return created;
}

export async function getEndpoint(scope: TenantScope, id: string): Promise<Endpoint> {
  const endpoint = await scope.db.endpoint.findFirst({ where: { id } });
  if (!endpoint) throw notFound("Endpoint");
  return endpoint;
}

export async function updateEndpoint(scope: TenantScope, id: string, input: EndpointUpdate): Promise<Endpoint> {
  const current = await getEndpoint(scope, id);
  await checkEndpointInput(scope, input);
  if (input.pinnedVersions !== undefined || input.eventTypes !== undefined) {
    await checkPinnedVersions(input.pinnedVersions ?? (current.pinnedVersions as Record<string, number>), input.eventTypes ?? current.eventTypes);
  }
  const data: Prisma.EndpointUncheckedUpdateInput = { ...input };
  if (input.disabled === true && !current.disabled) {
    Object.assign(data, { disabledReason: "Disabled manually", disabledAt: new Date() });
  } else if (input.disabled === false && current.disabled) {
    // Re-enabling starts a fresh health record.
    Object.assign(data, { disabledReason: null, disabledAt: null, failingSince: null });
  }
  const { count } = await scope.db.endpoint.updateMany({ where: { id }, data });
  if (count === 0) throw notFound("Endpoint");
  const disabledNow = input.disabled === true && !current.disabled;
  if (disabledNow) {
    endpointDisabled(id, "api");
    await executorHooks().endpointDisabled(id);
  }
  // Requests started after we answer use the new URL, headers, timeout — or, disabled, none.
  await waitOutSendFence();
  const updated = await getEndpoint(scope, id);
  operatorTargetChanged();
  const ref = { endpointId: id, url: updated.url };
  await emitOperationalEvent("hookyard.endpoint.updated", updated.tenantId, { ...ref, eventTypes: updated.eventTypes, disabled: updated.disabled });
  if (disabledNow) {
    await emitOperationalEvent("hookyard.endpoint.disabled", updated.tenantId, {
      ...ref,
      reason: updated.disabledReason,
      cause: "manual",
      disabledAt: updated.disabledAt?.toISOString(),
    });
  }
  return updated;
}

export async function deleteEndpoint(scope: TenantScope, id: string): Promise<void> {
  const { tenantId } = await getEndpoint(scope, id);
  const { count } = await scope.db.endpoint.deleteMany({ where: { id } });
  if (count === 0) throw notFound("Endpoint");
  await executorHooks().endpointDeleted(id);
  await waitOutSendFence(); // nothing is sent to it after we answer
  operatorTargetChanged();
  await emitOperationalEvent("hookyard.endpoint.deleted", tenantId, { endpointId: id });
}
