// The LISTEN connection that wakes a worker when deliveries become due anywhere (publishes,
// retries, tests, recoveries — any process on the database NOTIFYs DUE_CHANNEL). It reconnects
// after an outage with growing pauses, and wakes the worker once reconnected: notifications sent
// while it was away are lost, the due rows are not.
import pg from "pg";
import { databaseUrl } from "../../db/client";
import { env } from "../../env";
import { DUE_CHANNEL } from "../due";

const MIN_BACKOFF_MS = 250;
const MAX_BACKOFF_MS = 10_000;

export class DueListener {
  private client: pg.Client | undefined;
  private stopped = false;
  private backoffMs = MIN_BACKOFF_MS;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly onDue: () => void,
    private readonly log: (line: string) => void,
  ) {}

  /** Connects (resolving either way: a worker starts even while the database is away). */
  async start(): Promise<void> {
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => {});
  }

  get connected(): boolean {
    return this.client !== undefined;
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({
      connectionString: databaseUrl(),
      connectionTimeoutMillis: env().HOOKYARD_DB_CONNECT_TIMEOUT,
      keepAlive: true,
    });
    let lost = false;
    const onLost = (why: string) => {
      if (lost) return;
      lost = true;
      if (this.client === client) this.client = undefined;
      void client.end().catch(() => {});
      if (this.stopped) return;
      this.log(`LISTEN connection lost (${why}); reconnecting in ${this.backoffMs} ms`);
      this.scheduleReconnect();
    };
    client.on("notification", () => this.onDue());
    client.on("error", (err) => onLost(err.message));
    client.on("end", () => onLost("connection closed"));
    try {
      await client.connect();
      await client.query(`LISTEN ${DUE_CHANNEL}`);
    } catch (err) {
      onLost((err as Error).message);
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => {});
      return;
    }
    this.client = client;
    this.backoffMs = MIN_BACKOFF_MS;
    this.onDue(); // anything published while we were not listening
  }

  private scheduleReconnect(): void {
    const wait = this.backoffMs;
    this.backoffMs = Math.min(MAX_BACKOFF_MS, this.backoffMs * 2);
    this.retryTimer = setTimeout(() => void this.connect(), wait);
    this.retryTimer.unref?.();
  }
}
