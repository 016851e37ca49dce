// Every API URL the browser calls, built in one place: queries.ts reads them, mutations.ts writes
// to them, and no component spells one out. Ids are encoded, since tenants may be addressed by
// their own uid (which may contain ":" or "@").
const V1 = "/api/v1";
const seg = encodeURIComponent;

const tenantBase = (tenant: string) => `${V1}/tenants/${seg(tenant)}`;
const endpointBase = (tenant: string, id: string) => `${tenantBase(tenant)}/endpoints/${seg(id)}`;

export const apiPaths = {
  // Operator scope
  tenants: () => `${V1}/tenants`,
  eventTypes: () => `${V1}/event-types`,
  eventType: (name: string) => `${V1}/event-types/${seg(name)}`,
  eventTypeVersions: (name: string) => `${V1}/event-types/${seg(name)}/versions`,
  adminApiKeys: () => `${V1}/api-keys`,
  adminApiKey: (id: string) => `${V1}/api-keys/${seg(id)}`,
  adminInvitations: () => `${V1}/invitations`,
  statsOverview: () => `${V1}/stats/overview`,

  // One tenant's resources
  endpoints: (tenant: string) => `${tenantBase(tenant)}/endpoints`,
  endpointStats: (tenant: string) => `${tenantBase(tenant)}/endpoints/stats`,
  endpoint: endpointBase,
  endpointSecret: (tenant: string, id: string) => `${endpointBase(tenant, id)}/secret`,
  endpointSecretRotation: (tenant: string, id: string) => `${endpointBase(tenant, id)}/secret/rotate`,
  endpointTestEvent: (tenant: string, id: string) => `${endpointBase(tenant, id)}/test`,
  endpointRecovery: (tenant: string, id: string) => `${endpointBase(tenant, id)}/recover`,
  endpointReplays: (tenant: string, id: string) => `${endpointBase(tenant, id)}/replays`,
  endpointActivity: (tenant: string, id: string) => `${endpointBase(tenant, id)}/activity`,
  endpointReplayCancel: (tenant: string, id: string, replayId: string) => `${endpointBase(tenant, id)}/replays/${seg(replayId)}/cancel`,
  tenant: (tenant: string) => tenantBase(tenant),
  deliveries: (tenant: string) => `${tenantBase(tenant)}/deliveries`,
  delivery: (tenant: string, id: string) => `${tenantBase(tenant)}/deliveries/${seg(id)}`,
  deliveryRetry: (tenant: string, id: string) => `${tenantBase(tenant)}/deliveries/${seg(id)}/retry`,
  messages: (tenant: string) => `${tenantBase(tenant)}/messages`,
  message: (tenant: string, id: string) => `${tenantBase(tenant)}/messages/${seg(id)}`,
  inboxes: (tenant: string) => `${tenantBase(tenant)}/inboxes`,
  inbox: (tenant: string, id: string) => `${tenantBase(tenant)}/inboxes/${seg(id)}`,
  inboxRequests: (tenant: string, id: string) => `${tenantBase(tenant)}/inboxes/${seg(id)}/requests`,
  members: (tenant: string) => `${tenantBase(tenant)}/members`,
  member: (tenant: string, id: string) => `${tenantBase(tenant)}/members/${seg(id)}`,
  invitations: (tenant: string) => `${tenantBase(tenant)}/invitations`,
  invitation: (tenant: string, id: string) => `${tenantBase(tenant)}/invitations/${seg(id)}`,
  tenantApiKeys: (tenant: string) => `${tenantBase(tenant)}/api-keys`,
  tenantApiKey: (tenant: string, id: string) => `${tenantBase(tenant)}/api-keys/${seg(id)}`,

  // Dashboard sign-in and sign-up, beside next-auth's own /api/auth routes
  passwordSignIn: () => "/api/auth/password",
  signUp: () => "/api/auth/sign-up",
  portalRedeem: () => "/api/auth/portal",
};
