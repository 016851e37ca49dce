// Dashboard authentication, in one place: the next-auth configuration (database sessions through
// the Prisma adapter; GitHub and email magic links when configured) and email + password sign-in.
//
// Why password sign-in is not a next-auth Credentials provider: v4 runs Credentials only with JWT
// sessions, and we want database sessions everywhere — revocable (delete the row), listable, and
// one lookup path for the API (lib/auth/session.ts reads the Session table for every request).
// The usual workaround (Credentials + overriding jwt.encode/decode to smuggle a session token)
// leans on next-auth internals. Instead our own route (app/api/auth/password) checks the password
// and creates the Session row through the same Prisma adapter next-auth uses, then sets next-auth's
// own session cookie. Every session is therefore a next-auth database session: next-auth's
// /api/auth/session and sign-out work on it, and OAuth sign-ins produce the same kind of row.
//
// Email magic links (HOOKYARD_SMTP_URL set): next-auth's EmailProvider, so the token is random,
// stored hashed in VerificationToken, single-use and short-lived, and following the link opens the
// same kind of database session. Only people who could sign up get a link (lib/auth/magic-link.ts);
// anyone else sees exactly the same "check your inbox" answer, and the email is sent after the
// answer, so neither the answer nor its timing tells whether an address has an account.
import "server-only";
import { randomBytes } from "node:crypto";
import { cache } from "react";
import { PrismaAdapter } from "@next-auth/prisma-adapter";
import type { AuthOptions } from "next-auth";
import type { Adapter } from "next-auth/adapters";
import EmailProvider from "next-auth/providers/email";
import GitHubProvider from "next-auth/providers/github";
import { z } from "zod";
import { db } from "../db/client";
import { env } from "../env";
import { findUserByEmail, normalizeEmail, userCount } from "../users/users";
import { hashToken } from "../crypto/token-hash";
import { applyInvitation, validInvitationsFor } from "../invitations/invitations";
import { safeCallbackPath } from "./callback-url";
import { allowLinkRequest, MAGIC_LINK_MAX_AGE_SECONDS, mayUseMagicLink, sendMagicLink } from "./magic-link";
import { SECURE_SESSION_COOKIE, SESSION_COOKIE, SESSION_MAX_AGE_SECONDS, SESSION_UPDATE_AGE_SECONDS, sessionTokenFrom, sessionUserByToken } from "./session";
import { publicOrigin, usesSecureCookies } from "../request-origin";
import { errorFields, logger } from "../observability/log";

export function authAdapter(): Adapter {
  // The adapter is typed against @prisma/client's default client; ours is generated elsewhere
  // (lib/db/generated) with the same models.
  const adapter = PrismaAdapter(db() as unknown as Parameters<typeof PrismaAdapter>[0]);
  const { createSession, getSessionAndUser, updateSession, deleteSession } = adapter as Required<Adapter>;
  return {
    ...adapter,
    // The Session table holds a hash of each token (lib/crypto/token-hash.ts); next-auth keeps
    // handling the token itself, so it gets the token back in every session it reads.
    createSession: async (session) => ({ ...(await createSession({ ...session, sessionToken: hashToken(session.sessionToken) })), sessionToken: session.sessionToken }),
    getSessionAndUser: async (token) => {
      const found = await getSessionAndUser(hashToken(token));
      return found && { ...found, session: { ...found.session, sessionToken: token } };
    },
    updateSession: async (session) => {
      const updated = await updateSession({ ...session, sessionToken: hashToken(session.sessionToken) });
      return updated && { ...updated, sessionToken: session.sessionToken };
    },
    deleteSession: async (token) => {
      await deleteSession(hashToken(token));
    },
    // Emails are stored lower-cased, but an OAuth sign-in may have stored one in another case:
    // find it either way, so a magic link never creates a second account for the same address.
    getUserByEmail: async (email) => (await findUserByEmail(db(), email)) as Awaited<ReturnType<NonNullable<Adapter["getUserByEmail"]>>>,
  };
}

/**
 * The base URL next-auth builds its links from (email sign-in links, OAuth redirect URIs):
 * NEXTAUTH_URL when set (next-auth's own rule), else our public origin + /api/auth
 * (lib/api/next-auth-route.ts hands next-auth that origin).
 */
export function authBaseUrl(req: Request): string {
  const configured = env().NEXTAUTH_URL;
  if (configured) {
    // As next-auth parses it: a bare origin means /api/auth.
    const url = new URL(configured);
    const path = (url.pathname === "/" ? "/api/auth" : url.pathname).replace(/\/$/, "");
    return `${url.origin}${path}`;
  }
  return `${publicOrigin(req)}/api/auth`;
}

const emailIdentifier = z.string().trim().toLowerCase().pipe(z.email().max(320));

export interface EnabledProviders {
  github: boolean;
  email: boolean;
}

export function enabledProviders(): EnabledProviders {
  const e = env();
  return { github: Boolean(e.GITHUB_ID && e.GITHUB_SECRET), email: Boolean(e.HOOKYARD_SMTP_URL) };
}

