// Addresses never mailed again: a permanent rejection, a bounce, a complaint, soft bounces that
// did not stop. Suppressing also cancels what waits for the address.
import type { Kysely } from 'kysely';
import type { Database } from '../storage/schema.ts';

export type SuppressionReason = 'rejected' | 'bounce' | 'complaint' | 'soft-bounce' | 'removed';

export async function isSuppressed(db: Kysely<Database>, email: string): Promise<boolean> {
  const row = await db
    .selectFrom('mail_suppressions')
    .select('email')
    .where('email', '=', email)
    .executeTakeFirst();
  return row !== undefined;
}

export async function suppressAddress(
  db: Kysely<Database>,
  email: string,
  reason: SuppressionReason,
  detail: string | null,
  now: Date,
): Promise<void> {
  const address = email.trim().toLowerCase();
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('mail_suppressions')
      .values({
        email: address,
        reason,
        detail: detail?.slice(0, 500) ?? null,
        created_at: now.toISOString(),
      })
      .onConflict((oc) => oc.column('email').doNothing())
      .execute();
    await trx
      .updateTable('mail_queue')
      .set({ status: 'suppressed' })
      .where('to_address', '=', address)
      .where('status', '=', 'waiting')
      .execute();
  });
}

/** The latest suppressed addresses, newest first, for the editor's list. */
export async function latestSuppressions(db: Kysely<Database>, limit = 50) {
  return db
    .selectFrom('mail_suppressions')
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('email')
    .limit(limit)
    .execute();
}
