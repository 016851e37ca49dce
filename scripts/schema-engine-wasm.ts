// Loads Prisma's published wasm schema engine on Node 20 (its ESM glue expects a bundler, so we
// instantiate the wasm by hand) and connects it to a PostgreSQL server through the pg adapter.
// Used only by developer tooling (scripts/migration-diff.ts, and scripts/prisma-schema-engine.mjs,
// which lets the stock Prisma CLI run on it); the app applies migrations itself.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";

export interface PgTarget {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

/** Splits a URL into the separate fields PrismaPg needs: given a `connectionString`, the
 * adapter would create its shadow database on the main one and wipe it. */
export function pgTargetFromUrl(url: string): PgTarget {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    database: u.pathname.slice(1) || "postgres",
  };
}

/** Works around PrismaPg 7.10 problems for the schema engine:
 * - it drops the shadow database before closing its own pool on it, which PostgreSQL refuses
 *   ("being accessed by other users"); we close the pool first;
 * - its executeScript (how migrations are applied) splits the script on every ";", so a ";" in a
 *   comment, string or function body breaks the migration, and a failing statement leaves the
 *   earlier ones applied. We send the script whole, as the native engine does: one simple-protocol
 *   query, which PostgreSQL runs as a single implicit transaction;
 * - it cannot read PostgreSQL's "char" columns, so the engine could not describe a database. */
class ShadowSafePrismaPg extends PrismaPg {
  constructor(private readonly target: PgTarget) {
    super(target);
  }

  override async connect() {
    const adapter = await super.connect();
    adapter.executeScript = async (script: string) => {
      try {
        await adapter.underlyingDriver().query(script);
      } catch (error) {
        (adapter as unknown as { onError(e: unknown): never }).onError(error); // maps to Prisma's error kinds
      }
    };
    // The one-byte "char" type (pg_class.relkind, …) is missing from PrismaPg's type map, so
    // describing a database failed with "Column type 'char' could not be deserialized"; pg already
    // hands its values over as strings, so we report such columns as text.
    const performIO = (adapter as unknown as { performIO(q: unknown): Promise<{ fields: { dataTypeID: number }[] }> }).performIO;
    Object.assign(adapter, {
      async performIO(query: unknown) {
        const result = await performIO.call(adapter, query);
        for (const field of result.fields) if (field.dataTypeID === 18) field.dataTypeID = 25;
        return result;
      },
    });
    return adapter;
  }

  override async connectToShadowDb() {
    const main = await this.connect();
    const database = `prisma_migrate_shadow_db_${randomUUID().replace(/-/g, "")}`;
    await main.executeScript(`CREATE DATABASE "${database}"`);
    const shadow = await new ShadowSafePrismaPg({ ...this.target, database }).connect();
    const closeShadow = shadow.dispose.bind(shadow);
    shadow.dispose = async () => {
      await closeShadow();
      await main.executeScript(`DROP DATABASE IF EXISTS "${database}"`);
      await main.dispose();
    };
    return shadow;
  }
}

export async function loadSchemaEngine(target: PgTarget, datamodels: [string, string][]) {
  const require = createRequire(import.meta.url);
  const dir = path.dirname(require.resolve("@prisma/schema-engine-wasm"));
  // The wasm's panic hook reports through this global (Prisma's runtimes define it); without it a
  // panic surfaces as "Cannot read properties of undefined (reading 'set_message')".
  const g = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: { message: string; set_message(m: string): void } };
  g.PRISMA_WASM_PANIC_REGISTRY ??= {
    message: "",
    set_message(message: string) {
      this.message = message;
    },
  };
  const bg = await import(path.join(dir, "schema_engine_bg.js"));
  // Copied into a plain Uint8Array: TS 5.9's lib types refuse a Node Buffer as BufferSource.
  const bytes = new Uint8Array(await readFile(path.join(dir, "schema_engine_bg.wasm")));
  const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": bg });
  bg.__wbg_set_wasm(instance.exports);
  (instance.exports as { __wbindgen_start?: () => void }).__wbindgen_start?.();
  const adapter = bindMigrationAwareSqlAdapterFactory(new ShadowSafePrismaPg(target));
  const log = (line: string) => {
    if (process.env.DEBUG_SCHEMA_ENGINE) process.stderr.write(`${line}\n`);
  };
  // An empty list makes the engine panic ("validate_multi_file() must be called with at least one file").
  return bg.SchemaEngine.new({ datamodels: datamodels.length ? datamodels : undefined }, log, adapter);
}
