// What a CLI command is: its name, flags and handler, declared as data so the argument parser
// (node:util parseArgs) and the help text are both generated from the same declaration.
import { parseArgs } from "node:util";
import type { Db } from "../lib/db/client";
import type { Output } from "./output";

export interface FlagSpec {
  type: "string" | "boolean";
  /** Placeholder for the value in help, e.g. NAME. */
  value?: string;
  description: string;
  required?: boolean;
}

export interface CommandContext {
  flags: Flags;
  /** Positional arguments, as many as the command declares. */
  args: string[];
  out: Output;
  db: Db;
  /** Migrations this run applied while preparing the database. */
  migrationsApplied: string[];
}

export interface CommandSpec {
  /** "keys create", "migrate". */
  name: string;
  summary: string;
  flags: Record<string, FlagSpec>;
  /** Required positional arguments. */
  args?: { name: string; description: string }[];
  /** Replaces the generated synopsis when flags combine in ways the generator cannot say. */
  synopsis?: string;
  /** Checks how flags combine, before the database is opened; throws UsageError. */
  check?(flags: Flags): void;
  run(ctx: CommandContext): Promise<void>;
}

/** Bad invocation: exit code 2, with help (a command's, a text, or by default the full help). */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly help?: CommandSpec | string,
  ) {
    super(message);
  }
}

/** Flags every command accepts. */
export const COMMON_FLAGS: Record<string, FlagSpec> = {
  json: { type: "boolean", description: "print one JSON document instead of text" },
  help: { type: "boolean", description: "show this command's help" },
};

export class Flags {
  constructor(private readonly values: Record<string, string | boolean | undefined>) {}

  string(name: string): string | undefined {
    const v = this.values[name];
    return typeof v === "string" ? v : undefined;
  }

  /** A flag the spec marks required (the parser has checked it is there). */
  required(name: string): string {
    const v = this.string(name);
    if (v === undefined) throw new Error(`--${name} was not checked by the parser`);
    return v;
  }

  bool(name: string): boolean {
    return this.values[name] === true;
  }
}

export interface ParsedInvocation {
  flags: Flags;
  args: string[];
  help: boolean;
}

export function parseInvocation(spec: CommandSpec, argv: string[]): ParsedInvocation {
  const all = { ...spec.flags, ...COMMON_FLAGS };
  const options = Object.fromEntries(Object.entries(all).map(([name, f]) => [name, { type: f.type }]));
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options, strict: true, allowPositionals: true });
  } catch (err) {
    throw new UsageError(describeParseError(err as Error & { code?: string }, all), spec);
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (values.help) return { flags: new Flags(values), args: [], help: true };

  const expected = spec.args ?? [];
  if (parsed.positionals.length > expected.length) {
    throw new UsageError(`Unexpected argument "${parsed.positionals[expected.length]}" for \`${spec.name}\``, spec);
  }
  const missingArg = expected[parsed.positionals.length];
  if (missingArg) throw new UsageError(`Missing ${missingArg.name} for \`${spec.name}\``, spec);
  for (const [name, flag] of Object.entries(spec.flags)) {
    if (!flag.required) continue;
    const v = values[name];
    if (v === undefined) throw new UsageError(`Missing --${name}${flag.value ? ` ${flag.value}` : ""} for \`${spec.name}\``, spec);
    if (typeof v === "string" && v.trim() === "") throw new UsageError(`--${name} must not be empty`, spec);
  }
  return { flags: new Flags(values), args: parsed.positionals, help: false };
}

function describeParseError(err: Error & { code?: string }, flags: Record<string, FlagSpec>): string {
  const option = /'(-{1,2}[^ ']+)/.exec(err.message)?.[1];
  switch (err.code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
      return `Unknown flag ${option ?? ""}`.trim();
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE": {
      const name = option?.replace(/^-+/, "");
      const flag = name ? flags[name] : undefined;
      if (flag?.type === "string") return `--${name} needs a value (${flag.value ?? "VALUE"})`;
      if (flag?.type === "boolean") return `--${name} takes no value`;
      return err.message;
    }
    default:
      return err.message;
  }
}
