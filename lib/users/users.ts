// Dashboard users (next-auth's User rows) and their tenant memberships. Emails are stored trimmed
// and lower-cased; lookups also match rows that next-auth's OAuth sign-in stored in another case.
import "server-only";
import { z } from "zod";
import type { DbTx } from "../db/client";
import type { Membership, MembershipRole, User } from "../db/generated/client";
import { conflict, notFound, validationFailedFrom } from "../errors";
import { passwordSchema } from "../schemas/auth";
import { hashPassword } from "./passwords";
import { isUniqueViolation } from "../db/errors";
import { newId } from "../ids";

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

const newUserSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email("must be an email address").max(320)),
  password: passwordSchema,
  name: z.string().trim().max(200).optional(),
  isAdmin: z.boolean().optional(),
});

export type NewUser = z.input<typeof newUserSchema>;

export interface UserJson {
  id: string;
  email: string | null;
  name: string | null;
  isAdmin: boolean;
  createdAt: string;
}

/** The public shape of a user: never the password hash. */
export function userJson(u: User): UserJson {
  return { id: u.id, email: u.email, name: u.name, isAdmin: u.isAdmin, createdAt: u.createdAt.toISOString() };
}

/** Creates a user who signs in with email + password. 422 for bad input, 409 for a taken email. */
export async function createUser(db: DbTx, input: NewUser): Promise<User> {
  const parsed = newUserSchema.safeParse(input);
  if (!parsed.success) throw validationFailedFrom(parsed.error);
  const { email, password, name, isAdmin } = parsed.data;
  const taken = () => conflict(`A user with email ${email} already exists`);
  if (await findUserByEmail(db, email)) throw taken();
  try {
    return await db.user.create({
      data: { email, name: name || null, passwordHash: await hashPassword(password), isAdmin: isAdmin ?? false },
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw taken();
    throw err;
  }
}

export async function findUserByEmail(db: DbTx, email: string): Promise<User | null> {
  const normalized = normalizeEmail(email);
  if (!normalized) return null;
  // The unique index answers the usual case; the case-insensitive scan finds OAuth-created rows.
  return (
    (await db.user.findUnique({ where: { email: normalized } })) ??
    (await db.user.findFirst({ where: { email: { equals: normalized, mode: "insensitive" } }, orderBy: { createdAt: "asc" } }))
  );
}

/** Makes the user with that email a member of the tenant with `role`; an existing member gets the new role. */
export async function addMember(db: DbTx, input: { tenantId: string; email: string; role: MembershipRole }): Promise<Membership> {
  const user = await findUserByEmail(db, input.email);
  if (!user) throw notFound(`User ${normalizeEmail(input.email)}`);
  const tenant = await db.tenant.findUnique({ where: { id: input.tenantId }, select: { id: true } });
  if (!tenant) throw notFound("Tenant");
  return db.membership.upsert({
    where: { userId_tenantId: { userId: user.id, tenantId: tenant.id } },
    create: { id: newId("membership"), userId: user.id, tenantId: tenant.id, role: input.role },
    update: { role: input.role },
  });
}

export async function userCount(db: DbTx): Promise<number> {
  return db.user.count();
}

/** Every user, oldest first, with the tenants they belong to. */
export async function listUsers(db: DbTx) {
  return db.user.findMany({
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    include: { memberships: { include: { tenant: { select: { id: true, uid: true, name: true } } }, orderBy: { createdAt: "asc" } } },
  });
}
