// Email magic-link sign-in: who may get a link, the email itself, and sending it over SMTP
// (HOOKYARD_SMTP_URL). next-auth's EmailProvider makes the token, stores its hash in the
// VerificationToken table and checks it when the link is followed (lib/auth/next-auth.ts).
import "server-only";
import { createTransport, type Transporter } from "nodemailer";
import { db } from "../db/client";
import { env } from "../env";
import { validInvitationsFor } from "../invitations/invitations";
import { findUserByEmail, normalizeEmail, userCount } from "../users/users";
import { LINK_REQUESTS, takeAttempt } from "./sign-in-limiter";

/** How long a sign-in link works (next-auth's default is a day; a link in an inbox is a credential). */
export const MAGIC_LINK_MAX_AGE_SECONDS = 60 * 60;

/**
 * The sign-up rule, for links: someone who already has an account, the very first user of an
 * empty instance, or someone with a pending invitation (their account is created when they follow
 * the link, and the invitation applied — see the createUser event).
 */
export async function mayUseMagicLink(email: string): Promise<boolean> {
  if (await findUserByEmail(db(), email)) return true;
  if ((await userCount(db())) === 0) return true;
  return (await validInvitationsFor(db(), email)).length > 0;
}

// ─── A brake on link requests ────────────────────────────────────────────────────────────────

/**
 * Counts a link request for the email; false while it must wait (5 requests, then 1 minute,
 * 2, 4… up to 15 between two: lib/auth/sign-in-limiter.ts, shared by every process). Counted for
 * every address, known or not, so the limit says nothing about who has an account.
 */
export async function allowLinkRequest(email: string): Promise<boolean> {
  const { waitMs } = await takeAttempt([{ name: `link:${normalizeEmail(email)}`, policy: LINK_REQUESTS }]);
  return waitMs === 0;
}

// ─── The email ───────────────────────────────────────────────────────────────────────────────

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

export interface MagicLinkEmail {
  subject: string;
  text: string;
  html: string;
}

/** The sign-in email: plain text and a self-contained HTML version (inline styles, no remote assets). */
export function magicLinkEmail({ url, expires }: { url: string; expires: Date }): MagicLinkEmail {
  const host = new URL(url).host;
  const minutes = Math.max(1, Math.round((expires.getTime() - Date.now()) / 60_000));
  const validity = minutes % 60 === 0 ? `${minutes / 60} hour${minutes === 60 ? "" : "s"}` : `${minutes} minutes`;
  const expiresAt = expires.toISOString().replace("T", " ").replace(/:\d\d\.\d+Z$/, " UTC");
  const subject = "Your Hookyard sign-in link";
  const text = [
    `Sign in to Hookyard (${host})`,
    "",
    "Open this link to sign in:",
    "",
    url,
    "",
    `It works once and expires in ${validity} (${expiresAt}).`,
    "",
    "If you did not ask to sign in, ignore this email: nobody can sign in without this link.",
    "",
  ].join("\n");
  const href = escapeHtml(url);
  const font = "font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
  const html = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:0;background:#f8fafc;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#f8fafc;">
<tr><td align="center" style="padding:32px 16px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:480px;background:#ffffff;border:1px solid #e2e8f0;border-radius:8px;">
<tr><td style="padding:32px;${font};color:#0f172a;">
<p style="margin:0 0 4px;font-size:18px;font-weight:600;">Sign in to Hookyard</p>
<p style="margin:0 0 24px;font-size:14px;color:#475569;">${escapeHtml(host)}</p>
<table role="presentation" cellpadding="0" cellspacing="0" border="0"><tr><td style="border-radius:6px;background:#4f46e5;">
<a href="${href}" style="display:inline-block;padding:10px 20px;font-size:14px;font-weight:600;color:#ffffff;text-decoration:none;border-radius:6px;${font};">Sign in</a>
</td></tr></table>
<p style="margin:24px 0 8px;font-size:13px;color:#475569;">Or paste this link into your browser:</p>
<p style="margin:0 0 24px;font-size:13px;word-break:break-all;"><a href="${href}" style="color:#4338ca;">${href}</a></p>
<p style="margin:0 0 8px;font-size:13px;color:#475569;">It works once and expires in ${escapeHtml(validity)} (${escapeHtml(expiresAt)}).</p>
<p style="margin:0;font-size:13px;color:#475569;">If you did not ask to sign in, ignore this email: nobody can sign in without this link.</p>
</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;
  return { subject, text, html };
}

// ─── Sending ─────────────────────────────────────────────────────────────────────────────────

let transport: { url: string; transporter: Transporter } | undefined;

/** One nodemailer transport per SMTP URL, with timeouts short enough for a sign-in form. */
export function smtpTransport(smtpUrl: string): Transporter {
  if (transport?.url === smtpUrl) return transport.transporter;
  transport?.transporter.close();
  // nodemailer reads its options from the URL's query string; ours are defaults the URL may override.
  const url = new URL(smtpUrl);
  for (const [name, value] of [["connectionTimeout", "10000"], ["greetingTimeout", "10000"], ["socketTimeout", "30000"]]) {
    if (!url.searchParams.has(name)) url.searchParams.set(name, value);
  }
  transport = { url: smtpUrl, transporter: createTransport(url.toString()) };
  return transport.transporter;
}

/** Sends the sign-in email; throws when the server does not accept it for the recipient. */
export async function sendMagicLink({ to, url, expires }: { to: string; url: string; expires: Date }): Promise<void> {
  const { HOOKYARD_SMTP_URL, HOOKYARD_EMAIL_FROM } = env();
  if (!HOOKYARD_SMTP_URL) throw new Error("HOOKYARD_SMTP_URL is not set");
  const { subject, text, html } = magicLinkEmail({ url, expires });
  const result = await smtpTransport(HOOKYARD_SMTP_URL).sendMail({ to, from: HOOKYARD_EMAIL_FROM, subject, text, html });
  const failed = [...result.rejected, ...(result.pending ?? [])].filter(Boolean);
  if (failed.length) throw new Error(`the SMTP server did not accept ${failed.map(String).join(", ")}`);
}
