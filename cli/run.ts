// The CLI's control flow: find the command, parse its flags, open the database (prepareDatabase:
// DATABASE_URL, the running server's embedded PostgreSQL, or one started for this command), run,
// and always close what was opened. Returns the exit code: 0 ok, 1 failed, 2 usage error.
import { z } from "zod";
import { DomainError } from "../lib/errors";
import { toApiError } from "../lib/api/errors";
import { db, disconnectDb } from "../lib/db/client";
import { Prisma } from "../lib/db/generated/client";
import { prepareDatabase, type PreparedDatabase } from "../lib/db/prepare";
import { parseInvocation, UsageError, type CommandSpec } from "./command";
import { COMMANDS } from "./commands";
import { commandHelp, fullHelp, groupHelp } from "./help";
import { createOutput, processStreams, type Streams } from "./output";

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export async function runCli(argv: string[], streams: Streams = processStreams): Promise<number> {
  let spec: CommandSpec;
  let rest: string[];
  try {
    const found = findCommand(argv);
    if (typeof found === "string") {
      streams.stdout(found);
      return EXIT.ok;
    }
    ({ spec, rest } = found);
  } catch (err) {
    return report(err, streams);
  }

  let invocation: ReturnType<typeof parseInvocation>;
  try {
    invocation = parseInvocation(spec, rest);
    if (invocation.help) {
      streams.stdout(commandHelp(spec));
      return EXIT.ok;
    }
    spec.check?.(invocation.flags);
  } catch (err) {
    return report(err, streams);
  }

  const out = createOutput(streams, invocation.flags.bool("json"));
  // `migrate` prints the migrations applied as its result; other commands note them on stderr.
  const log = (line: string) => {
    if (!(spec.name === "migrate" && line.startsWith("Applied migration "))) streams.stderr(`${line}\n`);
  };

  let database: PreparedDatabase | undefined;
  try {
    try {
      database = await prepareDatabase(log);
    } catch (err) {
      throw new Error(`Could not open the database: ${(err as Error).message}`);
    }
    await spec.run({ flags: invocation.flags, args: invocation.args, out, db: db(), migrationsApplied: database.migrationsApplied });
    return EXIT.ok;
  } catch (err) {
    return report(err, streams);
  } finally {
    await disconnectDb().catch(() => {});
    await database?.stop().catch((err: Error) => streams.stderr(`warning: could not stop the embedded PostgreSQL: ${err.message}\n`));
  }
}

/** The command named by the first words of argv, or the help text to print. */
function findCommand(argv: string[]): { spec: CommandSpec; rest: string[] } | string {
  const [first, second] = argv;
  if (first === undefined || first === "help" || first === "--help" || first === "-h") {
    const wanted = argv.slice(1).join(" ");
    const spec = first === "help" ? COMMANDS.find((c) => c.name === wanted) : undefined;
    return spec ? commandHelp(spec) : fullHelp(COMMANDS);
  }
  const two = COMMANDS.find((c) => c.name === `${first} ${second}`);
  if (two) return { spec: two, rest: argv.slice(2) };
  const one = COMMANDS.find((c) => c.name === first);
  if (one) return { spec: one, rest: argv.slice(1) };

  const group = COMMANDS.filter((c) => c.name.startsWith(`${first} `));
  if (group.length > 0) {
    if (second === "--help" || second === "-h") return groupHelp(first, group);
    const message =
      second === undefined || second.startsWith("-") ? `Missing a command after "${first}"` : `Unknown command "${first} ${second}"`;
    throw new UsageError(message, groupHelp(first, group));
  }
  throw new UsageError(`Unknown command "${first}"`);
}

function report(err: unknown, streams: Streams): number {
  if (err instanceof UsageError) {
    const help = err.help === undefined ? fullHelp(COMMANDS) : typeof err.help === "string" ? err.help : commandHelp(err.help);
    streams.stderr(`error: ${err.message}\n\n${help}`);
    return EXIT.usage;
  }
  streams.stderr(`error: ${errorMessage(err)}\n`);
  return EXIT.failed;
}

function errorMessage(err: unknown): string {
  // Domain errors (and zod/Prisma errors the API maps the same way) carry a message for people.
  if (err instanceof DomainError || err instanceof z.ZodError || err instanceof Prisma.PrismaClientKnownRequestError) {
    const apiError = toApiError(err);
    if (apiError.status < 500) return apiError.message;
  }
  return err instanceof Error ? err.message : String(err);
}
