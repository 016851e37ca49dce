// Random tokens we hand out once and must recognise later — dashboard and portal session cookies,
// portal links, API keys, invitation links — are stored as their SHA-256 only, so a copy of the
// database (a backup, a read-only SQL account, a leaked dump) holds nothing that signs anyone in.
// No salt and no slow hash: each token is at least 192 random bits (nothing to brute-force), and
// finding its row stays one unique-index read.
import { createHash } from "node:crypto";

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
