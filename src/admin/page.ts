// What every admin page's layout needs from the request: the user, the form token, the blog title.
import type { Context } from 'hono';
import type { AppDeps } from '../app-deps.ts';
import { type AdminEnv, viewer } from '../auth/middleware.ts';
import { noticeFrom } from './notices.ts';

export async function frame(c: Context<AdminEnv>, deps: AppDeps) {
  const chrome = await deps.site.chrome();
  return {
    user: viewer(c),
    csrf: c.get('csrf'),
    blogTitle: chrome.settings.title,
    notice: noticeFrom((name) => c.req.query(name)),
  };
}
