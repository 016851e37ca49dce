// Every write the dashboard makes, as TanStack `mutationOptions` factories: the request (bodies
// typed from the zod schemas the route handlers validate with) and what it changes in the query
// cache, so a component never builds a URL or decides what to refetch. Components add only what
// they show (toasts, navigation), through `mutate(vars, { onSuccess })` or useApiForm.
import { mutationOptions, type QueryClient, type QueryKey } from "@tanstack/react-query";
import type { z } from "zod";
import type { recoverResultSchema, testEventResultSchema } from "@/lib/schemas/endpoints";
import type { retryResultSchema } from "@/lib/schemas/messages";
import type { ApiKeyCreatedJson, apiKeyCreateSchema } from "@/lib/schemas/api-keys";
import type { signInSchema, signUpSchema } from "@/lib/schemas/auth";
import type { endpointCreateSchema, EndpointJson, EndpointSecretJson, endpointUpdateSchema } from "@/lib/schemas/endpoints";
import type { eventTypeCreateSchema, EventTypeJson, eventTypeUpdateSchema, EventTypeVersionCreatedJson, eventTypeVersionCreateSchema } from "@/lib/schemas/event-types";
import type { replayCreateSchema, ReplayDryRunJson, ReplayJson } from "@/lib/schemas/replays";
import type { inboxCreateSchema, InboxJson } from "@/lib/schemas/inboxes";
import type { adminInvitationCreateSchema, invitationCreateSchema, InvitationResult, MemberJson, memberUpdateSchema } from "@/lib/schemas/members";
import type { recoverSchema, rotateSecretSchema, testEventSchema } from "@/lib/schemas/endpoints";
import type { portalRedeemSchema } from "@/lib/schemas/portal";
import type { tenantCreateSchema, TenantJson, tenantUpdateSchema } from "@/lib/schemas/tenants";
import { SIGN_IN_ERRORS } from "@/lib/auth/sign-in-errors";
import { apiDelete, apiPatch, apiPost } from "./fetcher";
import { apiPaths as api } from "./paths";
import { apiKeyQueries, deliveryQueries, endpointQueries, eventTypeQueries, inboxQueries, memberQueries, messageQueries, tenantQueries } from "./queries";

/** What the API accepts for a schema (defaults may be left out). */
type Body<S extends z.ZodType> = z.input<S>;

/** Refetch what a write made stale, without making the write wait for it. */
function invalidate(client: QueryClient, ...keys: QueryKey[]) {
  for (const queryKey of keys) void client.invalidateQueries({ queryKey });
}

export const tenantMutations = {
  create: () =>
    mutationOptions({
      mutationFn: (body: Body<typeof tenantCreateSchema>) => apiPost<TenantJson>(api.tenants(), body),
      onSuccess: (_tenant, _body, _r, { client }) => invalidate(client, tenantQueries.all()),
    }),
  update: (tenant: string) =>
    mutationOptions({
      mutationFn: (body: Body<typeof tenantUpdateSchema>) => apiPatch<TenantJson>(api.tenant(tenant), body),
      onSuccess: (_tenant, _body, _r, { client }) => invalidate(client, tenantQueries.all()),
    }),
};

export const eventTypeMutations = {
  /** Adds an event type to the catalog, or edits the one named. */
  save: (name?: string) =>
    mutationOptions({
      mutationFn: (body: Body<typeof eventTypeCreateSchema> | Body<typeof eventTypeUpdateSchema>) =>
        name ? apiPatch<EventTypeJson>(api.eventType(name), body) : apiPost<EventTypeJson>(api.eventTypes(), body),
      onSuccess: (_saved, _body, _r, { client }) => invalidate(client, eventTypeQueries.all()),
    }),
  setArchived: () =>
    mutationOptions({
      mutationFn: ({ name, archived }: { name: string; archived: boolean }) =>
        apiPatch<EventTypeJson>(api.eventType(name), { archived } satisfies Body<typeof eventTypeUpdateSchema>),
      onSuccess: (_saved, _vars, _r, { client }) => invalidate(client, eventTypeQueries.all()),
    }),
  addVersion: (name: string) =>
    mutationOptions({
      mutationFn: (body: Body<typeof eventTypeVersionCreateSchema>) => apiPost<EventTypeVersionCreatedJson>(api.eventTypeVersions(name), body),
      onSuccess: (_saved, _body, _r, { client }) => invalidate(client, eventTypeQueries.all()),
    }),
};

