// The rules of following the blog by e-mail. Double opt-in: a sign-up stores the address as
// pending and queues a confirmation mail; only a POST from the link's page confirms (a GET never
// does: mail scanners follow links). A sign-up answers the same whatever the address's state, so
// the form tells nobody who subscribes; per-address limits keep it from flooding an inbox.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { hitWindow } from '../limits/fixed-window.ts';
import type { Database, Subscriber, SubscriberMode } from '../storage/schema.ts';
import { addressKey, checkAddress } from './addresses.ts';
import { confirmationMail, type MailContext, reminderMail } from './compose.ts';
import { cancelWaitingMail, enqueueMail } from './queue.ts';
import { isSuppressed } from './suppressions.ts';

/** How long a confirmation link works. */
export const CONFIRM_TTL_MS = 48 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface SignUp {
  email: string | undefined;
  mode?: string;
  labels?: string[];
  /** How the address came ('form', 'comment'); kept with the consent. */
  source?: string;
}

export type SignUpResult = { kind: 'invalid'; message: string } | { kind: 'accepted' };

export async function signUp(
  db: Kysely<Database>,
  input: SignUp,
  ctx: MailContext & { limitPerEmail: number },
): Promise<SignUpResult> {
  const address = checkAddress(input.email);
  if (!address.ok) return { kind: 'invalid', message: address.message };
  const { email } = address;
  const now = ctx.now;
  // Past its limit, an address is sent nothing more today; the answer stays the same.
  const { hits } = await hitWindow(db, `subscribe:mail:${addressKey(email)}`, DAY_MS, now);
  if (hits > ctx.limitPerEmail || (await isSuppressed(db, email))) return { kind: 'accepted' };

  const existing = await db
    .selectFrom('subscribers')
    .selectAll()
    .where('email', '=', email)
    .executeTakeFirst();
  if (existing?.status === 'confirmed') {
    await enqueueMail(db, [reminderMail(ctx, existing)], ctx.baseUrl, now);
    return { kind: 'accepted' };
  }
  const secret = randomBytes(24).toString('base64url');
  const pending = {
    status: 'pending' as const,
    mode: modeOf(input.mode),
    labels: JSON.stringify(cleanLabels(input.labels)),
    confirm_hash: hashSecret(secret),
    confirm_expires_at: new Date(now.getTime() + CONFIRM_TTL_MS).toISOString(),
    source: input.source ?? 'form',
    consent: `Asked through the ${input.source ?? 'form'} on ${now.toISOString()}; confirmation mailed.`,
  };
  const subscriber = await db
    .insertInto('subscribers')
    .values({
      email,
      token: randomBytes(24).toString('base64url'),
      created_at: now.toISOString(),
      confirmed_at: null,
      unsubscribed_at: null,
      digest_through: null,
      ...pending,
    })
    .onConflict((oc) => oc.column('email').doUpdateSet(pending))
    .returningAll()
    .executeTakeFirstOrThrow();
  await enqueueMail(db, [confirmationMail(ctx, subscriber, `${subscriber.id}.${secret}`)], ctx.baseUrl, now);
  return { kind: 'accepted' };
}

export type ConfirmCheck =
  | { kind: 'valid'; subscriber: Subscriber }
  | { kind: 'expired'; subscriber: Subscriber }
  | { kind: 'confirmed'; subscriber: Subscriber }
  | { kind: 'unknown' };

/** What a confirmation link leads to, without changing anything (the GET's page). */
export async function checkConfirmToken(
  db: Kysely<Database>,
  token: string,
  now: Date,
): Promise<ConfirmCheck> {
  const parts = splitConfirmToken(token);
  if (!parts) return { kind: 'unknown' };
  const subscriber = await db
    .selectFrom('subscribers')
    .selectAll()
    .where('id', '=', parts.id)
    .executeTakeFirst();
  const state = subscriber ? confirmStateOf(subscriber, parts.secret, now) : 'unknown';
  return state === 'unknown' ? { kind: 'unknown' } : { kind: state, subscriber: subscriber! };
}

