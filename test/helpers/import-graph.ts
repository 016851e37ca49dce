// The import graph of lib/ as written in the source: every import, export-from and dynamic
// import() of a relative or "@/" path, resolved to a file. Type-only imports count too: a cycle
// of types is still two modules that cannot be understood apart.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

export const ROOT = path.resolve(import.meta.dirname, "../..");
const EXTENSIONS = [".ts", ".tsx", ".mjs", ".js"];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === "generated" ? [] : sourceFiles(full);
    return EXTENSIONS.some((ext) => name.endsWith(ext)) && !name.endsWith(".d.ts") ? [full] : [];
  });
}

function resolve(from: string, specifier: string): string | null {
  let base: string;
  if (specifier.startsWith("@/")) base = path.join(ROOT, specifier.slice(2));
  else if (specifier.startsWith(".")) base = path.resolve(path.dirname(from), specifier);
  else return null; // a package
  const candidates = [base, ...EXTENSIONS.map((ext) => base + ext), ...EXTENSIONS.map((ext) => path.join(base, `index${ext}`))];
  return candidates.find((c) => {
    try {
      return statSync(c).isFile();
    } catch {
      return false;
    }
  }) ?? null;
}

/** lib/-relative path (posix) of each lib module → the lib modules it imports. */
export function libImportGraph(): Map<string, string[]> {
  const lib = path.join(ROOT, "lib");
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(lib)) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
    const targets = importedFiles
      .map((f) => resolve(file, f.fileName))
      .filter((t): t is string => t !== null && t.startsWith(lib + path.sep) && !t.includes(`${path.sep}generated${path.sep}`))
      .map((t) => path.relative(lib, t).split(path.sep).join("/"));
    graph.set(path.relative(lib, file).split(path.sep).join("/"), [...new Set(targets)]);
  }
  return graph;
}

/** The folder of lib/ a module belongs to ("api", "db", …); a file at lib/'s top is its own. */
export const folderOf = (module: string) => module.split("/")[0].replace(/\.(ts|tsx|mjs|js)$/, "");

/** Strongly connected components with more than one node (or a self-loop): the cycles. */
export function cycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    indices.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indices.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indices.get(w)!));
    }
    if (low.get(v) === indices.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!indices.has(v)) visit(v);
  return found;
}

/** The folder graph: an edge a → b when a module of folder a imports one of folder b. */
export function folderGraph(graph: Map<string, string[]>): Map<string, string[]> {
  const folders = new Map<string, Set<string>>();
  for (const [from, targets] of graph) {
    const a = folderOf(from);
    if (!folders.has(a)) folders.set(a, new Set());
    for (const t of targets) if (folderOf(t) !== a) folders.get(a)!.add(folderOf(t));
  }
  return new Map([...folders].map(([k, v]) => [k, [...v].sort()]));
}
