// GET /api/auth/invitation?token=…: what an invitation link grants, so a sign-up form can prefill
// the email. Knowing the token is the authorisation.
import { notFound } from "@/lib/api/errors";
import { json, publicRoute } from "@/lib/api/route";
import type { InvitationPreview } from "@/lib/api/schemas/auth";
import { db } from "@/lib/db/client";
import { findValidInvitation } from "@/lib/invitations/invitations";

export const GET = publicRoute(async (req) => {
  const invitation = await findValidInvitation(db(), new URL(req.url).searchParams.get("token") ?? "");
  if (!invitation) throw notFound("Invitation");
  const preview: InvitationPreview = {
    email: invitation.email,
    tenantName: invitation.tenant?.name ?? null,
    role: invitation.role,
    admin: invitation.admin,
    expiresAt: invitation.expiresAt.toISOString(),
  };
  return json(preview);
});
