// The feed poller inside `gloss serve`: a round every minute under the "feed-poller" job lease,
// so with several server processes on one database only one polls, and the same process keeps
// the WebSub subscriptions (subscribe, renew, unsubscribe). Started by src/services.ts.
import type { AppDeps } from '../app-deps.ts';
import { startJob } from '../jobs/periodic.ts';
import { pollDue } from './poll.ts';
import { websubUpkeep } from './websub/upkeep.ts';

const ROUND_MS = 60_000;

export function feedPoller(deps: AppDeps): () => Promise<void> {
  const stop = startJob(
    { db: deps.store.db, now: deps.now },
    {
      name: 'feed-poller',
      everyMs: ROUND_MS,
      // A round may fetch for minutes; the lease outlives the slowest one.
      leaseMs: 10 * ROUND_MS,
      step: async () => {
        const fetch = { allowPrivate: deps.config.fetchAllowPrivate };
        await pollDue(deps.store.db, { fetch, now: deps.now });
        await websubUpkeep(deps.store.db, { callbackBase: await deps.origin(), fetch, now: deps.now });
      },
    },
  );
  return stop;
}
