// `npm run doctor [-- --json] [-- --dev]`: checks this deployment's configuration and prints what
// to fix (lib/doctor). Judged as `npm start` runs it — NODE_ENV production unless set otherwise or
// --dev. Exit code 0 when nothing needs fixing, 1 when something does, 2 on a usage error.
import { setProcessRole } from "../lib/observability/process-role";
import { formatReport } from "../lib/doctor/findings";

setProcessRole("cli");
const args = process.argv.slice(2);
const unknown = args.filter((a) => !["--json", "--dev", "--help"].includes(a));
if (unknown.length || args.includes("--help")) {
  (unknown.length ? process.stderr : process.stdout).write(
    `${unknown.length ? `unknown option ${unknown.join(" ")}\n` : ""}usage: npm run doctor [-- --json] [-- --dev]\n  --json  findings as JSON\n  --dev   judge as \`npm run dev\` runs (NODE_ENV development)\n`,
  );
  process.exit(unknown.length ? 2 : 0);
}
(process.env as Record<string, string>).NODE_ENV ??= args.includes("--dev") ? "development" : "production";

const { runDoctor } = await import("../lib/doctor/run");
const { heading, findings } = await runDoctor();
process.stdout.write(args.includes("--json") ? `${JSON.stringify({ findings }, null, 2)}\n` : formatReport(findings, heading));
const failed = findings.some((f) => f.status === "fail");
process.stdout.write("", () => process.exit(failed ? 1 : 0));
