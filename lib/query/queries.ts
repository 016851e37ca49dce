// Query keys and fetchers for every API resource the dashboard reads, as TanStack `queryOptions`
// factories. Tenant resources are keyed under ["tenant", tenant, ...] so one invalidation can
// refresh everything of a tenant.
import { infiniteQueryOptions, keepPreviousData, queryOptions } from "@tanstack/react-query";
import type { Page } from "@/lib/db/pagination";
import type { ApiKeyJson } from "@/lib/schemas/api-keys";
import type { EndpointJson, EndpointSecretJson } from "@/lib/schemas/endpoints";
import type { EventTypeJson, EventTypeVersionJson } from "@/lib/schemas/event-types";
import type { ReplayJson } from "@/lib/schemas/replays";
import type { InboxJson, InboxRequestJson } from "@/lib/schemas/inboxes";
import type { InvitationJson, MemberJson } from "@/lib/schemas/members";
import type { DeliveryDetailJson, DeliveryFilters, DeliveryJson, MessageFilters, MessageJson } from "@/lib/schemas/messages";
import type { EndpointActivityJson, EndpointStatsJson, OverviewJson } from "@/lib/schemas/stats";
import type { TenantJson } from "@/lib/schemas/tenants";
import { apiFetch, qs } from "./fetcher";
import { apiPaths as api } from "./paths";

