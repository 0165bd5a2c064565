// Fixed-window counters in the throttle table, shared by every server process on the database:
// sign-in failures (auth/throttle.ts) and comment POSTs (comments/rate-limit.ts) count here.
// One upsert per hit: the window restarts when it has run out, else the count goes up.
import { type Kysely, sql } from 'kysely';
import type { Database } from '../storage/schema.ts';

export interface WindowCount {
  /** Hits in the current window, this one included. */
  hits: number;
  /** When the current window ends. */
  endsAt: number;
}

export async function hitWindow(
  db: Kysely<Database>,
  key: string,
  windowMs: number,
  now: Date,
): Promise<WindowCount> {
  const at = now.toISOString();
  const expired = new Date(now.getTime() - windowMs).toISOString();
  const row = await db
    .insertInto('throttle')
    .values({ key, hits: 1, window_start: at })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        hits: sql<number>`CASE WHEN throttle.window_start <= ${expired} THEN 1 ELSE throttle.hits + 1 END`,
        window_start: sql<string>`CASE WHEN throttle.window_start <= ${expired} THEN ${at} ELSE throttle.window_start END`,
      }),
    )
    .returning(['hits', 'window_start'])
    .executeTakeFirstOrThrow();
  return { hits: Number(row.hits), endsAt: Date.parse(row.window_start) + windowMs };
}

/** Forgets windows under the key prefix that started before the instant. */
export async function sweepWindows(db: Kysely<Database>, prefix: string, before: Date): Promise<number> {
  const result = await db
    .deleteFrom('throttle')
    .where('key', 'like', `${prefix}%`)
    .where('window_start', '<', before.toISOString())
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
