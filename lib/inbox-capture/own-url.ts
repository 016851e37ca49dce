// Recognising a test inbox's URL. An endpoint pointing at one of its tenant's own inboxes is
// pointing at Hookyard itself: it is exempt from the https rule and delivered in-process
// (deliver.ts), so the quick start works wherever Hookyard runs without opening the SSRF guard.
import type { TenantScope } from "../db/tenant-scope";

export const INBOX_PATH = "/api/inbox/";

/** The token of a URL whose path is a test inbox's (`/api/inbox/{token}`), whatever its origin. */
export function inboxTokenOf(url: string): string | null {
  let pathname: string;
  try {
    pathname = new URL(url).pathname;
  } catch {
    return null;
  }
  const token = pathname.startsWith(INBOX_PATH) ? pathname.slice(INBOX_PATH.length) : "";
  return /^[A-Za-z0-9_-]+$/.test(token) ? token : null;
}

/**
 * Whether the URL is one of this tenant's own test inboxes. Such a URL is Hookyard's own, so the
 * https rule for endpoints does not apply to it (it is delivered in-process, see deliver.ts).
 */
export async function isOwnInboxUrl(scope: TenantScope, url: string): Promise<boolean> {
  const token = inboxTokenOf(url);
  return token !== null && (await scope.db.inbox.count({ where: { token } })) > 0;
}
