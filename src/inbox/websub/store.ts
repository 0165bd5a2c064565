// WebSub subscriptions in the database: one per outlet, found by its callback token. Every state
// change is one conditional update, so a hub's verification and a round of upkeep racing each
// other never undo one another. Secrets leave this file only towards the hub and the signature check.
import { randomBytes } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { Database, WebSubSubscriptionsTable } from '../../storage/schema.ts';

export type Subscription = Selectable<WebSubSubscriptionsTable>;

/** What the admin's outlet list shows: no token, no secret. */
export type PushHealth = Pick<Subscription, 'source_id' | 'hub_url' | 'state' | 'lease_until' | 'error'>;

/** Outlets whose hub pushes them now (verified, lease running). */
export async function pushedSources(db: Kysely<Database>, now: Date): Promise<Set<number>> {
  const rows = await db
    .selectFrom('websub_subscriptions')
    .select('source_id')
    .where('state', '=', 'active')
    .where('lease_until', '>', now.toISOString())
    .execute();
  return new Set(rows.map((r) => r.source_id));
}

export function listPushHealth(db: Kysely<Database>): Promise<PushHealth[]> {
  return db
    .selectFrom('websub_subscriptions')
    .select(['source_id', 'hub_url', 'state', 'lease_until', 'error'])
    .execute();
}

export function subscriptionByToken(
  db: Kysely<Database>,
  sourceId: number,
  token: string,
): Promise<Subscription | undefined> {
  return db
    .selectFrom('websub_subscriptions')
    .selectAll()
    .where('source_id', '=', sourceId)
    .where('token', '=', token)
    .executeTakeFirst();
}

/**
 * A new subscription for the outlet's current hub and topic, with a fresh token and secret,
 * replacing one for another hub or topic. Stored before the hub is asked: a hub may verify
 * before it answers.
 */
export async function requestSubscription(
  db: Kysely<Database>,
  source: { id: number; hub: string; topic: string },
  now: Date,
): Promise<Subscription> {
  const row = {
    source_id: source.id,
    hub_url: source.hub,
    topic_url: source.topic,
    token: randomBytes(24).toString('base64url'),
    secret: randomBytes(32).toString('base64url'),
    state: 'requested' as const,
    lease_until: null,
    requested_at: now.toISOString(),
    error: null,
  };
  return db
    .insertInto('websub_subscriptions')
    .values(row)
    .onConflict((oc) => oc.column('source_id').doUpdateSet(row))
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A renewal keeps its token and secret (pushes in flight stay valid); only the time is noted. */
export async function noteRequested(db: Kysely<Database>, sourceId: number, now: Date): Promise<void> {
  await db
    .updateTable('websub_subscriptions')
    .set({ requested_at: now.toISOString() })
    .where('source_id', '=', sourceId)
    .execute();
}

/** The hub verified the subscription: it pushes until the lease ends. */
export async function activate(db: Kysely<Database>, sub: Subscription, leaseUntil: Date): Promise<boolean> {
  const res = await db
    .updateTable('websub_subscriptions')
    .set({ state: 'active', lease_until: leaseUntil.toISOString(), error: null })
    .where('source_id', '=', sub.source_id)
    .where('token', '=', sub.token)
    .where('state', 'in', ['requested', 'active'])
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

/**
 * The hub denied or failed: recorded in words, and the outlet is polled again at once on its
 * usual schedule (an hour until its rate is measured).
 */
export async function fallBack(
  db: Kysely<Database>,
  sub: Pick<Subscription, 'source_id' | 'token'>,
  state: 'denied' | 'failed',
  error: string,
  now: Date,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const res = await trx
      .updateTable('websub_subscriptions')
      .set({ state, error, requested_at: now.toISOString() })
      .where('source_id', '=', sub.source_id)
      .where('token', '=', sub.token)
      .where('state', '!=', 'unsubscribing')
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) return;
    await trx
      .updateTable('sources')
      .set({ next_fetch_at: now.toISOString(), interval_seconds: 60 * 60 })
      .where('id', '=', sub.source_id)
      .execute();
  });
}

/**
 * The outlet is being removed: a hub that may push it is asked to stop by the next round of
 * upkeep (best effort); a denied or failed subscription is simply forgotten.
 */
export async function endSubscription(db: Kysely<Database>, sourceId: number): Promise<void> {
  await db
    .updateTable('websub_subscriptions')
    .set({ state: 'unsubscribing', requested_at: NOT_ASKED })
    .where('source_id', '=', sourceId)
    .where('state', 'in', ['requested', 'active'])
    .execute();
  await db
    .deleteFrom('websub_subscriptions')
    .where('source_id', '=', sourceId)
    .where('state', 'in', ['denied', 'failed'])
    .execute();
}

/** requested_at of an unsubscription the hub has not been sent yet. */
export const NOT_ASKED = new Date(0).toISOString();

export async function forget(db: Kysely<Database>, sourceId: number): Promise<void> {
  await db.deleteFrom('websub_subscriptions').where('source_id', '=', sourceId).execute();
}
