// Sign-in attempts are counted per account and per address in the `throttle` table, so every
// server process sharing the database sees the same counts. Each attempt is counted before its
// password is checked; a success takes its count back. Past the limit, sign-in is refused (429)
// without checking the password at all until the window ends, so guessing gains nothing.
import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { hitWindow } from '../limits/fixed-window.ts';
import type { Database } from '../storage/schema.ts';

export interface ThrottleRule {
  max: number;
  windowMs: number;
}

export const SIGN_IN_RULES = {
  /** Failures against one account, from anywhere. */
  account: { max: 5, windowMs: 15 * 60 * 1000 },
  /** Failures from one address, against any accounts. */
  address: { max: 20, windowMs: 15 * 60 * 1000 },
} satisfies Record<string, ThrottleRule>;

export interface SignInKeys {
  account: string;
  address: string;
}

/** Throttle keys for a sign-in attempt; the address is already a keyed hash (or null when unknown). */
export function signInKeys(email: string, addressHash: string | null): SignInKeys {
  const account = createHash('sha256').update(email.trim().toLowerCase()).digest('base64url').slice(0, 32);
  return { account: `signin:account:${account}`, address: `signin:address:${addressHash ?? 'unknown'}` };
}

/**
 * Counts this attempt before the password is checked, in one atomic upsert per key, and says how
 * many seconds to wait when either count is now over its limit (0: go ahead and verify). Counting
 * first is what makes the limit hold under parallel guesses: 100 at once get 100 distinct counts,
 * and only the first `max` are ever verified.
 */
export async function claimSignInAttempt(
  db: Kysely<Database>,
  keys: SignInKeys,
  now = new Date(),
  rules = SIGN_IN_RULES,
): Promise<number> {
  const account = await hitWindow(db, keys.account, rules.account.windowMs, now);
  const address = await hitWindow(db, keys.address, rules.address.windowMs, now);
  let wait = 0;
  for (const [count, rule] of [
    [account, rules.account],
    [address, rules.address],
  ] as const) {
    if (count.hits > rule.max) wait = Math.max(wait, 1, Math.ceil((count.endsAt - now.getTime()) / 1000));
  }
  return wait;
}

/** A successful sign-in forgets the account's attempts and takes its own off the address's count. */
export async function clearSignInFailures(db: Kysely<Database>, keys: SignInKeys): Promise<void> {
  await db.deleteFrom('throttle').where('key', '=', keys.account).execute();
  await db
    .updateTable('throttle')
    .set({ hits: sql<number>`hits - 1` })
    .where('key', '=', keys.address)
    .where('hits', '>', 0)
    .execute();
}