/** The button's POST: confirms a valid, unexpired link once. */
export async function confirmSubscription(
  db: Kysely<Database>,
  token: string,
  now: Date,
): Promise<ConfirmCheck> {
  const check = await checkConfirmToken(db, token, now);
  if (check.kind !== 'valid') return check;
  const subscriber = await db
    .updateTable('subscribers')
    .set({
      status: 'confirmed',
      confirmed_at: now.toISOString(),
      confirm_hash: null,
      confirm_expires_at: null,
      unsubscribed_at: null,
      digest_through: now.toISOString(),
      consent: `${check.subscriber.consent ?? ''} Confirmed by the link on ${now.toISOString()}.`.trim(),
    })
    .where('id', '=', check.subscriber.id)
    .where('confirm_hash', '=', check.subscriber.confirm_hash)
    .returningAll()
    .executeTakeFirst();
  return subscriber ? { kind: 'valid', subscriber } : { kind: 'unknown' };
}

/** The subscriber a manage or unsubscribe link names. */
export async function subscriberByToken(
  db: Kysely<Database>,
  token: string,
): Promise<Subscriber | undefined> {
  if (!/^[A-Za-z0-9_-]{32}$/.test(token)) return undefined;
  return db.selectFrom('subscribers').selectAll().where('token', '=', token).executeTakeFirst();
}

/** Unsubscribes at once and cancels what waits; false when the token names nobody. */
export async function unsubscribe(db: Kysely<Database>, token: string, now: Date): Promise<boolean> {
  const subscriber = await subscriberByToken(db, token);
  if (!subscriber) return false;
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('subscribers')
      .set({
        status: 'unsubscribed',
        unsubscribed_at: now.toISOString(),
        confirm_hash: null,
        confirm_expires_at: null,
      })
      .where('id', '=', subscriber.id)
      .execute();
    await cancelWaitingMail(trx, subscriber.id);
  });
  return true;
}

/** A subscriber's choices from the manage page: each post or a digest, all posts or some labels. */
export async function updateChoices(
  db: Kysely<Database>,
  token: string,
  choices: { mode?: string; labels?: string[] },
  now: Date,
): Promise<Subscriber | undefined> {
  const subscriber = await subscriberByToken(db, token);
  if (!subscriber) return undefined;
  const resubscribe = subscriber.status === 'unsubscribed' && subscriber.confirmed_at !== null;
  return db
    .updateTable('subscribers')
    .set({
      mode: modeOf(choices.mode),
      labels: JSON.stringify(cleanLabels(choices.labels)),
      // Saving choices after unsubscribing by mistake follows again: the address was confirmed.
      ...(resubscribe
        ? { status: 'confirmed', unsubscribed_at: null, digest_through: now.toISOString() }
        : {}),
    })
    .where('id', '=', subscriber.id)
    .returningAll()
    .executeTakeFirst();
}

export function labelsOfSubscriber(subscriber: Pick<Subscriber, 'labels'>): string[] {
  try {
    const labels = JSON.parse(subscriber.labels) as unknown;
    return Array.isArray(labels) ? labels.filter((l): l is string => typeof l === 'string') : [];
  } catch {
    return [];
  }
}

function modeOf(mode: string | undefined): SubscriberMode {
  return mode === 'digest' ? 'digest' : 'post';
}

function cleanLabels(labels: string[] | undefined): string[] {
  return [...new Set((labels ?? []).map((l) => l.trim()).filter((l) => l && l.length <= 200))].slice(0, 100);
}

/** A confirmation link's token: the row's id and the secret whose hash the row keeps. */
export function splitConfirmToken(token: string): { id: number; secret: string } | null {
  const match = /^(\d{1,12})\.([A-Za-z0-9_-]{32})$/.exec(token.trim());
  return match ? { id: Number(match[1]), secret: match[2]! } : null;
}

/**
 * What a confirmation link is worth now, for any double opt-in row (a subscriber, a reply
 * request): valid, expired, or — once used, the hash gone — "confirmed" if the row stands, so the
 * page says so rather than "unknown". A wrong secret is "unknown", as is a row never confirmed.
 */
export function confirmStateOf(
  row: { status: string; confirm_hash: string | null; confirm_expires_at: string | null },
  secret: string,
  now: Date,
): 'valid' | 'expired' | 'confirmed' | 'unknown' {
  if (!row.confirm_hash) return row.status === 'confirmed' ? 'confirmed' : 'unknown';
  if (!secretMatches(row.confirm_hash, secret)) return 'unknown';
  if (!row.confirm_expires_at || row.confirm_expires_at <= now.toISOString()) return 'expired';
  return 'valid';
}

function secretMatches(hash: string, secret: string): boolean {
  const expected = Buffer.from(hash);
  const given = Buffer.from(hashSecret(secret));
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}
