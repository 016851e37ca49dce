// Email + password sign-in: the password check behind the limits of lib/auth/sign-in-limiter.ts.
import "server-only";
import { randomBytes } from "node:crypto";
import { db } from "../db/client";
import { findUserByEmail, normalizeEmail } from "../users/users";
import { hashPassword, verifyPassword } from "../users/passwords";
import { clientAddress } from "../request-origin";
import { trustedDevice } from "./device-cookie";
import { attemptSucceeded, PER_ADDRESS, PER_CLIENT, RateLimited, takeAttempt, waitMessage, type Bucket } from "./sign-in-limiter";

/** The limiter's buckets for a password attempt on `email` from this request's client. */
function bucketsFor(req: Request, email: string): { client: Bucket[]; shared: Bucket[] } {
  const device = trustedDevice(req, email);
  if (device) return { client: [{ name: `password:${email}:device:${device}`, policy: PER_CLIENT }], shared: [] };
  const ip = clientAddress(req);
  return {
    client: ip ? [{ name: `password:${email}:ip:${ip}`, policy: PER_CLIENT }] : [],
    shared: [{ name: `password:${email}:untrusted`, policy: PER_ADDRESS }],
  };
}

let dummyHash: Promise<string> | undefined;

/**
 * The user with that email and password, or null. 429 (with Retry-After) while this client must
 * wait for this address. Unknown emails cost the same time, and are limited the same way, as
 * wrong passwords.
 */
export async function checkPassword(req: Request, email: string, password: string): Promise<{ id: string } | null> {
  const address = normalizeEmail(email);
  const { client, shared } = bucketsFor(req, address);
  const { waitMs } = await takeAttempt([...client, ...shared]);
  if (waitMs > 0) {
    const { message, seconds } = waitMessage("Too many failed sign-ins for this email", waitMs);
    throw new RateLimited(message, seconds);
  }
  const user = await findUserByEmail(db(), address);
  const stored = user?.passwordHash ?? (await (dummyHash ??= hashPassword(randomBytes(16).toString("hex"))));
  const ok = await verifyPassword(password, stored);
  if (!(user && user.passwordHash && ok)) return null;
  await attemptSucceeded({ reset: client, uncount: shared });
  return { id: user.id };
}
