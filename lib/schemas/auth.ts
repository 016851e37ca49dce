// Dashboard sign-in and sign-up (the /api/auth routes next to next-auth's own).
import { z } from "zod";

export const passwordSchema = z.string().min(8, "must be at least 8 characters").max(200);

export const signInSchema = z
  .object({ email: z.email("must be an email address").max(320), password: z.string().min(1, "is required").max(200) })
  .strict();

export const signUpSchema = z
  .object({
    email: z.email("must be an email address").max(320),
    password: passwordSchema,
    name: z.string().trim().max(200).optional(),
    invitation: z.string().max(100).optional(),
  })
  .strict();

export const invitationAcceptSchema = z.object({ token: z.string().min(1).max(100) }).strict();

export const invitationPreviewSchema = z.object({
  email: z.string(),
  tenantName: z.string().nullable(),
  role: z.enum(["owner", "member", "viewer"]).nullable(),
  admin: z.boolean(),
  expiresAt: z.string(),
});

export const meSchema = z
  .object({
    type: z.enum(["user", "admin_key", "tenant_key", "portal"]),
    id: z.string(),
    email: z.string().nullable(),
    name: z.string().nullable(),
    isAdmin: z.boolean(),
    tenants: z.array(z.object({ id: z.string(), uid: z.string().nullable(), name: z.string(), role: z.enum(["owner", "member", "viewer"]).nullable() })),
  })
  .meta({ id: "Me" });

export type SignUp = z.infer<typeof signUpSchema>;
export type InvitationPreview = z.infer<typeof invitationPreviewSchema>;
export type MeJson = z.infer<typeof meSchema>;
