// `npm run worker`: a delivery worker without the web server (lib/runtime/worker.ts).
// First, so it knows the parent we were started by even if that exits while we start up.
import "../lib/runtime/watch";
import { runWorker } from "../lib/runtime/worker";

runWorker((line) => console.log(`[hookyard] ${line}`)).catch((err) => {
  console.error(`[hookyard] worker: ${(err as Error).message}`);
  process.exit(1);
});
