// Scheduled posts go public at their time without an external cron: one running server (the
// lease holder) checks once a second for scheduled posts whose time has come and publishes them.
// The check is one indexed read; the write happens only when something is due, and its trigger
// bumps the content version, so every process's page cache shows the post at once.
import type { Kysely } from 'kysely';
import type { AppDeps } from '../app-deps.ts';
import { startJob } from '../jobs/periodic.ts';
import type { Database } from '../storage/schema.ts';

/** Publishes the scheduled posts whose time has come; returns their ids. */
export async function publishDuePosts(db: Kysely<Database>, now = new Date()): Promise<number[]> {
  const due = await db
    .selectFrom('posts')
    .select('id')
    .where('kind', 'in', ['post', 'page'])
    .where('status', '=', 'scheduled')
    .where('trashed_at', 'is', null)
    .where('published_at', '<=', now.toISOString())
    .limit(200)
    .execute();
  if (due.length === 0) return [];
  const ids = due.map((p) => p.id);
  // "status = scheduled" again: two processes racing publish each post once.
  await db
    .updateTable('posts')
    .set({ status: 'published' })
    .where('id', 'in', ids)
    .where('status', '=', 'scheduled')
    .execute();
  return ids;
}

/** Starts the once-a-second check; returns how to stop it. */
export function startScheduledPublishing(
  db: Kysely<Database>,
  options: { intervalMs?: number; now?: () => Date; onError?: (err: unknown) => void } = {},
): () => void {
  const interval = options.intervalMs ?? 1000;
  const now = options.now ?? (() => new Date());
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = async () => {
    try {
      await publishDuePosts(db, now());
    } catch (err) {
      (options.onError ?? ((e) => console.error('Publishing scheduled posts failed:', e)))(err);
    }
    if (!stopped) {
      timer = setTimeout(tick, interval);
      timer.unref();
    }
  };
  timer = setTimeout(tick, 0);
  timer.unref();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

/**
 * The service (src/services.ts): a leased job, so one process checks each second however many
 * serve; if it dies, another takes the lease within ten seconds.
 */
export function scheduledPublisher(deps: AppDeps): () => Promise<void> {
  const { db } = deps.store;
  return startJob(
    { db, now: deps.now },
    { name: 'publish-scheduled', everyMs: 1000, leaseMs: 10_000, step: (now) => publishDuePosts(db, now) },
  );
}
