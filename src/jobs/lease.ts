// Leases: a named job that must run in one process at a time, across every process and machine
// sharing the database (a scheduled sweep, a mail sender, a feed poller). A process holds the
// lease while it renews it; when it stops renewing (it crashed, or its machine went away), another
// takes the lease once it has expired. One upsert decides, so two processes never both hold it.
import type { Kysely } from 'kysely';
import type { Database } from '../storage/schema.ts';

/** Takes or renews the lease for `ttlMs` from now; false while another holder's lease runs. */
export async function tryLease(
  db: Kysely<Database>,
  name: string,
  holder: string,
  ttlMs: number,
  now: Date,
): Promise<boolean> {
  const at = now.toISOString();
  const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
  const row = await db
    .insertInto('job_leases')
    .values({ name, holder, expires_at: expiresAt })
    .onConflict((oc) =>
      oc
        .column('name')
        .doUpdateSet({ holder, expires_at: expiresAt })
        .where((eb) => eb.or([eb('job_leases.holder', '=', holder), eb('job_leases.expires_at', '<=', at)])),
    )
    .returning('holder')
    .executeTakeFirst();
  return row?.holder === holder;
}

/** Gives the lease up at once (a clean shutdown), so another process need not wait for it. */
export async function releaseLease(db: Kysely<Database>, name: string, holder: string): Promise<void> {
  await db.deleteFrom('job_leases').where('name', '=', name).where('holder', '=', holder).execute();
}

/** Who holds the lease now, if anyone (for the admin's health pages and for tests). */
export async function leaseHolder(db: Kysely<Database>, name: string, now: Date): Promise<string | null> {
  const row = await db
    .selectFrom('job_leases')
    .select(['holder', 'expires_at'])
    .where('name', '=', name)
    .executeTakeFirst();
  return row && row.expires_at > now.toISOString() ? row.holder : null;
}
