// `npm run worker`: a delivery worker without the web server (lib/runtime/worker.ts).
import { runWorker } from "../lib/runtime/worker";

runWorker((line) => console.log(`[hookyard] ${line}`)).catch((err) => {
  console.error(`[hookyard] worker: ${(err as Error).message}`);
  process.exit(1);
});
