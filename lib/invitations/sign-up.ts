// Email + password sign-up. The first account on an empty instance becomes the operator admin;
// after that, sign-up needs a valid invitation addressed to the same email.
import { db } from "../db/client";
import { conflict, forbidden, validationFailed } from "../errors";
import type { SignUp } from "../schemas/auth";
import { createUser, findUserByEmail, userCount } from "../users/users";
import { normalizeEmail } from "../users/users";
import { applyInvitation, findValidInvitation } from "./invitations";

export async function signUp(input: SignUp): Promise<{ id: string; isAdmin: boolean }> {
  const email = normalizeEmail(input.email);
  return db().$transaction(async (tx) => {
    // Serialises sign-ups, so two racing "first" sign-ups cannot both become admin.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('hookyard:sign-up'))`;
    const first = (await userCount(tx)) === 0;
    const invitation = first || !input.invitation ? null : await findValidInvitation(tx, input.invitation);
    if (!first) {
      if (!input.invitation) throw forbidden("Sign-up is by invitation: ask an operator admin to invite you");
      if (!invitation) throw forbidden("This invitation is invalid, already used or expired: ask for a new one");
      if (normalizeEmail(invitation.email) !== email) {
        throw validationFailed("This invitation is for another email address", [{ path: "email", message: `use ${invitation.email}` }]);
      }
    }
    if (await findUserByEmail(tx, email)) throw conflict("An account with this email already exists: sign in instead");
    const user = await createUser(tx, { email, password: input.password, name: input.name || undefined, isAdmin: first });
    if (invitation) await applyInvitation(tx, invitation, user.id);
    const fresh = await tx.user.findUniqueOrThrow({ where: { id: user.id }, select: { id: true, isAdmin: true } });
    return fresh;
  });
}
