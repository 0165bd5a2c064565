// Signing in and out, the owner-setup link and invitation links: the only /admin pages reachable
// without a session (src/auth/middleware.ts, PUBLIC_ADMIN_PATHS). Mounted by src/admin/routes.tsx.
import { type Context, Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AppDeps } from '../app-deps.ts';
import { readSettings, writeSettings } from '../settings/settings.ts';
import type { User } from '../storage/schema.ts';
import { sessionCsrfToken } from './csrf.ts';
import { acceptInvitation, findInvitation } from './invitations.ts';
import {
  type AdminEnv,
  clearSessionCookie,
  requireUser,
  safeNext,
  sessionMeta,
  setSessionCookie,
  throttleSubjectHash,
  viewer,
} from './middleware.ts';
import { verifyPassword } from './passwords.ts';
import { revokeAllSessions, revokeSession, rotateSession, SESSION_COOKIE } from './sessions.ts';
import { checkSetupToken, claimSetupToken } from './setup-token.ts';
import { claimSignInAttempt, clearSignInFailures, signInKeys } from './throttle.ts';
import { createUser, findByEmail, UserInputError } from './users.ts';
import { AccountForm, LinkProblemPage } from './views/SetupPage.tsx';
import { type Resubmit, ResubmitPage, SignInPage } from './views/SignInPage.tsx';

