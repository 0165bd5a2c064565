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

/** Spends the token: the link works once. */
export async function consumeSetupToken(db: Kysely<Database>): Promise<void> {
  await db.deleteFrom('settings').where('key', '=', KEY).execute();
}

function hash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
