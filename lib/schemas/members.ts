import { z } from "zod";
import { idString, isoTime } from "./common";

export const membershipRole = z.enum(["owner", "member", "viewer"]).meta({
  description: "owner: everything incl. members; member: everything but members; viewer: read only",
});

export const memberSchema = z
  .object({
    id: idString("mem"),
    userId: z.string(),
    email: z.string().nullable(),
    name: z.string().nullable(),
    role: membershipRole,
    createdAt: isoTime,
  })
  .meta({ id: "Member" });

export const memberUpdateSchema = z.object({ role: membershipRole }).strict().meta({ id: "MemberUpdate" });

export const invitationCreateSchema = z
  .object({
    email: z.email("must be an email address").max(320),
    role: membershipRole.default("member"),
  })
  .strict()
  .meta({ id: "InvitationCreate" });

export const adminInvitationCreateSchema = z
  .object({ email: z.email("must be an email address").max(320) })
  .strict()
  .meta({ id: "AdminInvitationCreate" });

export const invitationSchema = z
  .object({
    id: idString("inv"),
    email: z.string(),
    tenantId: z.string().nullable(),
    role: membershipRole.nullable(),
    admin: z.boolean(),
    expiresAt: isoTime,
    acceptedAt: isoTime.nullable(),
    createdAt: isoTime,
  })
  .meta({ id: "Invitation" });

export const invitationResultSchema = z
  .object({
    status: z.literal("invited").meta({ description: "Always `invited`: the invitee accepts it (signing up, or signing in if they have an account)" }),
    invitation: invitationSchema,
    url: z.string().meta({ description: "The invitation link with its token: shown once" }),
  })
  .meta({ id: "InvitationResult" });

export type MemberJson = z.infer<typeof memberSchema>;
export type InvitationJson = z.infer<typeof invitationSchema>;
export type InvitationResult = z.infer<typeof invitationResultSchema>;