/** Every page of a list (for small catalogs: event types, endpoints in a filter). */
async function allPages<T>(path: string, signal?: AbortSignal): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  const sep = path.includes("?") ? "&" : "?";
  do {
    const page: Page<T> = await apiFetch<Page<T>>(`${path}${sep}limit=250${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, { signal });
    items.push(...page.data);
    cursor = page.nextCursor;
  } while (cursor && items.length < 5000);
  return items;
}

export const tenantQueries = {
  all: () => ["tenants"] as const,
  list: () => queryOptions({ queryKey: ["tenants", "list"], queryFn: ({ signal }) => allPages<TenantJson>(api.tenants(), signal) }),
  detail: (tenant: string) => queryOptions({ queryKey: ["tenants", "detail", tenant], queryFn: ({ signal }) => apiFetch<TenantJson>(api.tenant(tenant), { signal }) }),
};

export const eventTypeQueries = {
  all: () => ["event-types"] as const,
  list: (includeArchived = false) =>
    queryOptions({
      queryKey: ["event-types", { includeArchived }],
      queryFn: ({ signal }) => allPages<EventTypeJson>(`${api.eventTypes()}?includeArchived=${includeArchived}`, signal),
      staleTime: 60_000,
    }),
  detail: (name: string) => queryOptions({ queryKey: ["event-types", "detail", name], queryFn: ({ signal }) => apiFetch<EventTypeJson>(api.eventType(name), { signal }) }),
  versions: (name: string) =>
    queryOptions({
      queryKey: ["event-types", "versions", name],
      queryFn: async ({ signal }) => (await apiFetch<{ data: EventTypeVersionJson[] }>(api.eventTypeVersions(name), { signal })).data,
    }),
};

export const endpointQueries = {
  all: (tenant: string) => ["tenant", tenant, "endpoints"] as const,
  list: (tenant: string) =>
    queryOptions({ queryKey: ["tenant", tenant, "endpoints", "list"], queryFn: ({ signal }) => allPages<EndpointJson>(api.endpoints(tenant), signal), refetchInterval: 15_000 }),
  detail: (tenant: string, id: string) =>
    queryOptions({ queryKey: ["tenant", tenant, "endpoints", "detail", id], queryFn: ({ signal }) => apiFetch<EndpointJson>(api.endpoint(tenant, id), { signal }), refetchInterval: 10_000 }),
  secret: (tenant: string, id: string) =>
    queryOptions({
      queryKey: ["tenant", tenant, "endpoints", "secret", id],
      queryFn: ({ signal }) => apiFetch<EndpointSecretJson>(api.endpointSecret(tenant, id), { signal }),
      staleTime: Infinity,
      gcTime: 60_000,
    }),
  replays: (tenant: string, id: string) =>
    queryOptions({
      queryKey: ["tenant", tenant, "endpoints", "replays", id],
      queryFn: async ({ signal }) => (await apiFetch<{ data: ReplayJson[] }>(api.endpointReplays(tenant, id), { signal })).data,
      // Progress moves while a replay runs.
      refetchInterval: (q) => (q.state.data?.some((r) => r.status === "running") ? 1000 : false),
    }),
  activity: (tenant: string, id: string) =>
    queryOptions({
      queryKey: ["tenant", tenant, "endpoints", "stats", "activity", id],
      queryFn: ({ signal }) => apiFetch<EndpointActivityJson>(api.endpointActivity(tenant, id), { signal }),
      refetchInterval: 10_000,
    }),
  /** Prefix of every stats query of the tenant (for invalidation). */
  allStats: (tenant: string) => ["tenant", tenant, "endpoints", "stats"] as const,
  stats: (tenant: string, endpointId?: string) =>
    queryOptions({
      queryKey: ["tenant", tenant, "endpoints", "stats", endpointId ?? "all"],
      queryFn: ({ signal }) => apiFetch<{ hours: number; data: EndpointStatsJson[] }>(`${api.endpointStats(tenant)}${qs({ endpointId })}`, { signal }),
      refetchInterval: endpointId ? 5000 : 15_000,
    }),
};

export const deliveryQueries = {
  all: (tenant: string) => ["tenant", tenant, "deliveries"] as const,
  list: (tenant: string, filters: DeliveryFilters, opts: { limit?: number; poll?: number } = {}) =>
    infiniteQueryOptions({
      queryKey: ["tenant", tenant, "deliveries", "list", filters, opts.limit ?? 50],
      queryFn: ({ pageParam, signal }) =>
        apiFetch<Page<DeliveryJson>>(`${api.deliveries(tenant)}${qs({ ...filters, limit: opts.limit ?? 50, cursor: pageParam })}`, { signal }),
      initialPageParam: undefined as string | undefined,
      getNextPageParam: (last) => last.nextCursor ?? undefined,
      placeholderData: keepPreviousData,
      refetchInterval: opts.poll ?? 5000,
    }),
  detail: (tenant: string, id: string) =>
    queryOptions({ queryKey: ["tenant", tenant, "deliveries", "detail", id], queryFn: ({ signal }) => apiFetch<DeliveryDetailJson>(api.delivery(tenant, id), { signal }) }),
};

export const messageQueries = {
  all: (tenant: string) => ["tenant", tenant, "messages"] as const,
  list: (tenant: string, filters: MessageFilters) =>
    infiniteQueryOptions({
      queryKey: ["tenant", tenant, "messages", "list", filters],
      queryFn: ({ pageParam, signal }) => apiFetch<Page<MessageJson>>(`${api.messages(tenant)}${qs({ ...filters, limit: 50, cursor: pageParam })}`, { signal }),
      initialPageParam: undefined as string | undefined,
      getNextPageParam: (last) => last.nextCursor ?? undefined,
      placeholderData: keepPreviousData,
      refetchInterval: 10_000,
    }),
  detail: (tenant: string, id: string) =>
    queryOptions({ queryKey: ["tenant", tenant, "messages", "detail", id], queryFn: ({ signal }) => apiFetch<MessageJson>(api.message(tenant, id), { signal }), refetchInterval: 5000 }),
};

export const inboxQueries = {
  all: (tenant: string) => ["tenant", tenant, "inboxes"] as const,
  list: (tenant: string) => queryOptions({ queryKey: ["tenant", tenant, "inboxes", "list"], queryFn: ({ signal }) => allPages<InboxJson>(api.inboxes(tenant), signal) }),
  detail: (tenant: string, id: string) =>
    queryOptions({ queryKey: ["tenant", tenant, "inboxes", "detail", id], queryFn: ({ signal }) => apiFetch<InboxJson>(api.inbox(tenant, id), { signal }) }),
  requests: (tenant: string, id: string) =>
    infiniteQueryOptions({
      queryKey: ["tenant", tenant, "inboxes", "requests", id],
      queryFn: ({ pageParam, signal }) =>
        apiFetch<Page<InboxRequestJson>>(`${api.inboxRequests(tenant, id)}${qs({ limit: 25, cursor: pageParam })}`, { signal }),
      initialPageParam: undefined as string | undefined,
      getNextPageParam: (last) => last.nextCursor ?? undefined,
      refetchInterval: 3000,
    }),
};

export const memberQueries = {
  all: (tenant: string) => ["tenant", tenant, "members"] as const,
  members: (tenant: string) =>
    queryOptions({ queryKey: ["tenant", tenant, "members", "list"], queryFn: ({ signal }) => apiFetch<Page<MemberJson>>(api.members(tenant), { signal }) }),
  invitations: (tenant: string) =>
    queryOptions({ queryKey: ["tenant", tenant, "members", "invitations"], queryFn: ({ signal }) => apiFetch<Page<InvitationJson>>(api.invitations(tenant), { signal }) }),
};

export const apiKeyQueries = {
  admin: () => queryOptions({ queryKey: ["api-keys", "admin"], queryFn: ({ signal }) => allPages<ApiKeyJson>(api.adminApiKeys(), signal) }),
  tenant: (tenant: string) =>
    queryOptions({ queryKey: ["tenant", tenant, "api-keys"], queryFn: ({ signal }) => allPages<ApiKeyJson>(api.tenantApiKeys(tenant), signal) }),
};

export const statsQueries = {
  overview: (minutes: number) =>
    queryOptions({
      queryKey: ["stats", "overview", minutes],
      queryFn: ({ signal }) => apiFetch<OverviewJson>(`${api.statsOverview()}${qs({ minutes })}`, { signal }),
      refetchInterval: 10_000,
      placeholderData: keepPreviousData,
    }),
};
