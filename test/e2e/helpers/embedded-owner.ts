// A process that owns an embedded PostgreSQL, as the supervisor or the CLI does — for tests that
// kill the owner outright. Prints "ready" once the cluster accepts connections.
//   node --conditions=react-server --import tsx test/e2e/helpers/embedded-owner.ts <data dir>
import { ensureEmbeddedPostgres } from "../../../lib/db/embedded";

await ensureEmbeddedPostgres(process.argv[2]);
console.log("ready");
setInterval(() => {}, 60_000);
