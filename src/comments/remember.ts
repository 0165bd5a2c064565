// "Remember me" for commenters: the name and web site a reader asked the blog to remember, kept
// in a cookie on their own browser and filled into the comment form. Never the e-mail address:
// a cookie travels with every request and can be read by anyone using the browser.
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

export const COMMENTER_COOKIE = 'gloss_commenter';
const ONE_YEAR = 365 * 24 * 60 * 60;

export interface RememberedCommenter {
  author: string;
  url: string;
}

export function rememberedCommenter(c: Context): RememberedCommenter | undefined {
  const raw = getCookie(c, COMMENTER_COOKIE);
  if (!raw) return undefined;
  try {
    const value = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<RememberedCommenter>;
    if (typeof value.author !== 'string' || typeof value.url !== 'string') return undefined;
    return { author: value.author.slice(0, 100), url: value.url.slice(0, 500) };
  } catch {
    return undefined;
  }
}

/** After a comment is accepted: remember the name and site when asked, forget them when not. */
export function updateRememberedCommenter(
  c: Context,
  remember: boolean,
  who: RememberedCommenter,
  secure: boolean,
): void {
  if (!remember) {
    if (getCookie(c, COMMENTER_COOKIE) !== undefined)
      deleteCookie(c, COMMENTER_COOKIE, { path: '/', secure });
    return;
  }
  const value = Buffer.from(JSON.stringify({ author: who.author, url: who.url }), 'utf8').toString(
    'base64url',
  );
  setCookie(c, COMMENTER_COOKIE, value, {
    path: '/',
    httpOnly: true,
    sameSite: 'Lax',
    secure,
    maxAge: ONE_YEAR,
  });
}
