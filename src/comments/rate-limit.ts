// Fixed-window counters in the throttle table, shared by every server process on the database.
// One upsert per hit: the window restarts when it has run out, else the count goes up.
import { type Kysely, sql } from 'kysely';
import type { AppDeps } from '../app-deps.ts';
import type { Database } from '../storage/schema.ts';

export interface RateVerdict {
  allowed: boolean;
  hits: number;
  /** Seconds until the window ends (what Retry-After says). */
  retryAfter: number;
}

export async function hitLimit(
  db: Kysely<Database>,
  key: string,
  limit: number,
  windowSeconds: number,
  now: Date,
): Promise<RateVerdict> {
  const at = now.toISOString();
  const windowStart = new Date(now.getTime() - windowSeconds * 1000).toISOString();
  const row = await db
    .insertInto('throttle')
    .values({ key, hits: 1, window_start: at })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        hits: sql<number>`CASE WHEN throttle.window_start <= ${windowStart} THEN 1 ELSE throttle.hits + 1 END`,
        window_start: sql<string>`CASE WHEN throttle.window_start <= ${windowStart} THEN ${at} ELSE throttle.window_start END`,
      }),
    )
    .returning(['hits', 'window_start'])
    .executeTakeFirstOrThrow();
  const ends = Date.parse(row.window_start) + windowSeconds * 1000;
  return {
    allowed: row.hits <= limit,
    hits: row.hits,
    retryAfter: Math.max(1, Math.ceil((ends - now.getTime()) / 1000)),
  };
}

/** Forgets windows that ended long ago (keys under the prefix only). */
export async function sweepLimits(db: Kysely<Database>, prefix: string, before: Date): Promise<number> {
  const result = await db
    .deleteFrom('throttle')
    .where('key', 'like', `${prefix}%`)
    .where('window_start', '<', before.toISOString())
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** A service (src/web/services.ts): forgets comment rate-limit windows a day after they ended. */
export function throttleSweeper(deps: AppDeps): () => void {
  const sweep = () => {
    const dayAgo = new Date(deps.now().getTime() - 24 * 60 * 60 * 1000);
    sweepLimits(deps.store.db, 'comment:', dayAgo).catch((err) =>
      console.error('Could not sweep old comment rate limits:', (err as Error).message),
    );
  };
  const timer = setInterval(sweep, 60 * 60 * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
