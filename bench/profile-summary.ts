// Summarizes a V8 .cpuprofile: self time by package/area and the hottest functions.
//   npx tsx bench/profile-summary.ts bench/results/prof-<ts>/next-1.cpuprofile [top]
import { readFileSync } from "node:fs";

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export function summarizeProfile(file: string, top = 25): string {
  const p = JSON.parse(readFileSync(file, "utf8")) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const area = (url: string, fn: string): string => {
    if (!url) return fn === "(idle)" ? "(idle)" : fn === "(garbage collector)" ? "(gc)" : fn === "(program)" ? "(program/native)" : `(native) ${fn}`;
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
    if (m) {
      if (m[1] === "next") {
        const sub = /next\/dist\/(compiled\/[^/]+|server\/[^/]+|[^/]+)/.exec(url);
        return `next/${sub?.[1] ?? ""}`;
      }
      return m[1];
    }
    if (url.startsWith("node:")) return url;
    if (url.includes("/.next/server/chunks/")) return ".next chunks (app + bundled deps)";
    if (url.includes("/.next/")) return ".next other";
    return url.replace(/^file:\/\//, "");
  };
  const areas = new Map<string, number>();
  const fns = new Map<string, number>();
  for (const [id, t] of self) {
    const n = byId.get(id)!;
    const a = area(n.callFrame.url, n.callFrame.functionName);
    areas.set(a, (areas.get(a) ?? 0) + t);
    const f = `${n.callFrame.functionName || "(anonymous)"}  ${a}${n.callFrame.url ? `:${n.callFrame.lineNumber + 1}` : ""}`;
    fns.set(f, (fns.get(f) ?? 0) + t);
  }
  const pct = (t: number) => `${((t / total) * 100).toFixed(1).padStart(5)} %`;
  const lines = [`${file}: ${(total / 1000).toFixed(0)} ms sampled`, "", "Self time by area:"];
  for (const [a, t] of [...areas].sort((x, y) => y[1] - x[1]).slice(0, top)) lines.push(`  ${pct(t)}  ${a}`);
  lines.push("", "Hottest functions (self):");
  for (const [f, t] of [...fns].sort((x, y) => y[1] - x[1]).slice(0, top)) lines.push(`  ${pct(t)}  ${f}`);
  return lines.join("\n");
}

if (process.argv[1] && /profile-summary\.ts$/.test(process.argv[1])) {
  const [file, top] = process.argv.slice(2);
  if (!file) {
    console.error("usage: npx tsx bench/profile-summary.ts <file.cpuprofile> [top]");
    process.exit(2);
  }
  console.log(summarizeProfile(file, top ? Number(top) : 25));
}
