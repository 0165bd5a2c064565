// Addresses of an imported WordPress blog that carry the post in the query string (/?p=123,
// /?page_id=7, or /blog/?p=123 for a blog in a folder) reach the home page's path or no route;
// the import stored them as redirects, which this answers first. Other old paths are answered by
// the app's not-found handler.
import type { MiddlewareHandler } from 'hono';
import type { AppDeps } from '../app-deps.ts';
import { findRedirect } from '../posts/redirects.ts';

const LEGACY_QUERY = /^\?(p|page_id|attachment_id)=\d+$/;

export function legacyQueryRedirects(deps: AppDeps): MiddlewareHandler {
  return async (c, next) => {
    const { pathname, search } = new URL(c.req.url);
    if (!LEGACY_QUERY.test(search)) return next();
    const redirect = await findRedirect(deps.store.db, [`${pathname}${search}`]);
    if (!redirect) return next();
    return c.redirect(redirect.to_path, redirect.status === 302 ? 302 : 301);
  };
}
