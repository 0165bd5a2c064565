// The signed-in user's own account: sessions (sign out everywhere) and password.
import { type Context, Hono } from 'hono';
import type { AppDeps } from '../app-deps.ts';
import { type AdminEnv, viewer } from '../auth/middleware.ts';
import { verifyPassword } from '../auth/passwords.ts';
import { listSessions, revokeAllSessions } from '../auth/sessions.ts';
import { setPassword, UserInputError } from '../auth/users.ts';
import { frame } from './page.ts';
import { AccountPage } from './views/AccountPage.tsx';

export function accountRoutes(deps: AppDeps) {
  const { db } = deps.store;
  const app = new Hono<AdminEnv>();

  const show = async (c: Context<AdminEnv>, error?: string) => {
    const user = viewer(c);
    const [f, sessions, chrome] = await Promise.all([
      frame(c, deps),
      listSessions(db, user.id, deps.now()),
      deps.site.chrome(),
    ]);
    return c.html(
      <AccountPage
        frame={error ? { ...f, notice: { kind: 'error', text: error } } : f}
        sessions={sessions}
        currentSession={c.get('session')!.id}
        now={deps.now()}
        timeZone={chrome.settings.timeZone}
      />,
      error ? 400 : 200,
    );
  };

  app.get('/', (c) => show(c));

  app.post('/sign-out-others', async (c) => {
    await revokeAllSessions(db, viewer(c).id, c.get('session')!.id);
    return c.redirect('/admin/account?done=signed-out-others', 303);
  });

  app.post('/password', async (c) => {
    const user = viewer(c);
    const form = await c.req.parseBody({ all: true });
    const current = String(form.current ?? '');
    const next = String(form.password ?? '');
    if (!(await verifyPassword(user.password_hash, current)))
      return show(c, 'The current password is not right.');
    if (next !== String(form.password2 ?? '')) return show(c, 'The two new passwords differ.');
    try {
      await setPassword(db, user.id, next);
    } catch (err) {
      if (err instanceof UserInputError) return show(c, err.message);
      throw err;
    }
    // A new password ends every other session: whoever knew the old one is out.
    await revokeAllSessions(db, user.id, c.get('session')!.id);
    return c.redirect('/admin/account?done=password', 303);
  });

  return app;
}
