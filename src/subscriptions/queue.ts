// The mail queue in the database: what every server process sends from. A sender claims a batch
// for a while (claimed_until); PostgreSQL skips rows another transaction is claiming (FOR UPDATE
// SKIP LOCKED), SQLite has one writer at a time, so no two senders ever claim the same row. A
// claim that runs out (its process died) makes the rows claimable again.
import type { Kysely, Transaction } from 'kysely';
import type { Database, MailStatus, QueuedMail } from '../storage/schema.ts';
import { messageIdFor, type OutgoingMail } from './compose.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** Queues the mails; one already queued for the same purpose (dedupe key) is left as it was. */
export async function enqueueMail(
  db: Db,
  mails: OutgoingMail[],
  baseUrl: string,
  now: Date,
): Promise<number> {
  let queued = 0;
  for (let i = 0; i < mails.length; i += 200) {
    const rows = mails.slice(i, i + 200).map((m) => ({
      kind: m.kind,
      subscriber_id: m.subscriberId,
      reply_subscription_id: m.replySubscriptionId ?? null,
      to_address: m.to,
      dedupe_key: m.dedupeKey,
      message_id: messageIdFor(m.dedupeKey, baseUrl),
      subject: m.subject,
      text_body: m.text,
      html_body: m.html,
      headers: JSON.stringify(m.headers),
      status: 'waiting' as const,
      attempts: 0,
      next_attempt_at: now.toISOString(),
      claimed_by: null,
      claimed_until: null,
      sent_at: null,
      error: null,
      created_at: now.toISOString(),
    }));
    const result = await db
      .insertInto('mail_queue')
      .values(rows)
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .executeTakeFirst();
    queued += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return queued;
}

/** Claims up to `limit` due mails for `holder` until `leaseMs` from now, oldest first. */
export async function claimMail(
  db: Kysely<Database>,
  dialect: 'sqlite' | 'postgres',
  holder: string,
  limit: number,
  leaseMs: number,
  now: Date,
): Promise<QueuedMail[]> {
  const at = now.toISOString();
  const due = db
    .selectFrom('mail_queue')
    .select('id')
    .where('status', '=', 'waiting')
    .where('next_attempt_at', '<=', at)
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', at)]))
    .orderBy('id')
    .limit(limit)
    .$if(dialect === 'postgres', (q) => q.forUpdate().skipLocked());
  const rows = await db
    .updateTable('mail_queue')
    .set({ claimed_by: holder, claimed_until: new Date(now.getTime() + leaseMs).toISOString() })
    .where('id', 'in', due)
    .returningAll()
    .execute();
  return rows.sort((a, b) => a.id - b.id);
}

/** Settles a claimed mail; only the claim's holder can (a sender whose claim ran out cannot). */
export async function settleMail(
  db: Kysely<Database>,
  id: number,
  holder: string,
  change: {
    status: MailStatus;
    sentAt?: string;
    error?: string | null;
    attempts?: number;
    nextAttemptAt?: string;
  },
): Promise<boolean> {
  const result = await db
    .updateTable('mail_queue')
    .set({
      status: change.status,
      sent_at: change.sentAt ?? null,
      error: change.error ?? null,
      ...(change.attempts !== undefined ? { attempts: change.attempts } : {}),
      ...(change.nextAttemptAt ? { next_attempt_at: change.nextAttemptAt } : {}),
      claimed_by: null,
      claimed_until: null,
    })
    .where('id', '=', id)
    .where('claimed_by', '=', holder)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Cancels what still waits for a subscriber (they unsubscribed or were removed). */
export async function cancelWaitingMail(db: Db, subscriberId: number): Promise<void> {
  await db
    .updateTable('mail_queue')
    .set({ status: 'cancelled' })
    .where('subscriber_id', '=', subscriberId)
    .where('status', '=', 'waiting')
    .execute();
}

export async function queueCounts(db: Kysely<Database>): Promise<Record<MailStatus, number>> {
  const rows = await db
    .selectFrom('mail_queue')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();
  const counts: Record<MailStatus, number> = { waiting: 0, sent: 0, failed: 0, suppressed: 0, cancelled: 0 };
  for (const row of rows) counts[row.status] = Number(row.n);
  return counts;
}
