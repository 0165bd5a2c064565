// Accounts: created by the owner-setup link, an invitation, or `gloss user add`. E-mail addresses
// are stored lower-cased and trimmed, and are the sign-in name.
import type { Kysely } from 'kysely';
import type { Database, Role, User } from '../storage/schema.ts';
import { hashPassword, passwordProblem } from './passwords.ts';
import { type Actor, assignableRoles, canManageUser, isRole } from './roles.ts';
import { revokeAllSessions } from './sessions.ts';

export class UserInputError extends Error {}

export interface NewUserInput {
  email: string;
  name: string;
  role: Role;
  /** null creates an account that cannot sign in until a password is set. */
  password: string | null;
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function emailProblem(email: string): string | null {
  const e = normalizeEmail(email);
  if (!e) return 'An e-mail address is needed.';
  if (e.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e))
    return `"${email.trim()}" is not an e-mail address.`;
  return null;
}

export async function createUser(db: Kysely<Database>, input: NewUserInput, now = new Date()): Promise<User> {
  const email = normalizeEmail(input.email);
  const name = input.name.trim();
  const problem =
    emailProblem(email) ??
    (name ? null : 'A name is needed.') ??
    (isRole(input.role) ? null : `Unknown role "${input.role}".`) ??
    (input.password === null ? null : passwordProblem(input.password));
  if (problem) throw new UserInputError(problem);
  if (await findByEmail(db, email)) throw new UserInputError(`There is already an account for ${email}.`);
  const at = now.toISOString();
  return db
    .insertInto('users')
    .values({
      email,
      name,
      role: input.role,
      password_hash: input.password === null ? null : await hashPassword(input.password),
      active: 1,
      profile_url: null,
      external_id: null,
      created_at: at,
      updated_at: at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function findByEmail(db: Kysely<Database>, email: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', normalizeEmail(email)).executeTakeFirst();
}

/** The blog's owner: the first active owner account (the one `gloss import text` credits by default). */
export function findOwner(db: Kysely<Database>): Promise<User | undefined> {
  return db
    .selectFrom('users')
    .selectAll()
    .where('role', '=', 'owner')
    .where('active', '=', 1)
    .orderBy('id')
    .executeTakeFirst();
}

export function findUser(db: Kysely<Database>, id: number): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Accounts that can sign in (imported authors without an address are not listed). */
export function listUsers(db: Kysely<Database>): Promise<User[]> {
  return db
    .selectFrom('users')
    .selectAll()
    .where('email', 'is not', null)
    .orderBy('active', 'desc')
    .orderBy('name')
    .execute();
}

export async function setPassword(db: Kysely<Database>, id: number, password: string, now = new Date()) {
  const problem = passwordProblem(password);
  if (problem) throw new UserInputError(problem);
  await db
    .updateTable('users')
    .set({ password_hash: await hashPassword(password), updated_at: now.toISOString() })
    .where('id', '=', id)
    .execute();
}

export async function changeRole(db: Kysely<Database>, actor: Actor, targetId: number, role: Role) {
  const target = await findUser(db, targetId);
  if (!target) throw new UserInputError('There is no such account.');
  if (!canManageUser(actor, target)) throw new UserInputError('You may not change this account.');
  if (!assignableRoles(actor).includes(role))
    throw new UserInputError(`You may not give the role "${role}".`);
  await db
    .updateTable('users')
    .set({ role, updated_at: new Date().toISOString() })
    .where('id', '=', targetId)
    .execute();
}

/** Deactivating signs the account out everywhere; its posts keep their author. */
export async function setActive(db: Kysely<Database>, actor: Actor, targetId: number, active: boolean) {
  const target = await findUser(db, targetId);
  if (!target) throw new UserInputError('There is no such account.');
  if (!canManageUser(actor, target)) throw new UserInputError('You may not change this account.');
  await db
    .updateTable('users')
    .set({ active: active ? 1 : 0, updated_at: new Date().toISOString() })
    .where('id', '=', targetId)
    .execute();
  if (!active) await revokeAllSessions(db, targetId);
}
