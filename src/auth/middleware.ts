// The gate in front of /admin: who is signed in (authContext), whether a state-changing request
// may proceed (csrfProtection), and whether this user may see this page (requireUser).
// Mounted by src/admin/routes.tsx; other domains' admin pages get all three by being mounted there.
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppDeps } from '../app-deps.ts';
import { clientAddress, hashAddress, rateLimitSubject } from '../limits/client-address.ts';
import { readSettings, serverSecret } from '../settings/settings.ts';
import type { Role, User } from '../storage/schema.ts';
import {
  CSRF_FIELD,
  CSRF_HEADER,
  newPreSessionNonce,
  PRE_SESSION_COOKIE,
  preSessionCsrfToken,
  sameOrigin,
  sessionCsrfToken,
  tokensMatch,
} from './csrf.ts';
import { ABSOLUTE_MS, findSession, SESSION_COOKIE, type Session, type SessionMeta } from './sessions.ts';
import { renderSignInPage } from './views/SignInPage.tsx';

export interface AdminVariables {
  /** The signed-in user, or null (only the sign-in, setup and invitation pages see null). */
  user: User | null;
  session: Session | null;
  /** The CSRF token this request's forms must carry: render it with <CsrfField token={…} />. */
  csrf: string;
  /** The pre-session form token (from the gloss_pre cookie), accepted on the sign-in forms only. */
  preCsrf: string;
}

export type AdminEnv = { Variables: AdminVariables };

/** Paths (under /admin) reachable without a session. Everything else requires one. */
export const PUBLIC_ADMIN_PATHS = [
  /^\/admin\/login\/?$/,
  /^\/admin\/setup\/?$/,
  /^\/admin\/invite\/[^/]+\/?$/,
];

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Loads the session named by the cookie; gives visitors without one a pre-session form token. */
export function authContext(deps: AppDeps): MiddlewareHandler<AdminEnv> {
  return async (c, next) => {
    c.header('cache-control', 'no-store');
    const found = await findSession(deps.store.db, getCookie(c, SESSION_COOKIE), deps.now());
    if (found) {
      c.set('user', found.user);
      c.set('session', found.session);
      c.set('csrf', sessionCsrfToken(found.session));
    } else {
      c.set('user', null);
      c.set('session', null);
    }
    // The sign-in forms' token, bound to a cookie of its own (a visitor has no session yet).
    let nonce = getCookie(c, PRE_SESSION_COOKIE);
    if (!found && (!nonce || nonce.length > 64)) {
      nonce = newPreSessionNonce();
      setCookie(c, PRE_SESSION_COOKIE, nonce, cookieOptions(c, deps, 2 * 60 * 60));
    }
    const pre =
      nonce && nonce.length <= 64 ? preSessionCsrfToken(await serverSecret(deps.store.db), nonce) : '';
    c.set('preCsrf', pre);
    if (!found) c.set('csrf', pre);
    await next();
  };
}

/**
 * Every state-changing request must come from our own origin and carry this request's token.
 * Requests without a session go on to requireUser (401), except the public forms, whose token is
 * checked here against the pre-session cookie.
 */
export function csrfProtection(deps: AppDeps): MiddlewareHandler<AdminEnv> {
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method)) return next();
    const origins = [new URL(c.req.url).origin];
    if (deps.config.baseUrl) origins.push(new URL(deps.config.baseUrl).origin);
    if (!sameOrigin({ origin: c.req.header('origin'), referer: c.req.header('referer') }, origins)) {
      return forbidden(c, 'This request did not come from a page of this site.');
    }
    const isPublic = PUBLIC_ADMIN_PATHS.some((re) => re.test(c.req.path));
    if (!isPublic && !c.get('session')) return next();
    const given = c.req.header(CSRF_HEADER) ?? (await formField(c, CSRF_FIELD));
    // A sign-in form loaded before a session began in another tab still carries the visitor's token.
    const accepted = tokensMatch(c.get('csrf'), given) || (isPublic && tokensMatch(c.get('preCsrf'), given));
    if (!accepted) {
      return forbidden(
        c,
        'This form has expired or was not sent by this site. Reload the page and try again.',
      );
    }
    return next();
  };
}

/**
 * Requires a signed-in user, and when roles are given, one of them (the owner passes every check).
 * Without a session: GET goes to the sign-in page and comes back; a form POST gets the sign-in page
 * with the posted fields kept (401), which re-submits them after sign-in; scripts get 401 JSON.
 */
