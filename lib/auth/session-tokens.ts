// Session tokens are stored hashed: the cookie holds the random token, the Session table its
// SHA-256, so a copy of the database (a backup, a read-only SQL account, a leaked dump) holds no
// live session. SHA-256 without salt is enough for 256-bit random tokens (nothing to brute-force),
// and keeps the lookup one unique-index read, as for API keys.
import { createHash } from "node:crypto";

export function hashSessionToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
