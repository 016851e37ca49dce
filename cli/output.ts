// How commands print: text lines and aligned tables for people, or one JSON document with --json.
// Results go to stdout; logs and errors to stderr, so `--json | jq` always parses.

export interface Output {
  /** True with --json: print exactly one document with `json()`. */
  readonly jsonMode: boolean;
  line(text?: string): void;
  json(value: unknown): void;
  table(headers: string[], rows: (string | null | undefined)[][], empty?: string): void;
  /** Diagnostics (stderr), never part of the result. */
  log(text: string): void;
}

export interface Streams {
  stdout(text: string): void;
  stderr(text: string): void;
}

export const processStreams: Streams = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

export function createOutput(streams: Streams, jsonMode: boolean): Output {
  return {
    jsonMode,
    line: (text = "") => streams.stdout(`${text}\n`),
    json: (value) => streams.stdout(`${JSON.stringify(value, null, 2)}\n`),
    table: (headers, rows, empty = "(none)") => {
      if (rows.length === 0) {
        streams.stdout(`${empty}\n`);
        return;
      }
      const cells = rows.map((r) => r.map((c) => c ?? "-"));
      const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i].length)));
      const format = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join("  ");
      streams.stdout(`${[format(headers), ...cells.map(format)].join("\n")}\n`);
    },
    log: (text) => streams.stderr(`${text}\n`),
  };
}

/** A timestamp for tables: UTC to the minute. */
export function shortTime(d: Date | null | undefined): string | null {
  return d ? `${d.toISOString().slice(0, 16).replace("T", " ")}Z` : null;
}
