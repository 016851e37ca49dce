// `migrate`: every command applies pending migrations before it runs (prepareDatabase); this one
// only reports what that did.
import type { CommandSpec } from "../command";

const migrate: CommandSpec = {
  name: "migrate",
  summary: "Apply pending database migrations and say which were applied.",
  flags: {},
  async run({ out, db, migrationsApplied }) {
    const [{ count }] = await db.$queryRaw<{ count: number }[]>`
      SELECT count(*)::int AS count FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
    if (out.jsonMode) return out.json({ applied: migrationsApplied, upToDate: migrationsApplied.length === 0, total: count });
    if (migrationsApplied.length === 0) {
      out.line(`Database is up to date (${count} migration${count === 1 ? "" : "s"} applied).`);
      return;
    }
    out.line(`Applied ${migrationsApplied.length} migration${migrationsApplied.length === 1 ? "" : "s"}:`);
    for (const name of migrationsApplied) out.line(`  ${name}`);
    out.line("Database is now up to date.");
  },
};

export const migrateCommands = [migrate];
