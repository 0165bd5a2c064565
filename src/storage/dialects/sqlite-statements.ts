// Reusing prepared statements on an open better-sqlite3 handle. Kysely prepares every query
// afresh, which costs as much as running a small insert or a primary-key read: a bulk writer (an
// import) repeats the same few statements thousands of times, and a public page runs a handful of
// the same reads on every request. A statement being iterated (a streamed query) is busy; whoever
// asks for it meanwhile gets a fresh one, so streams and queries may interleave.
import type SQLite from 'better-sqlite3';
import { Kysely, type SqliteDatabase, SqliteDialect } from 'kysely';

/** The handle as Kysely's SqliteDialect sees it, preparing each distinct SQL text once (LRU). */
export function cachedStatements(
  sqlite: SQLite.Database,
  options: { size?: number; close?: boolean } = {},
): SqliteDatabase {
  const size = options.size ?? 256;
  const cache = new Map<string, SQLite.Statement>();
  return {
    prepare(sql: string) {
      let stmt = cache.get(sql);
      if (stmt?.busy) return sqlite.prepare(sql);
      if (stmt) {
        cache.delete(sql);
      } else {
        stmt = sqlite.prepare(sql);
        if (cache.size >= size) cache.delete(cache.keys().next().value!);
      }
      cache.set(sql, stmt);
      return stmt;
    },
    close() {
      cache.clear();
      if (options.close) sqlite.close();
    },
  };
}

/**
 * A second Kysely over the same handle (an import's writer), with its own statements; only for code
 * that does not stream queries. Its destroy() forgets the statements and leaves the handle open.
 */
export function withStatementCache<DB>(sqlite: SQLite.Database, size = 256): Kysely<DB> {
  return new Kysely<DB>({ dialect: new SqliteDialect({ database: cachedStatements(sqlite, { size }) }) });
}
