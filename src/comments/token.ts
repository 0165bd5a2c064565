// The comment form's signed, timed token: which post the form was shown for and when, signed with
// the server secret. No session is needed, and a page cached for minutes keeps a valid form.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Forms older than this are still taken, but held for moderation. */
export const TOKEN_MAX_AGE_SECONDS = 24 * 60 * 60;

export type TokenCheck =
  | { ok: true; ageSeconds: number }
  | { ok: false; reason: 'malformed' | 'forged' | 'other-post' };

export function signFormToken(secret: string, postId: number, issuedAt: Date): string {
  const issued = Math.floor(issuedAt.getTime() / 1000);
  return `${postId}.${issued}.${signature(secret, postId, issued)}`;
}

export function checkFormToken(secret: string, token: string, postId: number, now: Date): TokenCheck {
  const match = /^(\d{1,12})\.(\d{1,12})\.([A-Za-z0-9_-]{22})$/.exec(token.trim());
  if (!match) return { ok: false, reason: 'malformed' };
  const tokenPost = Number(match[1]);
  const issued = Number(match[2]);
  const expected = Buffer.from(signature(secret, tokenPost, issued));
  const given = Buffer.from(match[3]!);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return { ok: false, reason: 'forged' };
  }
  if (tokenPost !== postId) return { ok: false, reason: 'other-post' };
  return { ok: true, ageSeconds: Math.floor(now.getTime() / 1000) - issued };
}

function signature(secret: string, postId: number, issued: number): string {
  return createHmac('sha256', secret)
    .update(`comment-form:${postId}:${issued}`)
    .digest('base64url')
    .slice(0, 22);
}
