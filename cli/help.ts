// Help text, generated from the command declarations so it cannot drift from the parser.
import { COMMON_FLAGS, type CommandSpec } from "./command";

export const INVOCATION = "npm run cli --";

export function synopsis(spec: CommandSpec): string {
  if (spec.synopsis) return spec.synopsis;
  const parts = [spec.name, ...(spec.args ?? []).map((a) => a.name)];
  for (const [name, flag] of Object.entries(spec.flags)) {
    const text = flag.type === "string" ? `--${name} ${flag.value ?? "VALUE"}` : `--${name}`;
    parts.push(flag.required ? text : `[${text}]`);
  }
  parts.push("[--json]");
  return parts.join(" ");
}

function flagLines(entries: [string, { type: string; value?: string; description: string }][]): string[] {
  const labels = entries.map(([name, f]) => (f.type === "string" ? `--${name} ${f.value ?? "VALUE"}` : `--${name}`));
  const width = Math.max(0, ...labels.map((l) => l.length));
  return entries.map(([, f], i) => `      ${labels[i].padEnd(width)}  ${f.description}`);
}

function commandBlock(spec: CommandSpec, withCommonFlags: boolean): string[] {
  const args = (spec.args ?? []).map((a) => [a.name, { type: "arg", description: a.description }] as [string, { type: string; description: string }]);
  const flags = Object.entries(withCommonFlags ? { ...spec.flags, ...COMMON_FLAGS } : spec.flags);
  const argLines = args.map(([name, a]) => `      ${name}  ${a.description}`);
  return [`  ${synopsis(spec)}`, `      ${spec.summary}`, ...argLines, ...flagLines(flags)];
}

export function fullHelp(commands: CommandSpec[]): string {
  return [
    "Hookyard command line: API keys, tenants, dashboard users and the database.",
    "",
    `Usage: ${INVOCATION} <command> [flags]`,
    "",
    "Commands:",
    "",
    ...commands.flatMap((c) => [...commandBlock(c, false), ""]),
    "  help",
    "      Show this help (also: --help, or no command).",
    "",
    "Every command accepts --json (print one JSON document on stdout) and --help.",
    "",
    "Database: DATABASE_URL when set; otherwise the embedded PostgreSQL in HOOKYARD_DATA_DIR",
    "(default .data/): the running server's if there is one, else started for the command and",
    "stopped after it. Pending migrations are applied first.",
    "",
    "Exit codes: 0 ok, 1 the operation failed, 2 usage error.",
    "",
  ].join("\n");
}

export function commandHelp(spec: CommandSpec): string {
  return [`Usage: ${INVOCATION} ${synopsis(spec)}`, "", ...commandBlock(spec, true).slice(1).map((l) => l.slice(4)), ""].join("\n");
}

export function groupHelp(group: string, commands: CommandSpec[]): string {
  return [`Commands under "${group}":`, "", ...commands.flatMap((c) => [...commandBlock(c, false), ""])].join("\n");
}
