// Preloaded into the server's Node processes by `npm run bench -- --profile`
// (NODE_OPTIONS=--require …; Node 20 refuses --cpu-prof there). The next-server and worker
// processes profile: the bench sends them SIGUSR2 to start the V8 CPU profiler and SIGUSR2 again to
// stop it and write <BENCH_PROFILE_DIR>/<next|worker-pid>-<n>.cpuprofile (open in Chrome DevTools or speedscope, or
// summarize with `npx tsx bench/profile-summary.ts <file>`).
"use strict";
const inspector = require("node:inspector");
const fs = require("node:fs");
const path = require("node:path");

const isNext = /next[/\\]dist[/\\]bin[/\\]next$|scripts[/\\]web-server\.mjs$/.test(process.argv[1] || "");
const isWorker = /scripts[/\\]worker\.ts$/.test(process.argv[1] || "");
if ((isNext || isWorker) && process.env.BENCH_PROFILE_DIR) {
  const name = isNext ? "next" : `worker-${process.pid}`;
  const dir = process.env.BENCH_PROFILE_DIR;
  let session;
  let n = 0;
  process.on("SIGUSR2", () => {
    if (!session) {
      session = new inspector.Session();
      session.connect();
      session.post("Profiler.enable");
      session.post("Profiler.setSamplingInterval", { interval: 250 });
      session.post("Profiler.start");
      return;
    }
    const s = session;
    session = undefined;
    s.post("Profiler.stop", (err, result) => {
      if (!err) fs.writeFileSync(path.join(dir, `${name}-${++n}.cpuprofile`), JSON.stringify(result.profile));
      s.disconnect();
    });
  });
}
