// After rows are inserted with explicit ids (a restore), the next generated id must come after
// them. SQLite's AUTOINCREMENT keeps up by itself; PostgreSQL's identity sequences must be told.
import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../dialect.ts';

// biome-ignore lint/suspicious/noExplicitAny: works on any schema, like the migrations
export async function resetIdentity(db: Kysely<any>, dialect: DialectName, tables: string[]): Promise<void> {
  if (dialect !== 'postgres') return;
  for (const table of tables) {
    await sql`SELECT setval(pg_get_serial_sequence(${table}, 'id'),
      COALESCE((SELECT MAX(id) FROM ${sql.table(table)}), 0) + 1, false)`.execute(db);
  }
}
