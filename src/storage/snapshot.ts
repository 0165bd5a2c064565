// Many reads that see one moment of the database while other processes keep writing (an export
// of a running blog). On PostgreSQL that takes REPEATABLE READ (its default, READ COMMITTED,
// gives each statement its own moment); a SQLite transaction reads one snapshot already (WAL).
import type { Kysely } from 'kysely';
import type { Store } from './db.ts';
import type { Database } from './schema.ts';

export function readSnapshot<T>(store: Store, read: (db: Kysely<Database>) => Promise<T>): Promise<T> {
  const transaction = store.db.transaction();
  return (
    store.dialect === 'postgres' ? transaction.setIsolationLevel('repeatable read') : transaction
  ).execute(read);
}
