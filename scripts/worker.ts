// `npm run worker`: a delivery worker without the web server (lib/runtime/worker.ts).
import "../lib/observability/console-to-json.mjs";
import { logLines, logger } from "../lib/observability/log";
import { setProcessRole } from "../lib/observability/process-role";
import { runWorker } from "../lib/runtime/worker";

setProcessRole("worker");
runWorker(logLines()).catch((err) => {
  logger().fatal(`worker: ${(err as Error).message}`);
  process.exit(1);
});
