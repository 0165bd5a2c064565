// Everything a migration must say differently per dialect lives here.
import { type ColumnDefinitionBuilder, type Kysely, sql } from 'kysely';
import { type DialectName, dialectOf } from '../dialect.ts';
import { bumpVersionOncePerTransaction } from './version-trigger.ts';

/** An integer primary key the database fills in. */
export function idColumn(dialect: DialectName) {
  return (col: ColumnDefinitionBuilder) =>
    dialect === 'postgres'
      ? col.primaryKey().generatedByDefaultAsIdentity()
      : col.primaryKey().autoIncrement();
}

/** Bumps content_version after every write to the tables whose changes show on public pages. */
export async function createVersionTriggers(db: Kysely<unknown>, tables: string[]): Promise<void> {
  const dialect = dialectOf(db);
  if (dialect === 'postgres') {
    await bumpVersionOncePerTransaction(db);
    for (const table of tables) {
      await sql
        .raw(
          `CREATE TRIGGER ${table}_bump_version AFTER INSERT OR UPDATE OR DELETE ON ${table}
           FOR EACH STATEMENT EXECUTE FUNCTION gloss_bump_version()`,
        )
        .execute(db);
    }
    return;
  }
  for (const table of tables) {
    for (const event of ['INSERT', 'UPDATE', 'DELETE']) {
      await sql
        .raw(
          `CREATE TRIGGER ${table}_bump_version_${event.toLowerCase()} AFTER ${event} ON ${table}
           BEGIN UPDATE content_version SET n = n + 1 WHERE id = 1; END`,
        )
        .execute(db);
    }
  }
}
