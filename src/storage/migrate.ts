// Migrations are frozen history. Each is a file in ./migrations named NNN_what.ts, numbered in
// the order they were written (001, 002, … ; the next one is 008) and run strictly in that order:
// a database that has run 008 refuses a new 007 instead of running it out of turn. A migration
// that has run anywhere is never edited, and it imports nothing but 'kysely' (and Node's own
// modules): it holds the SQL it ran on the day it was written, never a call into live code that
// may change under it. A change is a new file, whatever domain it serves.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';

const folder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Kysely's table of the migrations a database has run (name, timestamp). */
const HISTORY = 'kysely_migration';

/**
 * Until 2026-12 numbers were reserved per domain and ran in any order. Databases from then have
 * the old names in their history: they are renamed before migrating, so nothing runs twice.
 */
const RENAMED: Record<string, string> = {
  '010_comment_rules': '002_comment_rules',
  '020_admin': '003_admin',
  '021_password_reset': '004_password_reset',
  '030_version_once_per_transaction': '005_version_once_per_transaction',
  '040_search': '006_search',
  '041_search_queue': '007_search_queue',
};

class FolderProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    const files = fs.readdirSync(folder).filter((f) => /^\d{3}_.+\.ts$/.test(f) && !f.endsWith('.test.ts'));
    const migrations: Record<string, Migration> = {};
    for (const file of files.sort()) {
      migrations[file.replace(/\.ts$/, '')] = await import(path.join(folder, file));
    }
    return migrations;
  }
}

// biome-ignore lint/suspicious/noExplicitAny: the migrator works on any schema
export function migrator(db: Kysely<any>): Migrator {
  return new Migrator({ db, provider: new FolderProvider() });
}

// biome-ignore lint/suspicious/noExplicitAny: the migrator works on any schema
export async function migrateToLatest(db: Kysely<any>): Promise<void> {
  await renameLegacyHistory(db);
  const { error, results } = await migrator(db).migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  // No migration ran: the database itself failed (unreachable, missing); let the caller explain.
  if (error && !failed) throw error;
  if (error || failed) {
    const name = failed ? ` (${failed.migrationName})` : '';
    throw new Error(
      `Database migration failed${name}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/**
 * Gives a database's history the new names (RENAMED), in one transaction under the migrator's
 * lock, and makes it read in number order: Kysely checks the order by the time each ran, and the
 * old numbers did not run in number order (a database from before 005 ran it after 006 and 007).
 * A database from those first days that never ran 004 or 005 runs it here, as it would have then.
 */
// biome-ignore lint/suspicious/noExplicitAny: the migrator works on any schema
async function renameLegacyHistory(db: Kysely<any>): Promise<void> {
  const legacy = Object.keys(RENAMED);
  const recorded = await db
    .selectFrom(HISTORY)
    .select('name')
    .where('name', 'in', legacy)
    .execute()
    .catch((err: Error & { code?: string }) => {
      // No history table yet: a new database.
      if (err.code === '42P01' || /no such table/.test(err.message)) return [];
      throw err;
    });
  if (recorded.length === 0) return;
  const migrations = await new FolderProvider().getMigrations();
  const adapter = db.getExecutor().adapter;
  const lock = { lockTable: 'kysely_migration_lock', lockRowId: 'migration_lock' };
  await db.connection().execute(async (connection) => {
    await adapter.acquireMigrationLock(connection, lock);
    try {
      await connection.transaction().execute(async (trx) => {
        const rows: { name: string; timestamp: string }[] = await trx
          .selectFrom(HISTORY)
          .select(['name', 'timestamp'])
          .execute();
        if (!rows.some((r) => r.name in RENAMED)) return; // another process was first
        const ran = new Map(rows.map((r) => [RENAMED[r.name] ?? r.name, r.timestamp]));
        const last = [...ran.keys()].sort().at(-1)!;
        let stamp = '';
        for (const name of Object.keys(migrations).sort()) {
          if (name > last) break;
          let at = ran.get(name);
          if (at === undefined) {
            await migrations[name]!.up(trx);
            at = new Date().toISOString();
          }
          if (at > stamp) stamp = at;
          ran.set(name, stamp);
        }
        await trx.deleteFrom(HISTORY).execute();
        await trx
          .insertInto(HISTORY)
          .values([...ran].map(([name, timestamp]) => ({ name, timestamp })))
          .execute();
      });
    } finally {
      await adapter.releaseMigrationLock(connection, lock);
    }
  });
}

/** The migrations this code has that the database has not run, in order (empty: it is current). */
// biome-ignore lint/suspicious/noExplicitAny: the migrator works on any schema
export async function pendingMigrations(db: Kysely<any>): Promise<string[]> {
  const infos = await migrator(db).getMigrations();
  return infos.filter((m) => m.executedAt === undefined).map((m) => m.name);
}
