// The WebSub callback, a public route (no session, no CSRF token: hubs are not browsers):
// GET verifies intent, POST delivers content. The path's token is the subscription's unguessable
// address; answers are never cached, and pushes are bounded in size and rate.
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppDeps } from '../../app-deps.ts';
import { recordId } from '../../lib/record-id.ts';
import { hitWindow } from '../../limits/fixed-window.ts';
import { MAX_PUSH_BYTES, receivePush } from './receive-push.ts';
import { subscriptionByToken } from './store.ts';
import { verifyIntent } from './verify-intent.ts';

/** Pushes accepted per outlet per minute (a busy hub sends a few; a flood is refused with 429). */
const PUSHES_PER_MINUTE = 300;
const NO_STORE = { 'cache-control': 'no-store' };

export function websubRoutes(deps: AppDeps) {
  const { db } = deps.store;
  const app = new Hono();
  const sized = bodyLimit({
    maxSize: MAX_PUSH_BYTES,
    onError: (c) => c.text('A push is at most 2 MB.', 413, NO_STORE),
  });
  const subscription = (c: Context) =>
    subscriptionByToken(db, recordId(c.req.param('source')), c.req.param('token') ?? '');

  app.get('/websub/:source{[0-9]{1,15}}/:token', async (c) => {
    const verdict = await verifyIntent(
      db,
      await subscription(c),
      {
        mode: c.req.query('hub.mode'),
        topic: c.req.query('hub.topic'),
        challenge: c.req.query('hub.challenge'),
        leaseSeconds: c.req.query('hub.lease_seconds'),
        reason: c.req.query('hub.reason'),
      },
      deps.now(),
    );
    if (verdict.status === 404) return c.text('No such subscription.', 404, NO_STORE);
    return c.text(verdict.body, 200, NO_STORE);
  });

  app.post('/websub/:source{[0-9]{1,15}}/:token', sized, async (c) => {
    const sub = await subscription(c);
    if (!sub) return c.text('No such subscription.', 404, NO_STORE);
    const { hits, endsAt } = await hitWindow(db, `websub:${sub.source_id}`, 60_000, deps.now());
    if (hits > PUSHES_PER_MINUTE) {
      const wait = Math.max(1, Math.ceil((endsAt - deps.now().getTime()) / 1000));
      return c.text('Too many pushes for this feed; try again later.', 429, {
        ...NO_STORE,
        'retry-after': String(wait),
      });
    }
    const body = Buffer.from(await c.req.arrayBuffer());
    await receivePush(
      db,
      sub,
      { body, signature: c.req.header('x-hub-signature'), contentType: c.req.header('content-type') },
      deps.now(),
    );
    // Accepted whatever became of it: a push with a bad signature is ignored, not refused.
    return c.body(null, 202, NO_STORE);
  });

  return app;
}
