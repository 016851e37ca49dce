// The shape of lib/, checked on every `npm test` (run it alone: `npx vitest run
// test/unit/architecture`). What madge --circular would say, without the dependency: the import
// graph is read from the source (test/helpers/import-graph.ts), type-only imports included.
import { describe, expect, it } from "vitest";
import { cycles, folderGraph, folderOf, libImportGraph } from "../../helpers/import-graph";

const graph = libImportGraph();

/**
 * Folder imports that go against the layering (the folder imported also reaches, through others,
 * the one importing it). Each would be named with why it is still there; the test fails when one
 * is gone, so this list only shrinks — it is empty, and any folder cycle fails the test.
 */
const KNOWN_BACK_EDGES: Record<string, string> = {};

describe("lib/ dependencies", () => {
  it("has no import cycle between modules", () => {
    expect(cycles(graph)).toEqual([]);
  });

  it("has no cycle between folders but the known back edges, and each of those still exists", () => {
    const folders = folderGraph(graph);
    const edges = [...folders].flatMap(([from, targets]) => targets.map((to) => `${from} -> ${to}`));
    expect(Object.keys(KNOWN_BACK_EDGES).filter((edge) => !edges.includes(edge)), "back edges gone: take them off the list").toEqual([]);
    const layered = new Map([...folders].map(([from, targets]) => [from, targets.filter((to) => !(`${from} -> ${to}` in KNOWN_BACK_EDGES))]));
    expect(cycles(layered)).toEqual([]);
  });

  it("keeps lib/api the HTTP edge: no other lib/ module imports it", () => {
    const importers = [...graph].flatMap(([from, targets]) =>
      folderOf(from) !== "api" ? targets.filter((to) => folderOf(to) === "api").map((to) => `${from} -> ${to}`) : [],
    );
    expect(importers).toEqual([]);
  });

  it("sees the whole of lib/ (the walk finds the modules and their imports)", () => {
    expect(graph.get("api/route.ts")).toEqual(expect.arrayContaining(["auth/authenticate.ts", "db/tenant-scope.ts", "errors.ts"]));
    expect(graph.size).toBeGreaterThan(100);
  });
});
