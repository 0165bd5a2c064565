// Passwords are hashed with argon2id (memory-hard; @node-rs/argon2's defaults: 19 MiB, 2 passes).
// A password never leaves this module except as its hash, and is never logged.
import { onFirstUse } from '../lib/on-first-use.ts';

const argon2 = onFirstUse<typeof import('@node-rs/argon2')>('@node-rs/argon2');

/** argon2id; the const enum in @node-rs/argon2's types cannot be imported under isolatedModules. */
const ARGON2ID = 2;

export const MIN_PASSWORD_LENGTH = 10;
const MAX_PASSWORD_LENGTH = 1024;

export function hashPassword(password: string): Promise<string> {
  return argon2().hash(password, { algorithm: ARGON2ID });
}

export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (!stored || password.length > MAX_PASSWORD_LENGTH) {
    // Spend about the same time as a real check, so a missing account cannot be told by timing.
    await argon2().hash(password.slice(0, MAX_PASSWORD_LENGTH), { algorithm: ARGON2ID });
    return false;
  }
  try {
    return await argon2().verify(stored, password);
  } catch {
    return false;
  }
}

/** Why a new password is refused, or null when it is acceptable. */
export function passwordProblem(password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH)
    return `A password needs at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (password.length > MAX_PASSWORD_LENGTH) return 'That password is too long.';
  if (/^\s|\s$/.test(password)) return 'A password may not start or end with a space.';
  return null;
}