export function authRoutes(deps: AppDeps) {
  const { db } = deps.store;
  const app = new Hono<AdminEnv>();

  app.get('/login', (c) => {
    const next = c.req.query('next');
    if (c.get('user')) return c.redirect(safeNext(next), 302);
    const message =
      c.req.query('signed-out') !== undefined
        ? 'You are signed out.'
        : next
          ? 'Sign in to continue.'
          : undefined;
    return c.html(<SignInPage csrf={c.get('csrf')} next={next} message={message} />);
  });

  app.post('/login', async (c) => {
    const form = await c.req.parseBody({ all: true });
    const email = text(form.email).trim();
    const password = text(form.password);
    const next = text(form.next) || undefined;
    const resubmit = parseResubmit(text(form.resubmit));
    const again = (error: string, status: 401 | 429) =>
      c.html(
        <SignInPage csrf={c.get('csrf')} next={next} email={email} error={error} resubmit={resubmit} />,
        status,
      );

    const keys = signInKeys(email, await throttleSubjectHash(c, deps));
    const wait = await claimSignInAttempt(db, keys, deps.now());
    if (wait > 0) {
      c.header('retry-after', String(wait));
      return again(
        `Too many failed sign-ins. Try again in ${Math.ceil(wait / 60)} minute${wait > 60 ? 's' : ''}.`,
        429,
      );
    }
    const user = email ? await findByEmail(db, email) : undefined;
    const ok = await verifyPassword(user?.active ? user.password_hash : null, password);
    if (!user || !ok) {
      return again('That e-mail address and password do not match an active account.', 401);
    }
    await clearSignInFailures(db, keys);
    await signIn(c, user);
    if (resubmit) return c.html(<ResubmitPage csrf={c.get('csrf')} resubmit={resubmit} />);
    return c.redirect(safeNext(next), 303);
  });

  app.post('/logout', requireUser(), async (c) => {
    await revokeSession(db, c.get('session')!.id);
    clearSessionCookie(c, deps);
    return c.redirect('/admin/login?signed-out', 303);
  });

  app.post('/logout-everywhere', requireUser(), async (c) => {
    await revokeAllSessions(db, viewer(c).id);
    clearSessionCookie(c, deps);
    return c.redirect('/admin/login?signed-out', 303);
  });

  app.get('/setup', async (c) => {
    const token = c.req.query('token') ?? '';
    if (!(await checkSetupToken(db, token, deps.now()))) return setupGone(c);
    return c.html(setupForm(c, token));
  });

  app.post('/setup', async (c) => {
    const token = c.req.query('token') ?? '';
    if (!(await checkSetupToken(db, token, deps.now()))) return setupGone(c);
    const form = await c.req.parseBody();
    const fields = { name: text(form.name), email: text(form.email) };
    const problem = mismatch(form);
    if (problem) return c.html(setupForm(c, token, fields, problem), 400);
    const claim = await claimSetupToken(db, token, deps.now());
    if (!claim) return setupGone(c);
    try {
      const user = await createUser(
        db,
        { ...fields, role: 'owner', password: text(form.password) },
        deps.now(),
      );
      // The address the owner set the blog up at is its public one until they change it.
      if (!deps.config.baseUrl && !(await readSettings(db)).publicAddress) {
        await writeSettings(db, { publicAddress: new URL(c.req.url).origin });
      }
      await signIn(c, user);
    } catch (err) {
      await claim.undo();
      if (err instanceof UserInputError) return c.html(setupForm(c, token, fields, err.message), 400);
      throw err;
    }
    return c.redirect('/admin?welcome', 303);
  });

  app.get('/invite/:token', async (c) => {
    const invitation = await findInvitation(db, c.req.param('token'), deps.now());
    if (!invitation) return inviteGone(c);
    return c.html(inviteForm(c, invitation));
  });

  app.post('/invite/:token', async (c) => {
    const token = c.req.param('token');
    const invitation = await findInvitation(db, token, deps.now());
    if (!invitation) return inviteGone(c);
    const form = await c.req.parseBody();
    const name = text(form.name).trim();
    const problem = mismatch(form);
    if (problem) return c.html(inviteForm(c, { ...invitation, name }, problem), 400);
    try {
      const user = await acceptInvitation(db, token, { name, password: text(form.password) }, deps.now());
      await signIn(c, user);
    } catch (err) {
      if (err instanceof UserInputError)
        return c.html(inviteForm(c, { ...invitation, name }, err.message), 400);
      throw err;
    }
    return c.redirect('/admin?welcome', 303);
  });

  /** A new session (the old cookie's revoked), the cookie set, and this request's CSRF token renewed. */
  async function signIn(c: Context<AdminEnv>, user: User) {
    const { token, session } = await rotateSession(
      db,
      getCookie(c, SESSION_COOKIE),
      user.id,
      await sessionMeta(c, deps),
      deps.now(),
    );
    setSessionCookie(c, deps, token);
    c.set('user', user);
    c.set('session', session);
    c.set('csrf', sessionCsrfToken(session));
  }

  function setupForm(
    c: Context<AdminEnv>,
    token: string,
    fields: { name?: string; email?: string } = {},
    error?: string,
  ) {
    return (
      <AccountForm
        csrf={c.get('csrf')}
        action={`/admin/setup?token=${encodeURIComponent(token)}`}
        heading="Create the owner account"
        intro="This account runs the blog: it writes, moderates, changes settings and invites others. This link works once."
        name={fields.name}
        email={fields.email}
        error={error}
        button="Create the account and sign in"
      />
    );
  }

  function inviteForm(
    c: Context<AdminEnv>,
    invitation: { email: string; name: string; role: string; purpose: string },
    error?: string,
  ) {
    const reset = invitation.purpose === 'reset';
    return (
      <AccountForm
        csrf={c.get('csrf')}
        action={c.req.path}
        heading={reset ? 'Choose a new password' : 'Join the blog'}
        intro={
          reset
            ? 'Choose a new password for your account. Every browser signed in to it will be signed out.'
            : `You are invited as ${invitation.role}. Choose a password to finish.`
        }
        nameFixed={reset}
        name={invitation.name}
        email={invitation.email}
        emailFixed
        error={error}
        button={reset ? 'Set the password and sign in' : 'Create my account'}
      />
    );
  }

  function setupGone(c: Context) {
    return c.html(
      <LinkProblemPage
        title="This setup link no longer works"
        message="The owner account exists already, or the link has expired or was mistyped. Restart the server to print a fresh link while no owner exists, or use `npx gloss user add --role owner`."
      />,
      404,
    );
  }

  function inviteGone(c: Context) {
    return c.html(
      <LinkProblemPage
        title="This invitation no longer works"
        message="It has been used, has expired, or was withdrawn. Ask for a new one."
      />,
      404,
    );
  }

  return app;
}

function text(value: unknown): string {
  if (Array.isArray(value)) return text(value[0]);
  return typeof value === 'string' ? value : '';
}

function mismatch(form: Record<string, unknown>): string | null {
  return text(form.password) === text(form.password2) ? null : 'The two passwords differ.';
}

function parseResubmit(value: string): Resubmit | undefined {
  if (!value) return undefined;
  try {
    const parsed = JSON.parse(value) as Resubmit;
    if (typeof parsed.action !== 'string' || !/^\/admin\/[^/\\]/.test(parsed.action)) return undefined;
    if (!Array.isArray(parsed.fields)) return undefined;
    const fields = parsed.fields.filter(
      (f): f is [string, string] => Array.isArray(f) && typeof f[0] === 'string' && typeof f[1] === 'string',
    );
    return { action: parsed.action, fields };
  } catch {
    return undefined;
  }
}
