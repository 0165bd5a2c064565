// A round of WebSub upkeep, run by the feed poller under its job lease (one process at a time):
// subscribe outlets whose feed names a hub (again after a day when a hub denied or failed), renew
// leases within a day of their end, give up on hubs that never verified, and ask hubs to stop
// pushing outlets that were removed. A subscription only slows polling once the hub has verified
// it (store.ts pushedSources), so every failure here leaves the outlet polled as before.
import type { Kysely } from 'kysely';
import type { FetchPageOptions } from '../../clippings/fetch.ts';
import type { Database } from '../../storage/schema.ts';
import { askHub, hubName } from './ask-hub.ts';
import {
  fallBack,
  forget,
  NOT_ASKED,
  noteRequested,
  requestSubscription,
  type Subscription,
} from './store.ts';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
/** A lease is renewed this long before it ends. */
export const RENEW_BEFORE_MS = DAY_MS;
/** A hub that has not verified within this long has failed. */
const VERIFY_WAIT_MS = HOUR_MS;
/** A hub that denied or failed is asked again after this long. */
const RETRY_MS = DAY_MS;

export interface UpkeepOptions {
  /** The blog's public origin: the hub calls back there. */
  callbackBase: string;
  fetch: FetchPageOptions;
  now: () => Date;
}

export interface UpkeepReport {
  subscribed: number;
  renewed: number;
  failed: number;
  unsubscribed: number;
}

export async function websubUpkeep(db: Kysely<Database>, options: UpkeepOptions): Promise<UpkeepReport> {
  const report: UpkeepReport = { subscribed: 0, renewed: 0, failed: 0, unsubscribed: 0 };
  const now = options.now();
  const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();
  const ask = (sub: Subscription, mode: 'subscribe' | 'unsubscribe') =>
    askHub(sub, mode, options.callbackBase, options.fetch);

  // A hub not verifying within the hour is a failure (before new asks, which are not yet due).
  const unverified = await db
    .selectFrom('websub_subscriptions')
    .select(['source_id', 'token', 'hub_url'])
    .where('state', '=', 'requested')
    .where('requested_at', '<', ago(VERIFY_WAIT_MS))
    .execute();
  for (const sub of unverified) {
    await fallBack(db, sub, 'failed', `the hub ${hubName(sub.hub_url)} never verified the subscription`, now);
    report.failed++;
  }

  const toSubscribe = await db
    .selectFrom('sources')
    .leftJoin('websub_subscriptions as w', 'w.source_id', 'sources.id')
    .select(['sources.id', 'sources.hub_url', 'sources.topic_url'])
    .where('sources.hub_url', 'is not', null)
    .where('sources.topic_url', 'is not', null)
    .where((eb) =>
      eb.or([
        eb('w.source_id', 'is', null),
        eb.and([
          eb('w.state', 'in', ['requested', 'active']),
          eb.or([
            eb('w.hub_url', '!=', eb.ref('sources.hub_url')),
            eb('w.topic_url', '!=', eb.ref('sources.topic_url')),
          ]),
        ]),
        eb.and([eb('w.state', 'in', ['denied', 'failed']), eb('w.requested_at', '<', ago(RETRY_MS))]),
      ]),
    )
    .execute();
  for (const source of toSubscribe) {
    const sub = await requestSubscription(
      db,
      { id: source.id, hub: source.hub_url!, topic: source.topic_url! },
      now,
    );
    const error = await ask(sub, 'subscribe');
    if (error) {
      await fallBack(db, sub, 'failed', error, options.now());
      report.failed++;
    } else report.subscribed++;
  }

  const renewals = await db
    .selectFrom('websub_subscriptions')
    .selectAll()
    .where('state', '=', 'active')
    .where('lease_until', '<', new Date(now.getTime() + RENEW_BEFORE_MS).toISOString())
    .where('requested_at', '<', ago(VERIFY_WAIT_MS))
    .execute();
  for (const sub of renewals) {
    await noteRequested(db, sub.source_id, now);
    const error = await ask(sub, 'subscribe');
    if (error) {
      await fallBack(db, sub, 'failed', `renewing: ${error}`, options.now());
      report.failed++;
    } else report.renewed++;
  }

  const leaving = await db
    .selectFrom('websub_subscriptions')
    .selectAll()
    .where('state', '=', 'unsubscribing')
    .execute();
  for (const sub of leaving) {
    if (sub.requested_at === NOT_ASKED) {
      await noteRequested(db, sub.source_id, now);
      // Best effort: a hub that cannot be reached stops when the lease ends.
      await ask(sub, 'unsubscribe');
      report.unsubscribed++;
    } else if (sub.requested_at < ago(DAY_MS)) {
      await forget(db, sub.source_id);
    }
  }
  return report;
}
