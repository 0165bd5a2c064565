// /admin/settings: the blog's title, time zone, listing size, comment policy and rules, sidebar,
// labels widget, header pages.
import { Hono } from 'hono';
import type { AppDeps } from '../app-deps.ts';
import { type AdminEnv, requireUser } from '../auth/middleware.ts';
import { publicPages } from '../posts/queries.ts';
import { readSettings, writeSettings } from '../settings/settings.ts';
import { type SettingsForm, validateSettings } from '../settings/validate.ts';
import { frame } from './page.ts';
import { SettingsPage } from './views/SettingsPage.tsx';

export function settingsAdminRoutes(deps: AppDeps) {
  const { db } = deps.store;
  const app = new Hono<AdminEnv>();
  app.use('*', requireUser('admin'));

  app.get('/', async (c) => {
    const [f, settings, pages] = await Promise.all([frame(c, deps), readSettings(db), publicPages(db)]);
    return c.html(<SettingsPage frame={f} settings={settings} errors={{}} pages={pages} />);
  });

  app.post('/', async (c) => {
    const form = (await c.req.parseBody({ all: true })) as SettingsForm;
    const { changes, errors } = validateSettings(form);
    if (Object.keys(errors).length > 0) {
      const [f, settings, pages] = await Promise.all([frame(c, deps), readSettings(db), publicPages(db)]);
      return c.html(
        <SettingsPage
          frame={{
            ...f,
            notice: { kind: 'error', text: 'Some settings need another look; nothing was saved.' },
          }}
          settings={{ ...settings, ...changes }}
          errors={errors}
          pages={pages}
        />,
        400,
      );
    }
    await writeSettings(db, changes);
    return c.redirect('/admin/settings?done=settings', 303);
  });

  return app;
}
