// Which database a Kysely instance talks to. The one place that asks; everything else calls
// dialectOf, or reads store.dialect where a Store is at hand.
import { type DialectAdapter, PostgresAdapter } from 'kysely';

export type DialectName = 'sqlite' | 'postgres';

/** The dialect of any Kysely instance or transaction, whatever its schema. */
export function dialectOf(db: { getExecutor(): { readonly adapter: DialectAdapter } }): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}
