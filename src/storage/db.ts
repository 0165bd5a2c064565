// Opens the database named by DATABASE_URL: a file path (SQLite, the default) or a postgres:// URL.
// Nothing connects at import time: callers open a Store and close it.
import fs from 'node:fs';
import path from 'node:path';
import { type CompiledQuery, Kysely, type LogConfig, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { ContentListener, type ContentListenerOptions } from './content-listener.ts';
import type { DialectName } from './dialect.ts';
import { cachedStatements } from './dialects/sqlite-statements.ts';
import { migrateToLatest, pendingMigrations } from './migrate.ts';
import type { Database } from './schema.ts';
import { SQLite, type SQLiteDatabase, type SQLiteStatement } from './sqlite-driver.ts';

export interface Store {
  db: Kysely<Database>;
  dialect: DialectName;
  /** A number that changes whenever any process writes content (posts, comments, settings...). */
  contentVersion(): number | Promise<number>;
  /** The tags of what changed after a content version (post:ID, posts, comments, *...): 009's triggers. */
  contentChangesSince(version: number): string[] | Promise<string[]>;
  /** PostgreSQL's change notifications, when opened with `listen` (a server process). */
  listener?: ContentListener;
  /** The raw SQLite handle (backups, fast paths); undefined on PostgreSQL. */
  sqlite?: SQLiteDatabase;
  close(): Promise<void>;
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/** A database that cannot be opened, with what to do about it. */
export class StoreError extends Error {}

export interface OpenOptions {
  /** Run the migrations this code has (the default); false: use the database as it is. */
  migrate?: boolean;
  /** false: refuse a database that lacks migrations (a server started with --no-migrate). */
  requireCurrent?: boolean;
  /** PostgreSQL connections this process may open (GLOSS_DB_POOL); 10 by default. */
  poolSize?: number;
  /** Told every statement Kysely runs (the query-plan test reads them); nothing by default. */
  onQuery?: (query: CompiledQuery) => void;
  /**
   * PostgreSQL: keep the content version in memory from LISTEN/NOTIFY (one more connection), so
   * a cached page needs no round trip. Servers listen; one-off commands need not. No-op on SQLite.
   */
  listen?: boolean | ContentListenerOptions;
}

export async function openStore(url: string, options: OpenOptions = {}): Promise<Store> {
  const postgres = isPostgresUrl(url);
  let store: Store;
  try {
    store = postgres
      ? openPostgres(url, options.poolSize ?? 10, options.onQuery)
      : openSqlite(url, options.onQuery && ((event) => options.onQuery!(event.query)));
  } catch (err) {
    throw new StoreError(`Cannot open the SQLite database ${url}: ${(err as Error).message}`);
  }
  try {
    if (options.migrate !== false) await migrateToLatest(store.db);
    else if (postgres) await store.contentVersion();
    if (postgres && options.listen) {
      store.listener = new ContentListener(url, {
        onState: (message) => console.warn(message),
        ...(options.listen === true ? {} : options.listen),
      });
      await store.listener.start();
    }
    if (options.requireCurrent) {
      const pending = await pendingMigrations(store.db);
      if (pending.length > 0) {
        throw new StoreError(
          `The database lacks ${pending.length} migration(s) this version of Gloss needs (${pending.join(', ')}): run "gloss migrate" once, then start the servers`,
        );
      }
    }
  } catch (err) {
    if (err instanceof StoreError) {
      await store.close().catch(() => {});
      throw err;
    }
    await store.close().catch(() => {});
    throw postgres ? postgresError(url, err as Error & { code?: string }) : err;
  }
  return store;
}

function postgresError(url: string, err: Error & { code?: string }): StoreError {
  const where = url.replace(/\/\/([^@/]*)@/, '//***@');
  if (err.code === '3D000') {
    const name = new URL(url).pathname.slice(1);
    return new StoreError(
      `The PostgreSQL database "${name}" does not exist at ${where}: create it with "createdb ${name}"`,
    );
  }
  if (err.code === 'ECONNREFUSED' || err.code === 'ENOTFOUND') {
    return new StoreError(`Cannot reach PostgreSQL at ${where} (${err.code}): is the server running?`);
  }
  if (err.code === '28P01' || err.code === '28000') {
    return new StoreError(`PostgreSQL refused the credentials in DATABASE_URL (${where}): ${err.message}`);
  }
  return new StoreError(`Cannot use the PostgreSQL database at ${where}: ${err.message}`);
}

function openSqlite(file: string, log?: LogConfig): Store {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Each distinct statement is prepared once: a public page runs the same few reads every time.
  const database = cachedStatements(sqlite, { close: true });
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }), log });
  let versionQuery: SQLiteStatement | undefined;
  let changesQuery: SQLiteStatement | undefined;
  return {
    db,
    dialect: 'sqlite',
    sqlite,
    // Synchronous on SQLite: a cached page is served without waiting on a promise.
    contentVersion() {
      versionQuery ??= sqlite.prepare('SELECT n FROM content_version WHERE id = 1').pluck();
      return versionQuery.get() as number;
    },
    contentChangesSince(version) {
      changesQuery ??= sqlite.prepare('SELECT tag FROM content_changes WHERE version > ?').pluck();
      return changesQuery.all(version) as string[];
    },
    close: () => db.destroy(),
  };
}

