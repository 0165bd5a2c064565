// For a load balancer or an orchestrator: /healthz says the process is up and answering (liveness:
// restart it when this fails); /readyz says it can serve: the database answers and has every
// migration this code needs (readiness: send it traffic only while this is 200). Never cached.
import { Hono } from 'hono';
import type { Store } from '../storage/db.ts';
import { pendingMigrations } from '../storage/migrate.ts';

/** How long /readyz waits for the database before answering 503. */
const DB_TIMEOUT_MS = 2000;

export function healthRoutes(store: Store) {
  const app = new Hono();
  app.get('/healthz', (c) => {
    c.header('cache-control', 'no-store');
    return c.text('ok\n');
  });
  app.get('/readyz', async (c) => {
    c.header('cache-control', 'no-store');
    try {
      const pending = await withTimeout(pendingMigrations(store.db), DB_TIMEOUT_MS);
      if (pending.length > 0) {
        return c.text(
          `not ready: the database lacks migrations ${pending.join(', ')} (run gloss migrate)\n`,
          503,
        );
      }
      return c.text('ready\n');
    } catch (err) {
      // The message names the problem (refused, timeout), never the URL with its password.
      return c.text(`not ready: the database does not answer (${(err as Error).message})\n`, 503);
    }
  });
  return app;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
