// The tenant boundary is a type: tenant-scope.type-cases.ts must compile as it is (every
// `@ts-expect-error` marks a real error), and without its `@ts-expect-error` lines must fail with
// exactly one "not assignable" error per marked call. `npm test` runs no tsc of its own, so this
// test is what keeps the cases from passing silently.
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../../..");
const casesFile = path.join(import.meta.dirname, "tenant-scope.type-cases.ts");
const MARKER = "// @ts-expect-error";

function compilerOptions(): ts.CompilerOptions {
  const configPath = path.join(root, "tsconfig.json");
  const config = ts.readConfigFile(configPath, (p) => ts.sys.readFile(p));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  return { ...parsed.options, noEmit: true, incremental: false, plugins: [] };
}

/** Diagnostics of the cases file, compiled with `text` in its place. */
function diagnostics(text: string, options: ts.CompilerOptions, oldProgram?: ts.Program) {
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (file) => (path.resolve(file) === casesFile ? text : readFile(file));
  host.getSourceFile = (file, language, onError, shouldCreate) =>
    path.resolve(file) === casesFile ? ts.createSourceFile(file, text, language, true) : getSourceFile(file, language, onError, shouldCreate);
  const program = ts.createProgram({ rootNames: [casesFile], options, host, oldProgram });
  const source = program.getSourceFile(casesFile)!;
  const found = [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
  return {
    program,
    errors: found.map((d) => ({
      line: source.getLineAndCharacterOfPosition(d.start ?? 0).line,
      code: d.code,
      message: ts.flattenDiagnosticMessageText(d.messageText, "\n"),
    })),
  };
}

describe("TenantScope (compile-time)", () => {
  it("refuses the plain client, a hand-made scope and a loose tenant id wherever a tenant scope is expected", { timeout: 180_000 }, () => {
    const options = compilerOptions();
    const text = ts.sys.readFile(casesFile)!;
    const asWritten = diagnostics(text, options);
    expect(asWritten.errors).toEqual([]);

    const lines = text.split("\n");
    const marked = lines.flatMap((line, i) => (line.trim().startsWith(MARKER) ? [i] : []));
    expect(marked.length).toBeGreaterThanOrEqual(6);
    // Blanking (not deleting) the markers keeps every line where it was: line i + 1 is the call.
    const unmarked = lines.map((line) => (line.trim().startsWith(MARKER) ? "" : line)).join("\n");
    const { errors } = diagnostics(unmarked, options, asWritten.program);
    expect(errors.map((e) => e.line).sort((a, b) => a - b)).toEqual(marked.map((i) => i + 1));
    // TS2345: argument not assignable to parameter (the scope), not some unrelated mistake.
    expect(errors.map((e) => e.code)).toEqual(marked.map(() => 2345));
    expect(errors.every((e) => e.message.includes("TenantScope"))).toBe(true);
  });
});
