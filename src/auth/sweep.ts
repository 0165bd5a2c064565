// Hourly housekeeping: expired sessions and old sign-in failure counts leave the database.
import type { AppDeps } from '../app-deps.ts';
import { purgeExpiredSessions } from './sessions.ts';

export function authSweeper(deps: AppDeps): () => void {
  const sweep = async () => {
    const { db } = deps.store;
    try {
      await purgeExpiredSessions(db, deps.now());
      const dayAgo = new Date(deps.now().getTime() - 24 * 60 * 60 * 1000).toISOString();
      await db
        .deleteFrom('throttle')
        .where('key', 'like', 'signin:%')
        .where('window_start', '<', dayAgo)
        .execute();
    } catch (err) {
      console.error('Could not sweep expired sessions:', (err as Error).message);
    }
  };
  const timer = setInterval(sweep, 60 * 60 * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
