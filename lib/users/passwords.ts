// Password hashing for email + password sign-in: scrypt from node:crypto (memory-hard, no native
// dependency). Stored as `scrypt$N$r$p$saltB64$hashB64` so the cost can be raised later without
// breaking existing hashes: verification reads the parameters from the stored string.
import "server-only";
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";

const COST = { N: 16384, r: 8, p: 1 } as const;
const SALT_BYTES = 16;
const KEY_BYTES = 64;

// Bounds for parameters read back from the database, so a corrupt row cannot ask for gigabytes
// (scrypt uses about 128·N·r bytes; ours is 16 MiB, OWASP's highest suggestion 128 MiB).
const MAX_MEMORY_BYTES = 256 * 1024 * 1024;
const MAX_P = 16;

function derive(password: string, salt: Buffer, keyLength: number, cost: { N: number; r: number; p: number }): Promise<Buffer> {
  // Node refuses to use more than `maxmem` (32 MiB by default); leave room above 128·N·r.
  const options: ScryptOptions = { ...cost, maxmem: 2 * 128 * cost.N * cost.r };
  // NFKC: the same password typed on different keyboards/OSes must hash the same (NIST SP 800-63B).
  return new Promise((resolve, reject) =>
    scrypt(password.normalize("NFKC"), salt, keyLength, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(password, salt, KEY_BYTES, COST);
  return ["scrypt", COST.N, COST.r, COST.p, salt.toString("base64"), hash.toString("base64")].join("$");
}

/** True when `password` matches `stored`; false for a wrong password or an unreadable hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseStored(stored);
  if (!parsed) return false;
  const actual = await derive(password, parsed.salt, parsed.hash.length, parsed.cost);
  return timingSafeEqual(actual, parsed.hash);
}

function parseStored(stored: string) {
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return null;
  const [N, r, p] = parts.slice(1, 4).map((v) => (/^\d+$/.test(v) ? Number(v) : NaN));
  const powerOfTwo = Number.isSafeInteger(N) && N > 1 && N <= 2 ** 30 && (N & (N - 1)) === 0;
  if (!powerOfTwo || !(r >= 1) || !(p >= 1 && p <= MAX_P) || 128 * N * r > MAX_MEMORY_BYTES) return null;
  const salt = Buffer.from(parts[4], "base64");
  const hash = Buffer.from(parts[5], "base64");
  if (salt.length === 0 || hash.length < 16) return null;
  return { cost: { N, r, p }, salt, hash };
}