export const endpointMutations = {
  /** Creates an endpoint, or updates the one given (the form sends the same fields either way). */
  save: (tenant: string, endpointId?: string) =>
    mutationOptions({
      mutationFn: (body: Body<typeof endpointCreateSchema> | Body<typeof endpointUpdateSchema>) =>
        endpointId ? apiPatch<EndpointJson>(api.endpoint(tenant, endpointId), body) : apiPost<EndpointJson>(api.endpoints(tenant), body),
      onSuccess: (saved, _body, _r, { client }) => {
        client.setQueryData(endpointQueries.detail(tenant, saved.id).queryKey, saved);
        invalidate(client, endpointQueries.all(tenant));
      },
    }),
  remove: (tenant: string, endpointId: string) =>
    mutationOptions({
      mutationFn: () => apiDelete(api.endpoint(tenant, endpointId)),
      onSuccess: (_none, _vars, _r, { client }) => {
        // Forget what was read about it, and refresh the rest without asking for it again (a 404).
        const aboutIt = (key: QueryKey) => key.includes(endpointId);
        client.removeQueries({ predicate: (q) => aboutIt(q.queryKey) });
        void client.invalidateQueries({ queryKey: endpointQueries.all(tenant), predicate: (q) => !aboutIt(q.queryKey) });
      },
    }),
  rotateSecret: (tenant: string, endpointId: string) =>
    mutationOptions({
      mutationFn: (body: Body<typeof rotateSecretSchema>) => apiPost<EndpointSecretJson>(api.endpointSecretRotation(tenant, endpointId), body),
      onSuccess: (secret, _body, _r, { client }) => client.setQueryData(endpointQueries.secret(tenant, endpointId).queryKey, secret),
    }),
  sendTestEvent: (tenant: string, endpointId: string) =>
    mutationOptions({
      mutationFn: (body: Body<typeof testEventSchema>) => apiPost<z.infer<typeof testEventResultSchema>>(api.endpointTestEvent(tenant, endpointId), body),
      onSuccess: (_sent, _body, _r, { client }) =>
        invalidate(client, deliveryQueries.all(tenant), messageQueries.all(tenant), endpointQueries.allStats(tenant)),
    }),
  /** A replay, or its dry run (the counts): the body says which. */
  replay: (tenant: string, endpointId: string) =>
    mutationOptions({
      mutationFn: (body: Body<typeof replayCreateSchema>) => apiPost<ReplayJson | ReplayDryRunJson>(api.endpointReplays(tenant, endpointId), body),
      onSuccess: (result, _body, _r, { client }) => {
        if ("dryRun" in result) return;
        invalidate(client, endpointQueries.replays(tenant, endpointId).queryKey, deliveryQueries.all(tenant));
      },
    }),
  cancelReplay: (tenant: string, endpointId: string) =>
    mutationOptions({
      mutationFn: (replayId: string) => apiPost<ReplayJson>(api.endpointReplayCancel(tenant, endpointId, replayId)),
      onSuccess: (_r1, _id, _r, { client }) => invalidate(client, endpointQueries.replays(tenant, endpointId).queryKey, deliveryQueries.all(tenant)),
    }),
  recover: (tenant: string, endpointId: string) =>
    mutationOptions({
      mutationFn: (body: Body<typeof recoverSchema>) => apiPost<z.infer<typeof recoverResultSchema>>(api.endpointRecovery(tenant, endpointId), body),
      onSuccess: (_result, _body, _r, { client }) => invalidate(client, deliveryQueries.all(tenant)),
    }),
};

export const deliveryMutations = {
  retry: (tenant: string, deliveryId: string) =>
    mutationOptions({
      mutationFn: () => apiPost<z.infer<typeof retryResultSchema>>(api.deliveryRetry(tenant, deliveryId)),
      onSuccess: (_result, _vars, _r, { client }) => invalidate(client, deliveryQueries.all(tenant), endpointQueries.allStats(tenant)),
    }),
};

export const inboxMutations = {
  create: (tenant: string) =>
    mutationOptions({
      mutationFn: (body: Body<typeof inboxCreateSchema>) => apiPost<InboxJson>(api.inboxes(tenant), body),
      onSuccess: (_inbox, _body, _r, { client }) => invalidate(client, inboxQueries.all(tenant)),
    }),
  /** The first-run shortcut: a test inbox and an endpoint delivering to it. */
  createWithEndpoint: (tenant: string) =>
    mutationOptions({
      // One request: the server creates both or neither.
      mutationFn: (eventTypes: string[]) =>
        apiPost<InboxJson>(api.inboxes(tenant), { name: "Test inbox", endpoint: { eventTypes } } satisfies Body<typeof inboxCreateSchema>),
      onSuccess: (_created, _vars, _r, { client }) => invalidate(client, endpointQueries.all(tenant), inboxQueries.all(tenant)),
    }),
  remove: (tenant: string, inboxId: string) =>
    mutationOptions({
      mutationFn: () => apiDelete(api.inbox(tenant, inboxId)),
      onSuccess: (_none, _vars, _r, { client }) => {
        client.removeQueries({ queryKey: inboxQueries.detail(tenant, inboxId).queryKey });
        invalidate(client, inboxQueries.all(tenant));
      },
    }),
};