export function requireUser(...roles: Role[]): MiddlewareHandler<AdminEnv> {
  return async (c, next) => {
    const user = c.get('user');
    if (!user) {
      const here = c.req.path + (new URL(c.req.url).search || '');
      if (c.req.method === 'GET' || c.req.method === 'HEAD') return c.redirect(loginUrl(here), 302);
      if (wantsJson(c)) return c.json({ error: 'signed-out', message: 'Your session has ended.' }, 401);
      const kept = await keptFields(c);
      return c.html(
        renderSignInPage({
          csrf: c.get('csrf'),
          next: here,
          resubmit: kept.length ? { action: c.req.path, fields: kept } : undefined,
          message: 'Your session has ended. Sign in again: what you sent is kept and will be sent again.',
        }),
        401,
      );
    }
    if (roles.length && user.role !== 'owner' && !roles.includes(user.role)) {
      return forbidden(c, 'Your role does not allow this page.');
    }
    return next();
  };
}

/** The signed-in user of a request that passed requireUser. */
export function viewer(c: Context<AdminEnv>): User {
  const user = c.get('user');
  if (!user) throw new Error('viewer() called on a request without a session');
  return user;
}

export function loginUrl(next?: string): string {
  return next && next !== '/admin' && next !== '/admin/'
    ? `/admin/login?next=${encodeURIComponent(next)}`
    : '/admin/login';
}

/** A local admin path to return to after sign-in, or the dashboard. */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || !/^\/admin(\/|$|\?)/.test(next) || /[\\\s]/.test(next)) return '/admin';
  return next;
}

export function setSessionCookie(c: Context, deps: AppDeps, token: string): void {
  setCookie(c, SESSION_COOKIE, token, cookieOptions(c, deps, ABSOLUTE_MS / 1000));
}

export function clearSessionCookie(c: Context, deps: AppDeps): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: isSecure(c, deps) });
  // Sessions opened before the cookie moved to Path=/ (staff comment on public pages with it).
  deleteCookie(c, SESSION_COOKIE, { path: '/admin', secure: isSecure(c, deps) });
}

/** Over HTTPS (directly, or behind a proxy whose public address is https) cookies are Secure. */
export function isSecure(c: Context, deps: AppDeps): boolean {
  return new URL(c.req.url).protocol === 'https:' || Boolean(deps.config.baseUrl?.startsWith('https:'));
}

function cookieOptions(c: Context, deps: AppDeps, maxAge: number) {
  return {
    // The whole site: public pages know a signed-in editor (never cached for them), and staff
    // comment as themselves.
    path: '/',
    httpOnly: true,
    sameSite: 'Lax' as const,
    secure: isSecure(c, deps),
    maxAge: Math.floor(maxAge),
  };
}

/** What a session records about where it was opened: a keyed hash of the address, the browser. */
export async function sessionMeta(c: Context, deps: AppDeps): Promise<SessionMeta> {
  return { ipHash: await addressHash(c, deps), userAgent: c.req.header('user-agent') ?? null };
}

/** A keyed hash of the client's address (X-Forwarded-For's last entry only behind a proxy). */
export async function addressHash(c: Context, deps: AppDeps): Promise<string | null> {
  const address = clientAddress(c, (await readSettings(deps.store.db)).behindProxy);
  return address ? hashAddress(await serverSecret(deps.store.db), address) : null;
}

/** What the sign-in limit counts per address: an IPv4 address or an IPv6 /64, as a keyed hash. */
export async function throttleSubjectHash(c: Context, deps: AppDeps): Promise<string | null> {
  const address = clientAddress(c, (await readSettings(deps.store.db)).behindProxy);
  return address ? hashAddress(await serverSecret(deps.store.db), rateLimitSubject(address)) : null;
}

function forbidden(c: Context, message: string) {
  if (wantsJson(c)) return c.json({ error: 'forbidden', message }, 403);
  return c.html(renderSignInPage({ csrf: '', message, title: 'Not allowed', forbidden: true }), 403);
}

function wantsJson(c: Context): boolean {
  return (
    (c.req.header('accept') ?? '').includes('application/json') ||
    (c.req.header('content-type') ?? '').includes('application/json')
  );
}

async function formField(c: Context, name: string): Promise<string | undefined> {
  const type = c.req.header('content-type') ?? '';
  if (!/multipart\/form-data|application\/x-www-form-urlencoded/.test(type)) return undefined;
  const form = await c.req.parseBody({ all: true });
  const value = form[name];
  return typeof value === 'string' ? value : undefined;
}

/** The text fields of a form post, kept through the sign-in round trip (files cannot be kept). */
async function keptFields(c: Context): Promise<[string, string][]> {
  const type = c.req.header('content-type') ?? '';
  if (!/multipart\/form-data|application\/x-www-form-urlencoded/.test(type)) return [];
  const form = await c.req.parseBody({ all: true });
  const kept: [string, string][] = [];
  for (const [name, value] of Object.entries(form)) {
    if (name === CSRF_FIELD) continue;
    for (const v of Array.isArray(value) ? value : [value]) if (typeof v === 'string') kept.push([name, v]);
  }
  return kept;
}