/** next-auth's options for one request (the cookie's Secure flag depends on how we are reached). */
export function authOptions(req: Request): AuthOptions {
  const e = env();
  const secure = usesSecureCookies(req);
  const enabled = enabledProviders();
  const base = authBaseUrl(req);
  const adapter = authAdapter();
  const providers: AuthOptions["providers"] = [];
  if (enabled.github) providers.push(GitHubProvider({ clientId: e.GITHUB_ID!, clientSecret: e.GITHUB_SECRET! }));

  if (enabled.email) {
    // next-auth asks for the email to be sent and for its token to be stored at the same time; we
    // send it once both have happened (a link never arrives before its token exists) and do not
    // wait for the SMTP server: the answer comes as fast as a refusal does. A failed send is logged.
    let link: { identifier: string; url: string; expires: Date } | undefined;
    let stored: string | undefined;
    const sendWhenReady = () => {
      if (!link || stored !== link.identifier) return;
      const { identifier: to, url, expires } = link;
      link = stored = undefined;
      sendMagicLink({ to, url, expires }).catch((err: unknown) => {
        logger().error({ to, ...errorFields(err) }, "could not send the sign-in email");
      });
    };
    const createVerificationToken = adapter.createVerificationToken!;
    adapter.createVerificationToken = async (token) => {
      const created = await createVerificationToken(token);
      stored = token.identifier;
      sendWhenReady();
      return created;
    };
    providers.push(
      EmailProvider({
        server: e.HOOKYARD_SMTP_URL!,
        from: e.HOOKYARD_EMAIL_FROM,
        maxAge: MAGIC_LINK_MAX_AGE_SECONDS,
        // Same form as our stored emails (trimmed, lower-cased); anything else is "EmailSignin".
        normalizeIdentifier: (identifier) => {
          const parsed = emailIdentifier.safeParse(identifier);
          if (!parsed.success) throw new Error("Invalid email address");
          return parsed.data;
        },
        async sendVerificationRequest({ identifier, url, expires }) {
          link = { identifier, url, expires };
          sendWhenReady();
        },
      }),
    );
  }

  return {
    secret: e.NEXTAUTH_SECRET,
    adapter,
    providers,
    session: { strategy: "database", maxAge: SESSION_MAX_AGE_SECONDS, updateAge: SESSION_UPDATE_AGE_SECONDS },
    useSecureCookies: secure,
    cookies: {
      sessionToken: {
        name: secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE,
        options: { httpOnly: true, sameSite: "lax", path: "/", secure },
      },
    },
    pages: { signIn: "/sign-in", error: "/sign-in", verifyRequest: "/sign-in?check=email" },
    callbacks: {
      async signIn({ user, account, email }) {
        if (!account || account.type === "credentials") return false;
        // Email: asked for a link (verificationRequest), then again when the link is followed.
        if (account.type === "email") {
          const address = normalizeEmail(user.email ?? account.providerAccountId);
          if (email?.verificationRequest) {
            if (!(await allowLinkRequest(address))) return `${base}/error?error=EmailRateLimited`;
            // Refused: next-auth's own "link sent" answer, word for word, and no email.
            if (!(await mayUseMagicLink(address))) return `${base}/verify-request?${new URLSearchParams({ provider: "email", type: "email" })}`;
            return true;
          }
          // The link is followed: the invitation may have been revoked since it was sent.
          return (await mayUseMagicLink(address)) ? true : "/sign-in?error=NotInvited";
        }
        // OAuth: a returning user, the very first user, or someone with a pending invitation.
        if (await adapter.getUserByAccount!({ provider: account.provider, providerAccountId: account.providerAccountId })) return true;
        if ((await userCount(db())) === 0) return true;
        if (user.email && (await validInvitationsFor(db(), user.email)).length > 0) return true;
        return "/sign-in?error=NotInvited";
      },
      // After sign-in, only ever a page of our own (lib/auth/callback-url.ts), as a relative path.
      async redirect({ url, baseUrl }) {
        return safeCallbackPath(url, baseUrl);
      },
    },
    events: {
      // A user created by an OAuth or magic-link sign-in: the first one becomes operator admin; invitations apply.
      async createUser({ user }) {
        await db().$transaction(async (tx) => {
          if ((await tx.user.count()) === 1) await tx.user.update({ where: { id: user.id }, data: { isAdmin: true } });
          if (user.email) for (const invitation of await validInvitationsFor(tx, user.email)) await applyInvitation(tx, invitation, user.id);
        });
      },
    },
  };
}

/** Creates a database session for the user (through next-auth's adapter) and the cookie for it. */
export async function startSession(userId: string, req: Request): Promise<{ sessionToken: string; setCookie: string }> {
  const sessionToken = randomBytes(32).toString("hex");
  const expires = new Date(Date.now() + SESSION_MAX_AGE_SECONDS * 1000);
  await authAdapter().createSession!({ sessionToken, userId, expires });
  const secure = usesSecureCookies(req);
  const name = secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
  const setCookie = `${name}=${sessionToken}; Path=/; Expires=${expires.toUTCString()}; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
  return { sessionToken, setCookie };
}

// ─── Server components ─────────────────────────────────────────────────────────────────────

/** The signed-in user of the page being rendered (deduplicated per request), or null. */
export const dashboardUser = cache(async () => {
  const { cookies } = await import("next/headers");
  const jar = await cookies();
  return sessionUserByToken(sessionTokenFrom((name) => jar.get(name)?.value));
});
