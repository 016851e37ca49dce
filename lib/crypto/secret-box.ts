// Endpoint secrets at rest, encrypted with HOOKYARD_ENCRYPTION_KEY.
import "server-only";
import { env } from "../env";
import { decrypt, encrypt, parseEncryptionKey } from "./encryption";

let key: { source: string; value: Buffer } | undefined;

function encryptionKey(): Buffer {
  const source = env().HOOKYARD_ENCRYPTION_KEY;
  if (!source) throw new Error("HOOKYARD_ENCRYPTION_KEY is not set (the launcher sets it from the data dir)");
  if (key?.source !== source) key = { source, value: parseEncryptionKey(source) };
  return key.value;
}

export const sealSecret = (plaintext: string): string => encrypt(plaintext, encryptionKey());
export const openSecret = (stored: string): string => decrypt(stored, encryptionKey());
