// Email magic-link sign-in, end to end: next-auth's real route handlers, a real SMTP server on
// 127.0.0.1 receiving what nodemailer sends, the link followed through next-auth's callback, and
// the resulting database session used on the API.
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { call, post, type ApiResponse } from "../../helpers/api";
import { adminKey, createTenantWithKey, type TestTenant } from "../../helpers/fixtures";
import { db } from "../../../lib/db/client";
import { env, reloadEnv } from "../../../lib/env";
import { hashToken } from "../../../lib/crypto/token-hash";
import { asUser, signIn, signUp } from "./session-helpers";
import { captureLogs } from "../../helpers/logs";

// ─── A real SMTP server and its inbox ────────────────────────────────────────────────────────

interface Mail {
  from: string;
  to: string[];
  headers: Map<string, string>;
  text: string;
  html: string;
  raw: string;
}

const SMTP_USER = "hookyard";
const SMTP_PASS = "s3cret:p@ss";
const received: Mail[] = [];
let waiting: ((mail: Mail) => void) | undefined;
let smtp: SMTPServer;
let smtpUrl: string;

function decodePart(body: string, encoding: string | undefined): string {
  switch ((encoding ?? "7bit").toLowerCase()) {
    case "base64":
      return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
    case "quoted-printable": {
      const bytes = body.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/gi, (_, hex: string) => `%${hex}`);
      return decodeURIComponent(bytes.replace(/%(?![0-9A-F]{2})/gi, "%25"));
    }
    default:
      return body;
  }
}

function parseHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of block.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

function splitMessage(raw: string): { headers: Map<string, string>; body: string } {
  const end = raw.search(/\r?\n\r?\n/);
  return { headers: parseHeaders(raw.slice(0, end)), body: raw.slice(end).replace(/^\r?\n\r?\n/, "") };
}

/** The text/plain and text/html parts of a multipart/alternative message, decoded. */
function parseMail(raw: string, envelope: { from: string; to: string[] }): Mail {
  const { headers, body } = splitMessage(raw);
  const boundary = /boundary="?([^";]+)"?/.exec(headers.get("content-type") ?? "")?.[1];
  const mail: Mail = { ...envelope, headers, text: "", html: "", raw };
  const parts = boundary ? body.split(`--${boundary}`).slice(1, -1) : [raw];
  for (const part of parts) {
    const p = splitMessage(part.replace(/^\r?\n/, ""));
    const content = decodePart(p.body.replace(/\r?\n$/, ""), p.headers.get("content-transfer-encoding"));
    const type = p.headers.get("content-type") ?? "";
    if (type.startsWith("text/plain")) mail.text = content.replace(/\r\n/g, "\n");
    if (type.startsWith("text/html")) mail.html = content.replace(/\r\n/g, "\n");
  }
  return mail;
}

/** The next email the SMTP server accepts (in order). */
function nextMail(timeoutMs = 10_000): Promise<Mail> {
  const queued = received.shift();
  if (queued) return Promise.resolve(queued);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      waiting = undefined;
      reject(new Error("no email arrived"));
    }, timeoutMs);
    waiting = (mail) => {
      clearTimeout(timer);
      waiting = undefined;
      resolve(mail);
    };
  });
}

const allRecipients: string[] = [];

