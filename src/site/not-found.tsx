// What an unknown address answers: a stored redirect (a moved post, an imported blog's old path,
// with or without its trailing slash), a redirect to the address meant when only a trailing slash
// or the ".html" is off, else a helpful 404 with a search box and the latest posts.
import type { Context } from 'hono';
import type { AppDeps } from '../app-deps.ts';
import { findPublicByPath, recentPosts } from '../posts/queries.ts';
import { findRedirect } from '../posts/redirects.ts';
import { NotFoundPage } from '../web/theme/NotFoundPage.tsx';

export async function notFound(deps: AppDeps, c: Context) {
  const url = new URL(c.req.url);
  const path = url.pathname;
  const other = path.endsWith('/') ? path.replace(/\/+$/, '') : `${path}/`;
  const tried = [path, safeDecode(path), ...(other ? [other, safeDecode(other)] : [])];
  const redirect = await findRedirect(deps.store.db, tried);
  if (redirect) return c.redirect(redirect.to_path, redirect.status === 302 ? 302 : 301);
  const meant = await meantPath(deps, path);
  if (meant) return c.redirect(meant + url.search, 301);
  const [chrome, recent] = await Promise.all([deps.site.chrome(), recentPosts(deps.store.db, 5)]);
  return c.html(<NotFoundPage chrome={chrome} path={safeDecode(path)} recent={recent} />, 404);
}

/** The address a near miss means: "/p/about.html/" or "/p/about" → "/p/about.html", "/search/label/X/" → without. */
async function meantPath(deps: AppDeps, path: string): Promise<string | null> {
  const bare = path.length > 1 ? path.replace(/\/+$/, '') : path;
  if (bare !== path && /^\/(?:search\/label\/[^/]+|feeds\/.+)$/.test(bare)) return bare;
  const post = /\.html$/.test(bare)
    ? bare
    : /^\/(?:p|\d{4}\/\d{2})\/[^/]+$/.test(bare)
      ? `${bare}.html`
      : null;
  if (!post || post === path) return null;
  return (await findPublicByPath(deps.store.db, post)) ? post : null;
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
