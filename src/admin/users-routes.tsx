// /admin/users: who can sign in, their roles, invitations (one-time links), deactivation.
// The owner's account is shown but cannot be changed by admins (src/auth/roles.ts).
import { type Context, Hono } from 'hono';
import type { AppDeps } from '../app-deps.ts';
import {
  createInvitation,
  createPasswordReset,
  openInvitations,
  revokeInvitation,
} from '../auth/invitations.ts';
import { type AdminEnv, requireUser, viewer } from '../auth/middleware.ts';
import { isRole } from '../auth/roles.ts';
import { lastSeenByUser } from '../auth/sessions.ts';
import { changeRole, listUsers, setActive, UserInputError } from '../auth/users.ts';
import { recordId } from '../lib/record-id.ts';
import { type FormBody, str } from './editor-form.ts';
import { frame } from './page.ts';
import { UsersPage } from './views/UsersPage.tsx';

export function userAdminRoutes(deps: AppDeps) {
  const { db } = deps.store;
  const app = new Hono<AdminEnv>();
  app.use('*', requireUser('admin'));

  const show = async (
    c: Context<AdminEnv>,
    extra: { invited?: { link: string; email: string; reset?: boolean }; error?: string } = {},
    status: 200 | 400 = 200,
  ) => {
    const [f, users, invitations, chrome, lastSeen] = await Promise.all([
      frame(c, deps),
      listUsers(db),
      openInvitations(db, deps.now()),
      deps.site.chrome(),
      lastSeenByUser(db),
    ]);
    return c.html(
      <UsersPage
        frame={extra.error ? { ...f, notice: { kind: 'error', text: extra.error } } : f}
        users={users}
        invitations={invitations}
        lastSeen={lastSeen}
        invited={extra.invited}
        now={deps.now()}
        timeZone={chrome.settings.timeZone}
      />,
      status,
    );
  };

  app.get('/', (c) => show(c));

  app.post('/invite', async (c) => {
    const form = (await c.req.parseBody({ all: true })) as FormBody;
    const role = str(form.role);
    try {
      if (!isRole(role)) throw new UserInputError('Choose a role.');
      const { token, invitation } = await createInvitation(
        db,
        viewer(c),
        { email: str(form.email), name: str(form.name), role },
        deps.now(),
      );
      const base = await deps.origin();
      return show(c, { invited: { link: `${base}/admin/invite/${token}`, email: invitation.email } });
    } catch (err) {
      if (err instanceof UserInputError) return show(c, { error: err.message }, 400);
      throw err;
    }
  });

  app.post('/:id{[0-9]+}/reset', async (c) => {
    try {
      const { token, invitation } = await createPasswordReset(
        db,
        viewer(c),
        recordId(c.req.param('id')),
        deps.now(),
      );
      const base = await deps.origin();
      return show(c, {
        invited: { link: `${base}/admin/invite/${token}`, email: invitation.email, reset: true },
      });
    } catch (err) {
      if (err instanceof UserInputError) return show(c, { error: err.message }, 400);
      throw err;
    }
  });

  app.post('/invitations/:id{[0-9]+}/revoke', async (c) => {
    await revokeInvitation(db, recordId(c.req.param('id')));
    return c.redirect('/admin/users?done=revoked', 303);
  });

  app.post('/:id{[0-9]+}/role', async (c) => {
    const form = (await c.req.parseBody({ all: true })) as FormBody;
    const role = str(form.role);
    try {
      if (!isRole(role)) throw new UserInputError('Choose a role.');
      await changeRole(db, viewer(c), recordId(c.req.param('id')), role);
    } catch (err) {
      if (err instanceof UserInputError) return show(c, { error: err.message }, 400);
      throw err;
    }
    return c.redirect('/admin/users?done=role', 303);
  });

  for (const [path, active] of [
    ['deactivate', false],
    ['activate', true],
  ] as const) {
    app.post(`/:id{[0-9]+}/${path}`, async (c) => {
      try {
        await setActive(db, viewer(c), recordId(c.req.param('id')), active);
      } catch (err) {
        if (err instanceof UserInputError) return show(c, { error: err.message }, 400);
        throw err;
      }
      return c.redirect(`/admin/users?done=${active ? 'activated' : 'deactivated'}`, 303);
    });
  }

  return app;
}
