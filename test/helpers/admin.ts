// Signing in for tests that call the app in process: a real session row and its form token.
import { sessionCsrfToken } from '../../src/auth/csrf.ts';
import { createSession, SESSION_COOKIE } from '../../src/auth/sessions.ts';
import { createUser } from '../../src/auth/users.ts';
import type { Store } from '../../src/storage/db.ts';
import type { Role, User } from '../../src/storage/schema.ts';

export const ORIGIN = 'http://blog.test';
export const PASSWORD = 'a long enough password';

export interface SignedIn {
  user: User;
  cookie: string;
  csrf: string;
  /** Headers for a same-origin form POST carrying the session. */
  headers: Record<string, string>;
}

let counter = 0;

/** A new user of the role, signed in. */
export async function signedInAs(store: Store, role: Role, email?: string, now?: Date): Promise<SignedIn> {
  const user = await createUser(store.db, {
    email: email ?? `${role}${++counter}-${Date.now()}@example.org`,
    name: `${role[0]!.toUpperCase()}${role.slice(1)} ${counter}`,
    role,
    password: PASSWORD,
  });
  return sessionFor(store, user, now);
}

export async function sessionFor(store: Store, user: User, now?: Date): Promise<SignedIn> {
  const { token, session } = await createSession(store.db, user.id, {}, now);
  const cookie = `${SESSION_COOKIE}=${token}`;
  return { user, cookie, csrf: sessionCsrfToken(session), headers: { cookie, origin: ORIGIN } };
}

/** A form body with the session's CSRF token added. */
export function form(who: SignedIn | null, fields: Record<string, string | string[]> = {}): URLSearchParams {
  const body = new URLSearchParams();
  if (who) body.set('_csrf', who.csrf);
  for (const [name, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) body.append(name, v);
  }
  return body;
}
