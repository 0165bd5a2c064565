// Opens the database named by DATABASE_URL: a file path (SQLite, the default) or a postgres:// URL.
// Nothing connects at import time: callers open a Store and close it.
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { DialectName } from './dialects/columns.ts';
import { migrateToLatest } from './migrate.ts';
import type { Database } from './schema.ts';

export interface Store {
  db: Kysely<Database>;
  dialect: DialectName;
  /** A number that changes whenever any process writes content (posts, comments, settings...). */
  contentVersion(): number | Promise<number>;
  /** The raw SQLite handle (backups, fast paths); undefined on PostgreSQL. */
  sqlite?: SQLite.Database;
  close(): Promise<void>;
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

export async function openStore(url: string, options: { migrate?: boolean } = {}): Promise<Store> {
  const store = isPostgresUrl(url) ? openPostgres(url) : openSqlite(url);
  if (options.migrate !== false) await migrateToLatest(store.db);
  return store;
}

function openSqlite(file: string): Store {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  let versionQuery: SQLite.Statement | undefined;
  return {
    db,
    dialect: 'sqlite',
    sqlite,
    // Synchronous on SQLite: a cached page is served without waiting on a promise.
    contentVersion() {
      versionQuery ??= sqlite.prepare('SELECT n FROM content_version WHERE id = 1').pluck();
      return versionQuery.get() as number;
    },
    close: () => db.destroy(),
  };
}

// PostgreSQL returns bigint (count(), sums) as strings; ids here are integers, so parse int8 as numbers.
pg.types.setTypeParser(20, (value) => Number.parseInt(value, 10));

function openPostgres(url: string): Store {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  let pending: Promise<number> | undefined;
  return {
    db,
    dialect: 'postgres',
    contentVersion() {
      // Concurrent requests share one round trip.
      pending ??= pool
        .query('SELECT n FROM content_version WHERE id = 1')
        .then((r) => Number(r.rows[0].n))
        .finally(() => {
          pending = undefined;
        });
      return pending;
    },
    close: () => db.destroy(),
  };
}
