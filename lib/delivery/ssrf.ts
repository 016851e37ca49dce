// SSRF guard for outbound webhooks. A tenant chooses the URL, so without this a "webhook" could
// read the cloud metadata service or poke services on the operator's private network.
//
// The check runs on the address actually connected to: createGuardedLookup is handed to the
// socket as its DNS lookup, so there is no window between "checked" and "connected" for a DNS
// rebinding answer to slip through. IP-literal hosts never go through a lookup (net connects to
// them directly), so assertUrlAllowed checks those before the request starts.
import dns from "node:dns";
import net, { type LookupFunction } from "node:net";
import ipaddr from "ipaddr.js";
import { BLOCKED_CODE } from "./classify-error";

export interface BlockCheck {
  blocked: boolean;
  /** Why, in words fit for an error message shown to a tenant ("loopback address"). */
  reason?: string;
}

/** What a refused connection fails with; `code` is what classify-error keys on. */
export class BlockedAddressError extends Error {
  readonly code = BLOCKED_CODE;
  constructor(
    message: string,
    readonly address?: string,
  ) {
    super(message);
    this.name = "BlockedAddressError";
  }
}

const RANGE_LABELS: Record<string, string> = {
  unspecified: "unspecified address",
  broadcast: "broadcast address",
  multicast: "multicast address",
  linkLocal: "link-local address (includes cloud metadata services)",
  loopback: "loopback address",
  carrierGradeNat: "carrier-grade NAT address",
  private: "private network address",
  reserved: "reserved address",
  uniqueLocal: "unique local (private IPv6) address",
  ipv4Compatible: "IPv4-compatible IPv6 address (deprecated)",
  rfc6145: "IPv4-translated IPv6 address",
  rfc6052: "NAT64 local-use address",
  "6to4": "6to4 tunnel address",
  teredo: "Teredo tunnel address",
};

const label = (range: string): string => RANGE_LABELS[range] ?? `special-purpose address (${range})`;

// The well-known NAT64 prefix 64:ff9b::/96 (RFC 6052). On an IPv6-only host with DNS64 every
// IPv4-only receiver resolves into it, so blocking it wholesale would break delivery there; the
// IPv4 address embedded in the low 32 bits decides instead.
const NAT64_WELL_KNOWN = ipaddr.parseCIDR("64:ff9b::/96");
// ::/96 other than :: and ::1: deprecated IPv4-compatible addresses, which ipaddr.js calls unicast.
const IPV4_COMPATIBLE = ipaddr.parseCIDR("::/96");

function checkV4(address: ipaddr.IPv4): BlockCheck {
  const range = address.range();
  return range === "unicast" ? { blocked: false } : { blocked: true, reason: label(range) };
}

function embeddedV4(address: ipaddr.IPv6): ipaddr.IPv4 {
  const bytes = address.toByteArray();
  return new ipaddr.IPv4(bytes.slice(12));
}

/**
 * Whether a connection to `ip` must be refused. An allow-list in effect: only ordinary unicast
 * addresses pass, so any special-purpose range (including ones ipaddr.js learns about later) is
 * refused by default. Addresses that embed an IPv4 address (::ffff:a.b.c.d, NAT64) are judged by
 * the embedded one, since that is where the packets end up. Anything that is not an IP at all
 * is refused too: this is called with resolved addresses, so a non-IP means something is off.
 */
export function isBlockedAddress(ip: string): BlockCheck {
  const text = ip.startsWith("[") && ip.endsWith("]") ? ip.slice(1, -1) : ip;
  if (!ipaddr.isValid(text)) return { blocked: true, reason: "not a valid IP address" };
  const address = ipaddr.parse(text);
  if (address.kind() === "ipv4") return checkV4(address as ipaddr.IPv4);

  const v6 = address as ipaddr.IPv6;
  const range = v6.range();
  if (range === "ipv4Mapped") {
    const inner = checkV4(v6.toIPv4Address());
    return inner.blocked ? { blocked: true, reason: `IPv4-mapped ${inner.reason}` } : inner;
  }
  if (range === "rfc6052" && v6.match(NAT64_WELL_KNOWN)) {
    const inner = checkV4(embeddedV4(v6));
    return inner.blocked ? { blocked: true, reason: `NAT64-embedded ${inner.reason}` } : inner;
  }
  if (range === "unicast") {
    return v6.match(IPV4_COMPATIBLE) ? { blocked: true, reason: label("ipv4Compatible") } : { blocked: false };
  }
  return { blocked: true, reason: label(range) };
}

const HINT = "private and reserved addresses are refused unless HOOKYARD_ALLOW_PRIVATE_URLS is set";

function blockedError(host: string, address: string, reason: string | undefined): BlockedAddressError {
  const target = host === address ? address : `${host} (${address})`;
  return new BlockedAddressError(`Refused to connect to ${target}: ${reason ?? "blocked address"}; ${HINT}`, address);
}

/**
 * Refuses URLs that can't be guarded at connect time: non-HTTP schemes always, and IP-literal
 * hosts in blocked ranges unless `allowPrivate`. WHATWG parsing has already normalized numeric
 * forms (2130706433, 0x7f.1, 127.1 all become 127.0.0.1; [::ffff:127.0.0.1] becomes
 * [::ffff:7f00:1]), so checking `hostname` sees what the socket will connect to.
 * Throws BlockedAddressError.
 */
export function assertUrlAllowed(url: URL, allowPrivate: boolean): void {
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new BlockedAddressError(`Refused ${url.protocol} URL: only http and https webhooks are sent`);
  }
  if (allowPrivate) return;
  const host = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
  if (net.isIP(host) === 0) return;
  const check = isBlockedAddress(host);
  if (check.blocked) throw blockedError(host, host, check.reason);
}

type LookupCallback = Parameters<LookupFunction>[2];

const systemLookup: LookupFunction = (hostname, options, callback) => dns.lookup(hostname, options, callback);

/**
 * A `lookup` for net/tls/undici's `connect` options that resolves like dns.lookup and then drops
 * blocked addresses. Every resolution is checked, including the one made for each new connection,
 * so a name that resolved to a public address when the endpoint was saved and to 127.0.0.1 now is
 * refused now.
 *
 * Blocked answers are filtered rather than failing the whole lookup: a dual-stack name with one
 * private record can still be reached on its public one, and only ever on that one. If nothing
 * is left the lookup fails with BlockedAddressError (code HOOKYARD_BLOCKED).
 *
 * `resolve` replaces the system resolver (tests use it to simulate rebinding).
 */
export function createGuardedLookup(allowPrivate: boolean, resolve: LookupFunction = systemLookup): LookupFunction {
  if (allowPrivate) return resolve;
  return (hostname, options, callback: LookupCallback) => {
    // Always ask for every address so a blocked first answer doesn't hide an allowed second one.
    resolve(hostname, { ...options, all: true }, (err, result) => {
      if (err) return callback(err, options.all ? [] : "");
      const addresses: dns.LookupAddress[] = Array.isArray(result)
        ? result
        : [{ address: result, family: net.isIP(result) }];
      const allowed = addresses.filter((a) => !isBlockedAddress(a.address).blocked);
      if (allowed.length === 0) {
        const first = addresses[0];
        const error = first
          ? blockedError(hostname, first.address, isBlockedAddress(first.address).reason)
          : new BlockedAddressError(`Refused to connect to ${hostname}: it resolved to no address`);
        return callback(error, options.all ? [] : "");
      }
      if (options.all) return callback(null, allowed);
      callback(null, allowed[0].address, allowed[0].family);
    });
  };
}
