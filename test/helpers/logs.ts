// Captures this process's log lines (lib/observability/log.ts), each parsed as JSON: the test
// fails if a line is not JSON.
import { configureLogging, type LogLevel } from "../../lib/observability/log";

export interface CapturedLogs {
  lines: Record<string, unknown>[];
  /** Everything written, as written. */
  raw: string[];
  stop(): void;
}

export function captureLogs(level: LogLevel = "debug"): CapturedLogs {
  const raw: string[] = [];
  const lines: Record<string, unknown>[] = [];
  configureLogging({
    role: "web",
    level,
    format: "json",
    write: (line) => {
      raw.push(line);
      lines.push(JSON.parse(line));
    },
  });
  return { lines, raw, stop: () => configureLogging({ role: "web", format: "json" }) };
}