function openPostgres(url: string, poolSize: number, onQuery?: (query: CompiledQuery) => void): Store {
  // PostgreSQL returns bigint (count(), sums) as strings; ids here are integers, so this pool
  // parses int8 as numbers (its own parsers: pg's global ones stay as they are).
  const types = new pg.TypeOverrides();
  types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));
  // Waits are bounded as SQLite's busy_timeout bounds them: a lock held elsewhere (an import) or
  // an exhausted pool becomes an error the app answers with 503 + Retry-After, never a hang.
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    types,
    lock_timeout: 5000,
    connectionTimeoutMillis: 15_000,
  });
  // An idle connection the server dropped (restart, failover) must not crash the process: the
  // pool replaces it on the next query.
  pool.on('error', (err) => console.warn(`PostgreSQL connection lost: ${err.message}`));
  // Writes this process finished (a statement that may change content, or a commit). The
  // listener hears of them a moment later; until the row has been read since, it is read again,
  // so a reader redirected after posting a comment never gets the page from before it.
  let writes = 0;
  let checkedWrites = 0;
  const log: LogConfig = (event) => {
    if (WRITE.test(event.query.sql)) writes++;
    onQuery?.(event.query);
  };
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log });
  let pending: { writes: number; version: Promise<number> } | undefined;
  const store: Store = {
    db,
    dialect: 'postgres',
    contentVersion() {
      const known = store.listener?.current;
      if (known !== undefined && checkedWrites === writes) return known;
      // Concurrent requests share one round trip, unless a write finished after it was sent.
      if (pending?.writes === writes) return pending.version;
      const started = writes;
      const read = pool
        .query('SELECT n FROM content_version WHERE id = 1')
        .then((r) => {
          const version = Number(r.rows[0].n);
          store.listener?.observe(version);
          if (started > checkedWrites) checkedWrites = started;
          return version;
        })
        .finally(() => {
          if (pending?.version === read) pending = undefined;
        });
      pending = { writes: started, version: read };
      return read;
    },
    async contentChangesSince(version) {
      const result = await pool.query({
        name: 'gloss_content_changes',
        text: 'SELECT tag FROM content_changes WHERE version > $1',
        values: [version],
      });
      return result.rows.map((row: { tag: string }) => row.tag);
    },
    close: async () => {
      await store.listener?.close();
      await db.destroy();
    },
  };
  return store;
}

/** Statements that may change content (009's triggers fire on them), and the commit of one. */
const WRITE = /^\s*(insert|update|delete|merge|truncate|commit|with|copy|call)\b/i;
