// Cross-site request forgery defence for everything under /admin that changes state. Two checks,
// both required: the request's Origin (or, without one, its Referer) is this site, and the form
// carries a token bound to the session (field `_csrf`, or header `X-CSRF-Token` for scripts).
// Before sign-in there is no session: the sign-in, setup and invitation forms carry a token bound
// to a random cookie instead (a signed double-submit), so a forged sign-in fails too.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';
export const PRE_SESSION_COOKIE = 'gloss_pre';

/** The token forms of a signed-in session carry. */
export function sessionCsrfToken(session: { csrf_secret: string }): string {
  return createHmac('sha256', session.csrf_secret).update('gloss-admin-form').digest('base64url');
}

export function newPreSessionNonce(): string {
  return randomBytes(24).toString('base64url');
}

/** The token the sign-in forms carry, bound to the visitor's pre-session cookie. */
export function preSessionCsrfToken(serverSecret: string, nonce: string): string {
  return createHmac('sha256', serverSecret).update(`gloss-pre-session:${nonce}`).digest('base64url');
}

export function tokensMatch(expected: string, given: unknown): boolean {
  if (typeof given !== 'string' || given.length === 0) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Whether a state-changing request comes from one of our own pages: its Origin header, or when a
 * browser sends none, its Referer, names one of the allowed origins. Neither present: refused.
 */
export function sameOrigin(headers: { origin?: string; referer?: string }, allowed: string[]): boolean {
  const claimed = headers.origin ?? originOf(headers.referer);
  return Boolean(claimed) && claimed !== 'null' && allowed.includes(claimed!);
}

function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}