export const memberMutations = {
  invite: (tenant: string) =>
    mutationOptions({
      mutationFn: (body: Body<typeof invitationCreateSchema>) => apiPost<InvitationResult>(api.invitations(tenant), body),
      onSuccess: (_result, _body, _r, { client }) => invalidate(client, memberQueries.all(tenant)),
    }),
  changeRole: (tenant: string, memberId: string) =>
    mutationOptions({
      mutationFn: (body: Body<typeof memberUpdateSchema>) => apiPatch<MemberJson>(api.member(tenant, memberId), body),
      onSuccess: (_member, _body, _r, { client }) => invalidate(client, memberQueries.all(tenant)),
    }),
  remove: (tenant: string, memberId: string) =>
    mutationOptions({
      mutationFn: () => apiDelete(api.member(tenant, memberId)),
      onSuccess: (_none, _vars, _r, { client }) => invalidate(client, memberQueries.all(tenant)),
    }),
  revokeInvitation: (tenant: string) =>
    mutationOptions({
      mutationFn: (invitationId: string) => apiDelete(api.invitation(tenant, invitationId)),
      onSuccess: (_none, _id, _r, { client }) => invalidate(client, memberQueries.all(tenant)),
    }),
  /** An operator-admin invitation (no tenant): always a sign-up link. */
  inviteAdmin: () =>
    mutationOptions({
      mutationFn: (body: Body<typeof adminInvitationCreateSchema>) =>
        apiPost<Extract<InvitationResult, { status: "invited" }>>(api.adminInvitations(), body),
    }),
};

const apiKeyListKey = (tenant?: string) => (tenant ? apiKeyQueries.tenant(tenant) : apiKeyQueries.admin()).queryKey;

/** Keys of a tenant (`tenant` given) or operator keys (admin scope). */
export const apiKeyMutations = {
  create: (tenant?: string) =>
    mutationOptions({
      mutationFn: (body: Body<typeof apiKeyCreateSchema>) =>
        apiPost<ApiKeyCreatedJson>(tenant ? api.tenantApiKeys(tenant) : api.adminApiKeys(), body),
      onSuccess: (_key, _body, _r, { client }) => invalidate(client, apiKeyListKey(tenant)),
    }),
  revoke: (tenant?: string) =>
    mutationOptions({
      mutationFn: (keyId: string) => apiDelete(tenant ? api.tenantApiKey(tenant, keyId) : api.adminApiKey(keyId)),
      onSuccess: (_none, _id, _r, { client }) => invalidate(client, apiKeyListKey(tenant)),
    }),
};

/** Signing in and up: each ends in a full page load, so nothing in the cache changes. */
export const authMutations = {
  passwordSignIn: () =>
    mutationOptions({ mutationFn: (body: Body<typeof signInSchema>) => apiPost<{ ok: true }>(api.passwordSignIn(), body) }),
  signUp: () =>
    mutationOptions({ mutationFn: (body: Body<typeof signUpSchema>) => apiPost<{ id: string; isAdmin: boolean }>(api.signUp(), body) }),
  /** Asks next-auth's email provider for a sign-in link; resolves with the address it went to. */
  emailLink: (callbackUrl: string) =>
    mutationOptions({
      mutationFn: async (email: string) => {
        // Loaded on use: every dashboard page imports this module, only the sign-in page needs it.
        const { signIn } = await import("next-auth/react");
        const result = await signIn("email", { email, callbackUrl, redirect: false });
        if (result?.error) throw new Error(SIGN_IN_ERRORS[result.error] ?? "Could not send a sign-in link. Try again.");
        // Success (and, on purpose, a refusal) is next-auth's verify-request URL; anything else is not.
        if (!result?.ok || !result.url?.includes("/verify-request")) throw new Error("Could not send a sign-in link. Reload the page and try again.");
        return email;
      },
    }),
};

/** A portal link's token for the session cookie: ends in a full page load of the tenant's dashboard. */
export const portalMutations = {
  redeem: () =>
    mutationOptions({ mutationFn: (body: Body<typeof portalRedeemSchema>) => apiPost<{ redirectTo: string }>(api.portalRedeem(), body) }),
};
