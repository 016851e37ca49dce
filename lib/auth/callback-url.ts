// Where to send someone after they sign in (`?callbackUrl=`): only ever a page of our own.
//
// Checking the text ("starts with / but not //") is not enough: browsers read `/\evil.example`
// and `/<TAB>/evil.example` as `//evil.example`, another host. So the URL is resolved as a browser
// would resolve it, against our origin, and accepted only if it is still on that origin.

/** Any origin works for resolving relative paths; this one cannot be a real host. */
const PLACEHOLDER_ORIGIN = "http://callback.invalid";

/**
 * The path (with query and fragment) `raw` leads to when it stays on `origin`, else "/". Without
 * an origin only relative URLs are kept.
 */
export function safeCallbackPath(raw: unknown, origin: string = PLACEHOLDER_ORIGIN): string {
  if (typeof raw !== "string" || raw === "" || raw.length > 2048) return "/";
  let base: URL;
  let url: URL;
  try {
    base = new URL(origin);
    url = new URL(raw, base);
  } catch {
    return "/";
  }
  if (url.origin !== base.origin) return "/";
  // A path that begins with two slashes would be read as another host when used as a redirect.
  return `/${url.pathname.replace(/^\/+/, "")}${url.search}${url.hash}`;
}
