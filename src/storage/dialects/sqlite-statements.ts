// A Kysely over an open better-sqlite3 handle that reuses prepared statements. Kysely prepares
// every query afresh, which costs as much as running a small insert; a bulk writer (an import)
// repeats the same few statements thousands of times. Only for code that does not stream
// queries (a cached statement must not be iterated twice at once). Never destroy() the Kysely
// this returns: that would close the shared handle.
import type SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';

export function withStatementCache<DB>(sqlite: SQLite.Database, size = 256): Kysely<DB> {
  const cache = new Map<string, SQLite.Statement>();
  const database = {
    prepare(sql: string) {
      let stmt = cache.get(sql);
      if (stmt) {
        cache.delete(sql);
      } else {
        stmt = sqlite.prepare(sql);
        if (cache.size >= size) cache.delete(cache.keys().next().value!);
      }
      cache.set(sql, stmt);
      return stmt;
    },
    close() {},
  };
  return new Kysely<DB>({ dialect: new SqliteDialect({ database }) });
}
