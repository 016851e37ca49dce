// The URLs an operator puts into a portal session: where "Back" goes (returnUrl) and the logo.
// Both must lead to the operator's own sites (HOOKYARD_PORTAL_ORIGINS), judged the way a browser
// will read them — parsed with the WHATWG URL parser, which is what makes `https:\\evil.example`,
// `https://app.example.com@evil.example` or a tab inside the host mean what the browser sees —
// the same rule as sign-in's callbackUrl (lib/auth/callback-url.ts), with the operator's origins
// instead of ours. Pure: the allowed origins are an argument.
import { originAllowed, type OriginPattern } from "../http/origins";

export type UrlCheck = { ok: true; url: string } | { ok: false; message: string };

function onOperatorSite(raw: string, origins: readonly OriginPattern[]): UrlCheck {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, message: "must be an absolute http(s) URL" };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return { ok: false, message: "must be an absolute http(s) URL" };
  if (url.username || url.password) return { ok: false, message: "must not contain credentials" };
  if (!origins.length) return { ok: false, message: "needs HOOKYARD_PORTAL_ORIGINS: no origin is allowed yet" };
  if (!originAllowed(origins, url)) return { ok: false, message: `must be on one of HOOKYARD_PORTAL_ORIGINS (${origins.map((o) => o.source).join(", ")}), not ${url.origin}` };
  return { ok: true, url: url.href };
}

export function checkReturnUrl(raw: string, origins: readonly OriginPattern[]): UrlCheck {
  return onOperatorSite(raw, origins);
}

const DATA_IMAGE = /^data:image\/(png|jpeg|gif|webp|svg\+xml);base64,[A-Za-z0-9+/]+={0,2}$/;
export const MAX_DATA_LOGO_BYTES = 64 * 1024;

/**
 * A logo: an image URL on the operator's site (the portal pages' CSP img-src allows exactly those
 * origins) or an inline data:image URL. An <img> never runs an SVG's scripts.
 */
export function checkLogoUrl(raw: string, origins: readonly OriginPattern[]): UrlCheck {
  if (raw.startsWith("data:")) {
    if (!DATA_IMAGE.test(raw)) return { ok: false, message: "a data: logo must be data:image/(png|jpeg|gif|webp|svg+xml);base64,…" };
    const bytes = Math.floor(((raw.length - raw.indexOf(",") - 1) * 3) / 4);
    if (bytes > MAX_DATA_LOGO_BYTES) return { ok: false, message: `a data: logo may be at most ${MAX_DATA_LOGO_BYTES / 1024} KiB` };
    return { ok: true, url: raw };
  }
  return onOperatorSite(raw, origins);
}
