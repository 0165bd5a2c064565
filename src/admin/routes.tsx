// The editor's desk under /admin. Every request passes authContext (who), csrfProtection (may this
// change anything) and, past the sign-in pages, requireUser (signed in at all); each area then
// checks its role. Another domain adds an admin page by mounting its routes in the marked block
// below and adding an item to ADMIN_NAV (src/admin/nav.ts); see docs/admin.md.
import { Hono } from 'hono';
import type { AppDeps } from '../app-deps.ts';
import { type AdminEnv, authContext, csrfProtection, requireUser, viewer } from '../auth/middleware.ts';
import { can } from '../auth/roles.ts';
import { authRoutes } from '../auth/routes.tsx';
import { accountRoutes } from './account-routes.tsx';
import { adminBodyLimit } from './body-limit.ts';
import { clipAdminRoutes } from './clip-routes.tsx';
import { commentAdminRoutes } from './comments-routes.tsx';
import { dashboardData } from './dashboard.ts';
import { inboxAdminRoutes } from './inbox-routes.tsx';
import { mediaAdminRoutes } from './media-routes.tsx';
import { frame } from './page.ts';
import { postAdminRoutes } from './posts-routes.tsx';
import { settingsAdminRoutes } from './settings-routes.tsx';
import { sourceNameAdminRoutes } from './source-names-routes.tsx';
import { subscriberAdminRoutes } from './subscribers-routes.tsx';
import { userAdminRoutes } from './users-routes.tsx';
import { DashboardPage } from './views/DashboardPage.tsx';

export function adminRoutes(deps: AppDeps) {
  const app = new Hono<AdminEnv>();
  app.use('*', authContext(deps));
  // Before csrfProtection, the first to read a body: the limit depends on having a session.
  app.use('*', adminBodyLimit());
  app.use('*', csrfProtection(deps));
  app.route('/', authRoutes(deps));

  // Everything below needs a session.
  app.use('*', requireUser());

  app.get('/', async (c) => {
    const user = viewer(c);
    const f = await frame(c, deps);
    const data = await dashboardData(deps.store.db, can(user, 'posts.any') ? undefined : user.id);
    const { settings } = await deps.site.chrome();
    return c.html(<DashboardPage frame={f} data={data} now={deps.now()} timeZone={settings.timeZone} />);
  });

  app.route('/account', accountRoutes(deps));
  app.route('/posts', postAdminRoutes(deps));
  app.route('/comments', commentAdminRoutes(deps));
  app.route('/settings', settingsAdminRoutes(deps));
  app.route('/users', userAdminRoutes(deps));

  // Admin pages of other domains: app.route('/their-path', theirRoutes(deps));
  app.route('/clip', clipAdminRoutes(deps));
  app.route('/media', mediaAdminRoutes(deps));
  app.route('/subscribers', subscriberAdminRoutes(deps));
  app.route('/inbox', inboxAdminRoutes(deps));
  app.route('/source-names', sourceNameAdminRoutes(deps));

  return app;
}
