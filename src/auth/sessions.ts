// Sessions live in the database so every server process shares them. The cookie holds a random
// token; the table holds only its SHA-256, so a copy of the database cannot sign anyone in.
// A session ends after IDLE_MS without use, or ABSOLUTE_MS after sign-in, whichever is first.
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { Database, SessionsTable, User } from '../storage/schema.ts';

export const SESSION_COOKIE = 'gloss_session';
export const IDLE_MS = 14 * 24 * 60 * 60 * 1000;
export const ABSOLUTE_MS = 60 * 24 * 60 * 60 * 1000;
/** last_seen_at is written at most this often, not on every request. */
const TOUCH_MS = 5 * 60 * 1000;

export type Session = Selectable<SessionsTable>;

export interface SessionMeta {
  ipHash?: string | null;
  userAgent?: string | null;
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A new session for the user; returns the cookie token (shown to nobody else, stored nowhere). */
export async function createSession(
  db: Kysely<Database>,
  userId: number,
  meta: SessionMeta = {},
  now = new Date(),
): Promise<{ token: string; session: Session }> {
  const token = randomBytes(32).toString('base64url');
  const session: Session = {
    id: tokenHash(token),
    user_id: userId,
    csrf_secret: randomBytes(32).toString('base64url'),
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + IDLE_MS).toISOString(),
    last_seen_at: now.toISOString(),
    ip_hash: meta.ipHash ?? null,
    user_agent: meta.userAgent?.slice(0, 300) ?? null,
  };
  await db.insertInto('sessions').values(session).execute();
  return { token, session };
}

/**
 * Signing in always makes a new session (the token a visitor held before is revoked), so a token
 * planted before sign-in (session fixation) is worth nothing after it.
 */
export async function rotateSession(
  db: Kysely<Database>,
  previousToken: string | undefined,
  userId: number,
  meta: SessionMeta = {},
  now = new Date(),
) {
  if (previousToken) await revokeSession(db, tokenHash(previousToken));
  return createSession(db, userId, meta, now);
}

/** The live session and its active user for a cookie token, extending it on use. */
export async function findSession(
  db: Kysely<Database>,
  token: string | undefined,
  now = new Date(),
): Promise<{ session: Session; user: User } | undefined> {
  if (!token || token.length > 200) return undefined;
  const id = tokenHash(token);
  const session = await db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!session || Date.parse(session.expires_at) <= now.getTime()) return undefined;
  const user = await db
    .selectFrom('users')
    .selectAll()
    .where('id', '=', session.user_id)
    .where('active', '=', 1)
    .executeTakeFirst();
  if (!user) return undefined;
  if (now.getTime() - Date.parse(session.last_seen_at) > TOUCH_MS) {
    const cap = Date.parse(session.created_at) + ABSOLUTE_MS;
    session.last_seen_at = now.toISOString();
    session.expires_at = new Date(Math.min(cap, now.getTime() + IDLE_MS)).toISOString();
    await db
      .updateTable('sessions')
      .set({ last_seen_at: session.last_seen_at, expires_at: session.expires_at })
      .where('id', '=', id)
      .execute();
  }
  return { session, user };
}

export async function revokeSession(db: Kysely<Database>, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

/** Signs a user out everywhere (but the session named in `except`, when given). */
export async function revokeAllSessions(db: Kysely<Database>, userId: number, except?: string) {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (except) q = q.where('id', '!=', except);
  const result = await q.executeTakeFirst();
  return Number(result.numDeletedRows);
}

export function listSessions(db: Kysely<Database>, userId: number, now = new Date()): Promise<Session[]> {
  return db
    .selectFrom('sessions')
    .selectAll()
    .where('user_id', '=', userId)
    .where('expires_at', '>', now.toISOString())
    .orderBy('last_seen_at', 'desc')
    .execute();
}

export async function purgeExpiredSessions(db: Kysely<Database>, now = new Date()): Promise<number> {
  const result = await db
    .deleteFrom('sessions')
    .where('expires_at', '<=', now.toISOString())
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** When each user was last seen, by the most recent use of any of their sessions. */
export async function lastSeenByUser(db: Kysely<Database>): Promise<Map<number, string>> {
  const rows = await db
    .selectFrom('sessions')
    .select(['user_id', (eb) => eb.fn.max('last_seen_at').as('seen')])
    .groupBy('user_id')
    .execute();
  return new Map(rows.map((r) => [r.user_id, String(r.seen)]));
}
