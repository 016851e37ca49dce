// HOOKYARD_PORTAL_ORIGINS: the operator's sites allowed to embed the portal in an iframe. The same
// list becomes the portal pages' CSP `frame-ancestors`, and is where a portal session's returnUrl
// and logo may point. Pure functions: lib/env.ts validates the setting with them at start.

/** One allowed origin: exact (`https://app.example.com`) or every subdomain (`https://*.example.com`). */
export interface OriginPattern {
  /** As written into CSP frame-ancestors: scheme://host[:port], normalised (lower case, no default port). */
  source: string;
  protocol: "http:" | "https:";
  /** Lower-case host; for a wildcard, the parent domain (`example.com`). */
  host: string;
  wildcard: boolean;
  /** Empty for the scheme's default port. */
  port: string;
}

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** Loopback hosts count as secure contexts in browsers (Secure cookies, no https needed). */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname) || hostname.endsWith(".localhost");
}

/**
 * One entry of the list, or the reason it is not an origin. `production` refuses plain http except
 * on loopback: a framing page served over http can be rewritten by anyone on the network path.
 */
export function parseOriginPattern(entry: string, production: boolean): OriginPattern | string {
  let url: URL;
  try {
    url = new URL(entry);
  } catch {
    return `"${entry}" is not an origin like https://app.example.com`;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return `"${entry}" must be an http:// or https:// origin`;
  if (url.username || url.password || url.search || url.hash || url.pathname !== "/") {
    return `"${entry}" must be an origin only (scheme, host, port), without a path, query or credentials`;
  }
  const hostname = url.hostname;
  const wildcard = hostname.startsWith("*.");
  const host = wildcard ? hostname.slice(2) : hostname;
  if (!host || host.includes("*")) return `"${entry}": a wildcard may only be the first label (https://*.example.com)`;
  if (wildcard && !host.includes(".")) return `"${entry}": a wildcard needs a domain of at least two labels`;
  if (production && url.protocol === "http:" && !isLoopbackHost(host)) return `"${entry}" must use https:// in production`;
  return { source: `${url.protocol}//${hostname}${url.port ? `:${url.port}` : ""}`, protocol: url.protocol, host, wildcard, port: url.port };
}

/** The whole setting: origins separated by commas or spaces; the problems, if any. */
export function parsePortalOrigins(text: string, production: boolean): { origins: OriginPattern[]; problems: string[] } {
  const origins: OriginPattern[] = [];
  const problems: string[] = [];
  for (const entry of text.split(/[\s,]+/).filter(Boolean)) {
    const parsed = parseOriginPattern(entry, production);
    if (typeof parsed === "string") problems.push(parsed);
    else if (!origins.some((o) => o.source === parsed.source)) origins.push(parsed);
  }
  return { origins, problems };
}

/** Whether a URL's origin is one the patterns allow (a wildcard covers subdomains, not the domain itself). */
export function originAllowed(patterns: readonly OriginPattern[], url: URL): boolean {
  return patterns.some(
    (p) =>
      url.protocol === p.protocol &&
      url.port === p.port &&
      (p.wildcard ? url.hostname.endsWith(`.${p.host}`) : url.hostname === p.host),
  );
}
