// Migrations are files in ./migrations named NNN_what.ts, applied in name order, append-only:
// a migration that has run is never edited; a change is a new file.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';

const folder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

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
export async function migrateToLatest(db: Kysely<any>): Promise<void> {
  // Numbers are reserved per domain (010 comments, 020 auth, 030 import, 040 search, 050 clipping),
  // so a database may have run 040 before 010 first appeared: run whatever has not run yet.
  const migrator = new Migrator({ db, provider: new FolderProvider(), allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
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
