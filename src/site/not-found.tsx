// What an unknown address answers: a stored redirect (a moved post, an imported blog's old path),
// else a helpful 404 with a search box and the latest posts.
import type { Context } from 'hono';
import type { AppDeps } from '../app-deps.ts';
import { recentPosts } from '../posts/queries.ts';
import { findRedirect } from '../posts/redirects.ts';
import { NotFoundPage } from '../web/theme/NotFoundPage.tsx';

export async function notFound(deps: AppDeps, c: Context) {
  const path = new URL(c.req.url).pathname;
  const redirect = await findRedirect(deps.store.db, [path, safeDecode(path)]);
  if (redirect) return c.redirect(redirect.to_path, redirect.status === 302 ? 302 : 301);
  const [chrome, recent] = await Promise.all([deps.site.chrome(), recentPosts(deps.store.db, 5)]);
  return c.html(<NotFoundPage chrome={chrome} path={safeDecode(path)} recent={recent} />, 404);
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
