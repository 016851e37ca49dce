// `npm run worker`: a delivery worker without the web server (lib/runtime/worker.ts).
// First, so it knows the parent we were started by even if that exits while we start up.
import "../lib/runtime/watch";
import "../lib/observability/console-to-json.mjs";
import { logLines, logger } from "../lib/observability/log";
import { setProcessRole } from "../lib/observability/process-role";
import { runWorker } from "../lib/runtime/worker";

setProcessRole("worker");
runWorker(logLines()).catch((err) => {
  logger().fatal(`worker: ${(err as Error).message}`);
  process.exit(1);
});
