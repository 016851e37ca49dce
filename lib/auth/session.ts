// The dashboard user behind a request's next-auth session cookie, with their tenant roles.
// Filled in by the dashboard (next-auth) work; until then no request has a session.
import type { MembershipRole } from "../db/generated/client";

export interface SessionUser {
  id: string;
  isAdmin: boolean;
  roles: ReadonlyMap<string, MembershipRole>;
}

export async function sessionUser(_req: Request): Promise<SessionUser | null> {
  return null;
}
