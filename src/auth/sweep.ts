// Hourly housekeeping: expired sessions and old sign-in failure counts leave the database. A
// leased job (jobs/periodic.ts): one process sweeps, however many serve.
import type { AppDeps } from '../app-deps.ts';
import { startJob } from '../jobs/periodic.ts';
import { purgeExpiredSessions } from './sessions.ts';

export function authSweeper(deps: AppDeps): () => Promise<void> {
  const { db } = deps.store;
  return startJob(
    { db, now: deps.now },
    {
      name: 'sweep-sessions',
      everyMs: 60 * 60 * 1000,
      runAtStart: false,
      step: async (now) => {
        await purgeExpiredSessions(db, now);
        const dayAgo = new Date(now.getTime() - 24 * 60 * 60 * 1000).toISOString();
        await db
          .deleteFrom('throttle')
          .where('key', 'like', 'signin:%')
          .where('window_start', '<', dayAgo)
          .execute();
      },
    },
  );
}
