// GET /api/auth/invitation?token=…: what an invitation link grants, so a sign-up form can prefill
// the email. Knowing the token is the authorisation.
// POST /api/auth/invitation {"token"}: a signed-in user accepts an invitation addressed to them
// (people who already have an account join a tenant this way, never without saying yes).
import { forbidden, notFound, unauthorized } from "@/lib/errors";
import { json, parseWith, publicRoute } from "@/lib/api/route";
import { readJsonBody } from "@/lib/api/request-body";
import { invitationAcceptSchema, type InvitationPreview } from "@/lib/schemas/auth";
import { sessionUser } from "@/lib/auth/session";
import { isSameOrigin } from "@/lib/request-origin";
import { db } from "@/lib/db/client";
import { acceptInvitation, findValidInvitation } from "@/lib/invitations/invitations";

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

export const POST = publicRoute(async (req) => {
  if (!isSameOrigin(req)) throw forbidden("Cross-origin request refused");
  const user = await sessionUser(req);
  if (!user) throw unauthorized("Sign in to accept the invitation");
  const { token } = parseWith(invitationAcceptSchema, await readJsonBody(req, 16 * 1024), "request body");
  return json(await db().$transaction((tx) => acceptInvitation(tx, token, user)));
});
