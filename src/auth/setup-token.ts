// The one-time link that creates the owner account. There is no default password, ever: until an
// owner exists, each start makes a fresh token (only its hash is stored) and prints the link.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { getSetting, putSetting } from '../settings/settings.ts';
import type { Database } from '../storage/schema.ts';

const KEY = 'owner_setup';
const LIFETIME_MS = 24 * 60 * 60 * 1000;

interface StoredSetup {
  hash: string;
  expiresAt: string;
}

export async function hasOwner(db: Kysely<Database>): Promise<boolean> {
  const row = await db
    .selectFrom('users')
    .select('id')
    .where('role', '=', 'owner')
    .limit(1)
    .executeTakeFirst();
  return Boolean(row);
}

/** A fresh setup token when no owner exists yet; null once one does. */
export async function issueSetupToken(db: Kysely<Database>, now = new Date()): Promise<string | null> {
  if (await hasOwner(db)) return null;
  const token = randomBytes(24).toString('base64url');
  const stored: StoredSetup = {
    hash: hash(token),
    expiresAt: new Date(now.getTime() + LIFETIME_MS).toISOString(),
  };
  await putSetting(db, KEY, stored);
  return token;
}

/** Whether the token is the current, unexpired one (and no owner exists yet). */
export async function checkSetupToken(
  db: Kysely<Database>,
  token: string,
  now = new Date(),
): Promise<boolean> {
  const stored = await getSetting<StoredSetup>(db, KEY);
  if (!stored || Date.parse(stored.expiresAt) < now.getTime() || (await hasOwner(db))) return false;
  const a = Buffer.from(hash(token));
  const b = Buffer.from(stored.hash);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Spends the token if it is still the current one: a conditional delete, so of several parallel
 * uses exactly one gets true. `undo` puts it back (the owner's form was refused: try again).
 */
export async function claimSetupToken(
  db: Kysely<Database>,
  token: string,
  now = new Date(),
): Promise<{ undo: () => Promise<void> } | null> {
  if (!(await checkSetupToken(db, token, now))) return null;
  const row = await db.selectFrom('settings').select('value').where('key', '=', KEY).executeTakeFirst();
  if (!row) return null;
  const spent = await db
    .deleteFrom('settings')
    .where('key', '=', KEY)
    .where('value', '=', row.value)
    .executeTakeFirst();
  if (Number(spent.numDeletedRows) !== 1) return null;
  return {
    undo: async () => {
      await db
        .insertInto('settings')
        .values({ key: KEY, value: row.value })
        .onConflict((oc) => oc.column('key').doNothing())
        .execute();
    },
  };
}

function hash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
