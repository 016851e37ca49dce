// The data directory of the embedded default: the Postgres cluster and the generated secrets
// (database password, encryption key) that must survive restarts.
import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { generateEncryptionKey } from "../crypto/encryption";

export interface DataDirSecrets {
  postgresPassword: string;
  encryptionKey: string;
  nextAuthSecret: string;
}

/** Reads `<dataDir>/secrets.json`, creating it (mode 0600) on first run. */
export function loadDataDirSecrets(dataDir: string): DataDirSecrets {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, "secrets.json");
  const existing: Partial<DataDirSecrets> = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {};
  const secrets: DataDirSecrets = {
    postgresPassword: existing.postgresPassword ?? randomBytes(18).toString("base64url"),
    encryptionKey: existing.encryptionKey ?? generateEncryptionKey(),
    nextAuthSecret: existing.nextAuthSecret ?? randomBytes(32).toString("base64url"),
  };
  if (JSON.stringify(existing) !== JSON.stringify(secrets)) {
    writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  }
  return secrets;
}
