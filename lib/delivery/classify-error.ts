// Turns whatever undici / Node threw while sending a webhook into one of a few categories the
// dashboard can filter on, plus a message a tenant can act on. Raw errors are a poor UI: the
// same refused connection can surface as a plain Error, an AggregateError from happy eyeballs
// (one per address family tried), or something with the real reason in `cause`.

export type ErrorCategory = "http_status" | "timeout" | "connection_refused" | "dns" | "tls" | "blocked" | "interrupted" | "other";

export interface ClassifiedError {
  category: Exclude<ErrorCategory, "http_status">;
  message: string;
  /** The code of the error the category came from (ECONNREFUSED, UND_ERR_CONNECT_TIMEOUT...), if any. */
  code: string | null;
}

/** The code ssrf.ts puts on refusals; lives here so classification needs no SSRF import. */
export const BLOCKED_CODE = "HOOKYARD_BLOCKED";
/** The code of an attempt cut short by its worker (shutdown), not by the receiver. */
export const INTERRUPTED_CODE = "HOOKYARD_INTERRUPTED";

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  errors?: unknown;
}

const DNS_CODES = new Set(["ENOTFOUND", "EAI_AGAIN", "EAI_FAIL", "EAI_NONAME", "ENODATA", "ESERVFAIL", "ENONAME"]);
const TIMEOUT_CODES = new Set([
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  // undici's RequestAbortedError: an abort without a reason; our only abort is the timeout.
  "UND_ERR_ABORTED",
  "ETIMEDOUT",
]);
// Node reports certificate problems with OpenSSL's verify codes, which share no prefix
// (CERT_HAS_EXPIRED, DEPTH_ZERO_SELF_SIGNED_CERT, UNABLE_TO_VERIFY_LEAF_SIGNATURE, ...), handshake
// problems as ERR_SSL_* / ERR_TLS_* / ERR_OSSL_*, and some protocol mismatches as EPROTO.
const TLS_CODE = /CERT|CRL|^UNABLE_TO_|^(INVALID_CA|INVALID_PURPOSE|PATH_LENGTH_EXCEEDED|HOSTNAME_MISMATCH|EPROTO)$|^ERR_(TLS|SSL|OSSL)_/;

function asErrorLike(value: unknown): ErrorLike | null {
  return typeof value === "object" && value !== null ? (value as ErrorLike) : null;
}

/** The error and everything nested in it (cause chain, AggregateError members), outermost first. */
function flatten(err: unknown, depth = 0, out: ErrorLike[] = []): ErrorLike[] {
  const e = asErrorLike(err);
  if (!e || depth > 5 || out.includes(e)) return out;
  out.push(e);
  if (Array.isArray(e.errors)) for (const inner of e.errors) flatten(inner, depth + 1, out);
  if (e.cause !== undefined) flatten(e.cause, depth + 1, out);
  return out;
}

const codeOf = (e: ErrorLike): string => (typeof e.code === "string" ? e.code : "");
const nameOf = (e: ErrorLike): string => (typeof e.name === "string" ? e.name : "");
const messageOf = (e: ErrorLike): string => (typeof e.message === "string" ? e.message : "");

function categoryOf(e: ErrorLike): ClassifiedError["category"] | null {
  const code = codeOf(e);
  if (code === BLOCKED_CODE) return "blocked";
  if (code === INTERRUPTED_CODE) return "interrupted";
  if (DNS_CODES.has(code)) return "dns";
  if (code && TLS_CODE.test(code)) return "tls";
  if (TIMEOUT_CODES.has(code)) return "timeout";
  // AbortSignal reasons are DOMExceptions whose numeric `code` means nothing to us; go by name.
  const name = nameOf(e);
  if (name === "TimeoutError" || name === "AbortError") return "timeout";
  if (code === "ECONNREFUSED") return "connection_refused";
  return null;
}

// Most specific first: if one address of a dual-stack host was blocked and the other refused,
// "blocked" is the reason the tenant needs to see.
const PRIORITY: ClassifiedError["category"][] = ["interrupted", "blocked", "dns", "tls", "timeout", "connection_refused"];

function describe(category: ClassifiedError["category"], e: ErrorLike): string {
  const code = codeOf(e);
  const detail = messageOf(e);
  switch (category) {
    case "blocked":
      return detail || "Refused to connect to a private or reserved address";
    case "interrupted":
      return detail;
    case "dns":
      return `DNS lookup failed (${code}): ${detail}`;
    case "tls":
      return `TLS error (${code || nameOf(e)}): ${openSslReason(detail)}`;
    case "timeout":
      if (code === "UND_ERR_CONNECT_TIMEOUT") return "Timed out connecting to the server (UND_ERR_CONNECT_TIMEOUT)";
      if (code === "ETIMEDOUT") return `Connection timed out (ETIMEDOUT): ${detail}`;
      return `Request timed out${code ? ` (${code})` : ""}`;
    case "connection_refused":
      return `Connection refused: ${detail}`;
    default:
      return describeOther(e);
  }
}

/** OpenSSL messages look like "805C...:error:0A00010B:SSL routines:ssl3_get_record:wrong version
 * number:../deps/openssl/...:350:"; only the reason means anything to a tenant. */
function openSslReason(message: string): string {
  const match = /:error:[0-9A-Fa-f]+:[^:]*:[^:]*:([^:]+):/.exec(message);
  return (match ? match[1] : message).trim();
}

function describeOther(e: ErrorLike): string {
  const code = codeOf(e);
  const detail = messageOf(e) || String(e);
  switch (code) {
    case "ECONNRESET":
      return `Connection reset by the server before a full response (ECONNRESET): ${detail}`;
    case "UND_ERR_SOCKET":
      return `The server closed the connection before a full response (${detail})`;
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return `Host unreachable (${code}): ${detail}`;
    case "UND_ERR_INVALID_ARG":
      return `Invalid request: ${detail}`;
    default:
      return code ? `${detail} (${code})` : detail;
  }
}

export function classifyError(err: unknown): ClassifiedError {
  const all = flatten(err);
  for (const category of PRIORITY) {
    const match = all.find((e) => categoryOf(e) === category);
    if (match) return { category, message: describe(category, match), code: codeOf(match) || null };
  }
  // Prefer the outermost error that carries a code over a code-less wrapper ("fetch failed"-style
  // messages tell a tenant nothing).
  const withCode = all.find((e) => codeOf(e) !== "");
  const chosen = withCode ?? all[0];
  return { category: "other", message: chosen ? describeOther(chosen) : String(err), code: (chosen && codeOf(chosen)) || null };
}
