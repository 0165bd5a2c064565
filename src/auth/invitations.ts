// Invitations: an owner or admin names a person and a role; Gloss makes a one-time link (only its
// hash is stored) that lets that person choose a password. Links last a week and work once.
import { randomBytes } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { Database, InvitationsTable, Role, User } from '../storage/schema.ts';
import { type Actor, assignableRoles, canManageUser } from './roles.ts';
import { revokeAllSessions, tokenHash } from './sessions.ts';
import {
  createUser,
  emailProblem,
  findByEmail,
  findUser,
  normalizeEmail,
  setPassword,
  UserInputError,
} from './users.ts';

export type Invitation = Selectable<InvitationsTable>;

export const INVITATION_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;
export const RESET_LIFETIME_MS = 24 * 60 * 60 * 1000;

export async function createInvitation(
  db: Kysely<Database>,
  actor: Actor,
  input: { email: string; name: string; role: Role },
  now = new Date(),
): Promise<{ token: string; invitation: Invitation }> {
  if (!assignableRoles(actor).includes(input.role))
    throw new UserInputError(`You may not invite someone as "${input.role}".`);
  const problem = emailProblem(input.email) ?? (input.name.trim() ? null : 'A name is needed.');
  if (problem) throw new UserInputError(problem);
  const email = normalizeEmail(input.email);
  if (await findByEmail(db, email)) throw new UserInputError(`There is already an account for ${email}.`);
  const token = randomBytes(24).toString('base64url');
  const invitation = await db
    .insertInto('invitations')
    .values({
      token_hash: tokenHash(token),
      email,
      name: input.name.trim(),
      role: input.role,
      invited_by: actor.id,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + INVITATION_LIFETIME_MS).toISOString(),
      used_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { token, invitation };
}

/** A one-time link that lets an existing account choose a new password (its sessions end then). */
export async function createPasswordReset(
  db: Kysely<Database>,
  actor: Actor,
  userId: number,
  now = new Date(),
): Promise<{ token: string; invitation: Invitation }> {
  const target = await findUser(db, userId);
  if (!target?.email) throw new UserInputError('There is no such account.');
  if (!canManageUser(actor, target)) throw new UserInputError('You may not change this account.');
  const token = randomBytes(24).toString('base64url');
  const invitation = await db
    .insertInto('invitations')
    .values({
      token_hash: tokenHash(token),
      email: target.email,
      name: target.name,
      role: target.role,
      invited_by: actor.id,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + RESET_LIFETIME_MS).toISOString(),
      used_at: null,
      purpose: 'reset',
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { token, invitation };
}

/** The open invitation a link names, or undefined when unknown, used or expired. */
export function findInvitation(db: Kysely<Database>, token: string, now = new Date()) {
  return db
    .selectFrom('invitations')
    .selectAll()
    .where('token_hash', '=', tokenHash(token))
    .where('used_at', 'is', null)
    .where('expires_at', '>', now.toISOString())
    .executeTakeFirst();
}

/** Spends the invitation: creates its account, or sets the account's new password. */
export async function acceptInvitation(
  db: Kysely<Database>,
  token: string,
  input: { name: string; password: string },
  now = new Date(),
): Promise<User> {
  const invitation = await findInvitation(db, token, now);
  if (!invitation) throw new UserInputError('This invitation has been used or has expired.');
  const spent = await db
    .updateTable('invitations')
    .set({ used_at: now.toISOString() })
    .where('id', '=', invitation.id)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  if (Number(spent.numUpdatedRows) !== 1) throw new UserInputError('This invitation has already been used.');
  try {
    if (invitation.purpose === 'reset') {
      const user = await findByEmail(db, invitation.email);
      if (!user?.active) throw new UserInputError('This account no longer exists or is deactivated.');
      await setPassword(db, user.id, input.password, now);
      await revokeAllSessions(db, user.id);
      return user;
    }
    return await createUser(
      db,
      {
        email: invitation.email,
        name: input.name || invitation.name,
        role: invitation.role,
        password: input.password,
      },
      now,
    );
  } catch (err) {
    // A refused password leaves the link usable.
    await db.updateTable('invitations').set({ used_at: null }).where('id', '=', invitation.id).execute();
    throw err;
  }
}

export function openInvitations(db: Kysely<Database>, now = new Date()) {
  return db
    .selectFrom('invitations')
    .selectAll()
    .where('purpose', '=', 'invite')
    .where('used_at', 'is', null)
    .where('expires_at', '>', now.toISOString())
    .orderBy('created_at', 'desc')
    .execute();
}

export async function revokeInvitation(db: Kysely<Database>, id: number): Promise<void> {
  await db.deleteFrom('invitations').where('id', '=', id).execute();
}
