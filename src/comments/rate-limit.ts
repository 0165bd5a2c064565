// Comment POSTs are limited per address and for the whole blog in fixed windows, counted in the
// database (src/limits/fixed-window.ts) so that every server process sees the same counts.
import type { Kysely } from 'kysely';
import type { AppDeps } from '../app-deps.ts';
import { startJob } from '../jobs/periodic.ts';
import { hitWindow, sweepWindows } from '../limits/fixed-window.ts';
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
  const { hits, endsAt } = await hitWindow(db, key, windowSeconds * 1000, now);
  return {
    allowed: hits <= limit,
    hits,
    retryAfter: Math.max(1, Math.ceil((endsAt - now.getTime()) / 1000)),
  };
}

/** A service (src/services.ts): forgets comment rate-limit windows a day after they ended. */
export function throttleSweeper(deps: AppDeps): () => Promise<void> {
  return startJob(
    { db: deps.store.db, now: deps.now },
    {
      name: 'sweep-comment-limits',
      everyMs: 60 * 60 * 1000,
      runAtStart: false,
      step: (now) => sweepWindows(deps.store.db, 'comment:', new Date(now.getTime() - 24 * 60 * 60 * 1000)),
    },
  );
}
