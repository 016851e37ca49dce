// The headers an endpoint's custom headers may not set: the ones Hookyard owns (the Standard
// Webhooks headers, content type, user agent) and the framing and hop-by-hop ones that would
// corrupt the request (undici refuses several outright). One rule for both sides: the API refuses
// them (lib/schemas/endpoints.ts), and signing drops them (lib/delivery/signing.ts) so a row
// written some other way still cannot break signing or framing.
const RESERVED_HEADER =
  /^(webhook-.*|content-type|content-length|host|connection|transfer-encoding|keep-alive|upgrade|expect|te|trailer|user-agent)$/i;

export function isReservedHeader(name: string): boolean {
  return RESERVED_HEADER.test(name);
}