beforeAll(async () => {
  smtp = new SMTPServer({
    secure: false,
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    authOptional: false,
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username === SMTP_USER && auth.password === SMTP_PASS) cb(null, { user: auth.username });
      else cb(new Error("Invalid username or password"));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const to = session.envelope.rcptTo.map((r) => r.address);
        allRecipients.push(...to);
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : "";
        const mail = parseMail(Buffer.concat(chunks).toString("utf8"), { from, to });
        if (waiting) waiting(mail);
        else received.push(mail);
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  const { port } = smtp.server.address() as AddressInfo;
  smtpUrl = `smtp://${SMTP_USER}:${encodeURIComponent(SMTP_PASS)}@127.0.0.1:${port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

function configure(vars: Record<string, string | undefined>) {
  for (const [name, value] of Object.entries(vars)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  reloadEnv();
}

beforeEach(() => {
  configure({
    HOOKYARD_SMTP_URL: smtpUrl,
    HOOKYARD_EMAIL_FROM: "Hookyard Test <signin@hookyard.test>",
    NEXTAUTH_SECRET: "magic-link-test-secret",
    NEXTAUTH_URL: undefined,
    HOOKYARD_PUBLIC_URL: undefined,
  });
});

// ─── Talking to next-auth like its client does ───────────────────────────────────────────────

const cookiePairs = (res: ApiResponse) => res.headers.getSetCookie().map((c) => c.split(";")[0]);

/** What next-auth's `signIn("email", { redirect: false })` does: CSRF token, then the form post. */
async function requestLink(email: string, opts: { callbackUrl?: string; headers?: Record<string, string>; base?: string } = {}) {
  const base = opts.base ?? "";
  const csrf = await call("GET", `${base}/api/auth/csrf`, { headers: opts.headers });
  expect(csrf.status).toBe(200);
  const form = new URLSearchParams({ email, csrfToken: csrf.body.csrfToken, callbackUrl: opts.callbackUrl ?? "/", json: "true" });
  return call("POST", `${base}/api/auth/signin/email`, {
    rawBody: form.toString(),
    headers: { ...opts.headers, "content-type": "application/x-www-form-urlencoded", cookie: cookiePairs(csrf).join("; ") },
  });
}

/** The sign-in link in an email (the text part; the HTML part must carry the same one). */
function linkIn(mail: Mail): URL {
  const match = /https?:\/\/\S+\/api\/auth\/callback\/email\?\S+/.exec(mail.text);
  if (!match) throw new Error(`no sign-in link in:\n${mail.text}`);
  expect(mail.html).toContain(`href="${match[0].replace(/&/g, "&amp;")}"`);
  return new URL(match[0]);
}

function sessionCookieFrom(res: ApiResponse, name = "next-auth.session-token"): string | null {
  return cookiePairs(res).find((c) => c.startsWith(`${name}=`)) ?? null;
}

const VERIFY_REQUEST = "http://hookyard.test/api/auth/verify-request?provider=email&type=email";

let admin: string;
let tenant: TestTenant;

beforeAll(async () => {
  admin = await adminKey();
  tenant = await createTenantWithKey(admin, "Magic Tenant");
});

describe("email magic links", () => {
  it("are off without HOOKYARD_SMTP_URL", async () => {
    configure({ HOOKYARD_SMTP_URL: undefined });
    const providers = await call("GET", "/api/auth/providers");
    expect(providers.status).toBe(200);
    expect(providers.body).not.toHaveProperty("email");
    configure({ HOOKYARD_SMTP_URL: smtpUrl });
    expect((await call("GET", "/api/auth/providers")).body).toHaveProperty("email");
  });

  it("let the first user of an empty instance in, as operator admin", async () => {
    expect(await db().user.count()).toBe(0);
    const res = await requestLink("  First@Example.com ");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ url: VERIFY_REQUEST });

    const mail = await nextMail();
    expect(mail.to).toEqual(["first@example.com"]);
    expect(mail.from).toBe("signin@hookyard.test");
    expect(mail.headers.get("from")).toBe("Hookyard Test <signin@hookyard.test>");
    expect(mail.headers.get("subject")).toBe("Your Hookyard sign-in link");
    expect(mail.text).toContain("Sign in to Hookyard (hookyard.test)");
    expect(mail.text).toMatch(/works once and expires in 1 hour/);
    // Self-contained HTML: no images, stylesheets or fonts fetched from anywhere.
    expect(mail.html).toContain("Sign in to Hookyard");
    expect(mail.html).not.toMatch(/<img|<link|@import|url\(|src=/i);

    const link = linkIn(mail);
    expect(link.origin).toBe("http://hookyard.test");
    expect(link.pathname).toBe("/api/auth/callback/email");
    expect(link.searchParams.get("email")).toBe("first@example.com");
    // Only a hash of the token is stored.
    const stored = await db().verificationToken.findMany({ where: { identifier: "first@example.com" } });
    expect(stored).toHaveLength(1);
    expect(stored[0].token).not.toBe(link.searchParams.get("token"));

    const followed = await call("GET", link.toString());
    expect(followed.status).toBe(302);
    expect(followed.headers.get("location")).toBe("/");
    const cookie = sessionCookieFrom(followed);
    expect(cookie).toMatch(/^next-auth\.session-token=.+/);
    expect(followed.headers.getSetCookie().find((c) => c.startsWith("next-auth.session-token="))).toMatch(/HttpOnly/i);

    const me = await asUser(cookie!).get("/api/v1/me");
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ type: "user", email: "first@example.com", isAdmin: true });
    const user = await db().user.findUniqueOrThrow({ where: { email: "first@example.com" } });
    expect(user.emailVerified).not.toBeNull();
    expect(user.passwordHash).toBeNull();
  });

  it("sign an invited person in with a session that authenticates the API, and work once", async () => {
    const invited = await post(`/api/v1/tenants/${tenant.id}/invitations`, { email: "Invitee@Example.com", role: "member" }, admin);
    expect(invited.status).toBe(201);
    expect(invited.body.status).toBe("invited");

    const res = await requestLink("invitee@example.com", { callbackUrl: `/t/${tenant.id}` });
    expect(res.body).toEqual({ url: VERIFY_REQUEST });
    const mail = await nextMail();
    expect(mail.to).toEqual(["invitee@example.com"]);
    const link = linkIn(mail);
    expect(link.searchParams.get("callbackUrl")).toBe(`/t/${tenant.id}`);

    const followed = await call("GET", link.toString());
    expect(followed.status).toBe(302);
    expect(followed.headers.get("location")).toBe(`/t/${tenant.id}`);
    const cookie = sessionCookieFrom(followed)!;
    const token = cookie.slice(cookie.indexOf("=") + 1);
    const session = await db().session.findUniqueOrThrow({ where: { sessionToken: hashToken(token) }, include: { user: true } });
    expect(session.user.email).toBe("invitee@example.com");
    expect(session.expires.getTime()).toBeGreaterThan(Date.now() + 29 * 86400_000);

    const me = await asUser(cookie).get("/api/v1/me");
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ type: "user", email: "invitee@example.com", isAdmin: false });
    expect(me.body.tenants).toEqual([expect.objectContaining({ id: tenant.id, role: "member" })]);
    // The invitation was used up, and next-auth's own session endpoint sees the same session.
    expect(await db().invitation.count({ where: { email: "invitee@example.com", acceptedAt: null } })).toBe(0);
    const nextAuthSession = await call("GET", "/api/auth/session", { headers: { cookie } });
    expect(nextAuthSession.body.user.email).toBe("invitee@example.com");

    // Single use: the same link again opens nothing and says why.
    const again = await call("GET", link.toString());
    expect(again.status).toBe(302);
    expect(again.headers.get("location")).toBe("http://hookyard.test/api/auth/error?error=Verification");
    expect(sessionCookieFrom(again)).toBeNull();
    const shown = await call("GET", again.headers.get("location")!);
    expect(shown.headers.get("location")).toBe("/sign-in?error=Verification");
    expect(await db().session.count({ where: { userId: session.userId } })).toBe(1);

    // A made-up token for a real address fares no better.
    link.searchParams.set("token", "0".repeat(64));
    expect((await call("GET", link.toString())).headers.get("location")).toMatch(/error=Verification$/);
  });

  it("send the user only to our own pages, whatever callbackUrl the requester gave", async () => {
    // An attacker asks for a link for the victim's address with a callback to their own host.
    await post(`/api/v1/tenants/${tenant.id}/invitations`, { email: "victim@example.com", role: "member" }, admin);
    for (const callbackUrl of ["/\\evil.example/phish", "/\t/evil.example/phish", "https://evil.example/phish", "//evil.example"]) {
      await requestLink("victim@example.com", { callbackUrl });
      const link = linkIn(await nextMail());
      const followed = await call("GET", link.toString());
      expect(followed.status).toBe(302);
      const location = new URL(followed.headers.get("location")!, "http://hookyard.test");
      expect(location.origin, callbackUrl).toBe("http://hookyard.test");
      expect(followed.headers.get("location")).toBe("/");
    }
  });

  it("also serve people who have a password", async () => {
    const invited = await post(`/api/v1/tenants/${tenant.id}/invitations`, { email: "pw@example.com", role: "viewer" }, admin);
    const token = new URL(invited.body.url).searchParams.get("invitation")!;
    expect((await signUp({ email: "pw@example.com", password: "correct horse battery", invitation: token })).status).toBe(201);

    await requestLink("PW@example.com");
    const followed = await call("GET", linkIn(await nextMail()).toString());
    const me = await asUser(sessionCookieFrom(followed)!).get("/api/v1/me");
    expect(me.body).toMatchObject({ email: "pw@example.com" });
    expect(await db().user.count({ where: { email: { equals: "pw@example.com", mode: "insensitive" } } })).toBe(1);
    // The password still works.
    expect((await signIn("pw@example.com", "correct horse battery")).status).toBe(200);
  });

  it("send nothing to an uninvited address, with the same answer as for anyone else", async () => {
    const known = await requestLink("invitee@example.com");
    const stranger = await requestLink("stranger@example.com");
    expect(stranger.status).toBe(known.status);
    expect(stranger.body).toEqual(known.body);
    expect(stranger.body).toEqual({ url: VERIFY_REQUEST });
    expect([...stranger.headers.keys()].sort()).toEqual([...known.headers.keys()].sort());

    // The one email that arrives is the invitee's, and there is no token for the stranger.
    expect((await nextMail()).to).toEqual(["invitee@example.com"]);
    await requestLink("first@example.com");
    expect((await nextMail()).to).toEqual(["first@example.com"]);
    expect(received).toHaveLength(0);
    expect(allRecipients).not.toContain("stranger@example.com");
    expect(await db().verificationToken.count({ where: { identifier: "stranger@example.com" } })).toBe(0);
    expect(await db().user.count({ where: { email: "stranger@example.com" } })).toBe(0);

    // A link minted for them anyway (say the invitation was revoked after it was sent) is refused.
    const refusedInvite = await post(`/api/v1/tenants/${tenant.id}/invitations`, { email: "revoked@example.com", role: "member" }, admin);
    await requestLink("revoked@example.com");
    const link = linkIn(await nextMail());
    expect((await call("DELETE", `/api/v1/tenants/${tenant.id}/invitations/${refusedInvite.body.invitation.id}`, { key: admin })).status).toBe(204);
    const followed = await call("GET", link.toString());
    expect(followed.headers.get("location")).toBe("/sign-in?error=NotInvited");
    expect(sessionCookieFrom(followed)).toBeNull();
    expect(await db().user.count({ where: { email: "revoked@example.com" } })).toBe(0);
  });

  it("build links from HOOKYARD_PUBLIC_URL, NEXTAUTH_URL, or the origin a proxy reports", async () => {
    configure({ HOOKYARD_PUBLIC_URL: "https://hooks.example.com/ignored/path" });
    await requestLink("first@example.com");
    const publicLink = linkIn(await nextMail());
    expect(publicLink.origin).toBe("https://hooks.example.com");
    expect(publicLink.pathname).toBe("/api/auth/callback/email");
    // Served over https: next-auth's __Secure- cookie, which our API reads too.
    const followed = await call("GET", publicLink.toString());
    const secureCookie = sessionCookieFrom(followed, "__Secure-next-auth.session-token");
    expect(secureCookie).not.toBeNull();
    expect(followed.headers.getSetCookie().find((c) => c.startsWith("__Secure-"))).toMatch(/Secure/);
    expect((await asUser(secureCookie!).get("/api/v1/me")).body.email).toBe("first@example.com");

    configure({ HOOKYARD_PUBLIC_URL: undefined, NEXTAUTH_URL: "http://auth.example.test:8080" });
    await requestLink("first@example.com");
    expect(linkIn(await nextMail()).origin).toBe("http://auth.example.test:8080");

    // X-Forwarded-* from anyone but a trusted proxy names nothing: links stay on the Host asked for.
    configure({ NEXTAUTH_URL: undefined });
    const proxied = { host: "10.0.0.5:3000", "x-forwarded-host": "hookyard.example.org", "x-forwarded-proto": "https" };
    const untrusted = await requestLink("pw@example.com", { headers: proxied });
    expect(untrusted.body).toEqual({ url: "http://10.0.0.5:3000/api/auth/verify-request?provider=email&type=email" });
    expect(linkIn(await nextMail()).origin).toBe("http://10.0.0.5:3000");
    configure({ HOOKYARD_TRUST_PROXY: "true" });
    try {
      const res = await requestLink("first@example.com", { headers: proxied });
      expect(res.body).toEqual({ url: "https://hookyard.example.org/api/auth/verify-request?provider=email&type=email" });
      expect(linkIn(await nextMail()).origin).toBe("https://hookyard.example.org");
    } finally {
      configure({ HOOKYARD_TRUST_PROXY: undefined });
    }
  });

  it("give OAuth the same origin (GitHub's redirect URI)", async () => {
    configure({ GITHUB_ID: "gh-client", GITHUB_SECRET: "gh-secret" });
    try {
      const csrf = await call("GET", "/api/auth/csrf");
      const res = await call("POST", "/api/auth/signin/github", {
        rawBody: new URLSearchParams({ csrfToken: csrf.body.csrfToken, callbackUrl: "/", json: "true" }).toString(),
        headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookiePairs(csrf).join("; ") },
      });
      const authorize = new URL(res.body.url);
      expect(authorize.origin + authorize.pathname).toBe("https://github.com/login/oauth/authorize");
      expect(authorize.searchParams.get("redirect_uri")).toBe("http://hookyard.test/api/auth/callback/github");
    } finally {
      configure({ GITHUB_ID: undefined, GITHUB_SECRET: undefined });
    }
  });

  it("answer the same when the SMTP server is down, and log why", async () => {
    const logs = captureLogs("error");
    try {
      configure({ HOOKYARD_SMTP_URL: "smtp://127.0.0.1:1/?connectionTimeout=2000" });
      const res = await requestLink("pw@example.com");
      expect(res.body).toEqual({ url: VERIFY_REQUEST });
      await vi.waitFor(
        () => expect(logs.lines).toContainEqual(expect.objectContaining({ level: "error", to: "pw@example.com", msg: "could not send the sign-in email" })),
        { timeout: 10_000 },
      );
    } finally {
      logs.stop();
    }
  });

  it("refuse malformed addresses and too many requests, with messages the form shows", async () => {
    const bad = await requestLink("not-an-email");
    expect(bad.body.url).toBe("http://hookyard.test/api/auth/error?error=EmailSignin");

    // Counted for every address, known or not: the limit gives nothing away.
    for (let i = 0; i < 5; i++) expect((await requestLink("nobody@example.com")).body).toEqual({ url: VERIFY_REQUEST });
    const limited = await requestLink("nobody@example.com");
    expect(limited.body).toEqual({ url: "http://hookyard.test/api/auth/error?error=EmailRateLimited" });
    const page = await call("GET", "/api/auth/error?error=EmailRateLimited");
    expect(page.headers.get("location")).toBe("/sign-in?error=EmailRateLimited");
    expect(received).toHaveLength(0);
  });

  it("end with next-auth's own sign-out, like every session", async () => {
    await requestLink("invitee@example.com");
    const cookie = sessionCookieFrom(await call("GET", linkIn(await nextMail()).toString()))!;
    expect((await asUser(cookie).get("/api/v1/me")).status).toBe(200);
    const csrf = await call("GET", "/api/auth/csrf", { headers: { cookie } });
    const out = await call("POST", "/api/auth/signout", {
      rawBody: new URLSearchParams({ csrfToken: csrf.body.csrfToken, json: "true" }).toString(),
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: [cookie, ...cookiePairs(csrf)].join("; ") },
    });
    expect(out.status).toBe(200);
    expect(out.headers.getSetCookie().find((c) => c.startsWith("next-auth.session-token="))).toMatch(/Expires=Thu, 01 Jan 1970|Max-Age=0/i);
    expect(await db().session.count({ where: { sessionToken: hashToken(cookie.slice(cookie.indexOf("=") + 1)) } })).toBe(0);
    expect((await asUser(cookie).get("/api/v1/me")).status).toBe(401);
  });

  it("need the CSRF token next-auth issued", async () => {
    const res = await call("POST", "/api/auth/signin/email", {
      rawBody: new URLSearchParams({ email: "first@example.com", csrfToken: "forged", json: "true" }).toString(),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(res.body.url).toContain("csrf=true");
    expect(received).toHaveLength(0);
  });
});

describe("configuration", () => {
  it("validates HOOKYARD_SMTP_URL and, in production, wants a public URL for the links", () => {
    configure({ HOOKYARD_SMTP_URL: "http://mail.example.com" });
    expect(() => env()).toThrow(/HOOKYARD_SMTP_URL: must be an smtp:\/\/ or smtps:\/\/ URL/);
    configure({ HOOKYARD_SMTP_URL: "smtps://user:pass@mail.example.com:465", HOOKYARD_EMAIL_FROM: undefined });
    expect(env().HOOKYARD_EMAIL_FROM).toBe("Hookyard <hookyard@localhost>");

    const nodeEnv = process.env.NODE_ENV;
    try {
      configure({ NODE_ENV: "production" });
      expect(() => env()).toThrow(/needs HOOKYARD_PUBLIC_URL \(or NEXTAUTH_URL\)/);
      configure({ HOOKYARD_PUBLIC_URL: "https://hooks.example.com" });
      expect(env().HOOKYARD_SMTP_URL).toBe("smtps://user:pass@mail.example.com:465");
    } finally {
      configure({ NODE_ENV: nodeEnv });
    }
  });
});
