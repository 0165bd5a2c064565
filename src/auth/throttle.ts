// Failed sign-ins are counted per account and per address in the `throttle` table, so every
// server process sharing the database sees the same counts. Past the limit, sign-in is refused
// (429) without checking the password at all until the window ends, so guessing gains nothing.
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
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

/** Seconds to wait when either key is over its limit; 0 when sign-in may be tried. */
export async function signInRetryAfter(
  db: Kysely<Database>,
  keys: SignInKeys,
  now = new Date(),
  rules = SIGN_IN_RULES,
): Promise<number> {
  const rows = await db
    .selectFrom('throttle')
    .selectAll()
    .where('key', 'in', [keys.account, keys.address])
    .execute();
  let wait = 0;
  for (const row of rows) {
    const rule = row.key === keys.account ? rules.account : rules.address;
    const ends = Date.parse(row.window_start) + rule.windowMs;
    if (row.hits >= rule.max && ends > now.getTime()) {
      wait = Math.max(wait, Math.ceil((ends - now.getTime()) / 1000));
    }
  }
  return wait;
}

export async function recordSignInFailure(
  db: Kysely<Database>,
  keys: SignInKeys,
  now = new Date(),
  rules = SIGN_IN_RULES,
): Promise<void> {
  await hitWindow(db, keys.account, rules.account.windowMs, now);
  await hitWindow(db, keys.address, rules.address.windowMs, now);
}

/** A successful sign-in forgets the account's failures (the address's count stays). */
export async function clearSignInFailures(db: Kysely<Database>, keys: SignInKeys): Promise<void> {
  await db.deleteFrom('throttle').where('key', '=', keys.account).execute();
}
