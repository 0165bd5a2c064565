// Builds the Hono app from explicit dependencies. Order matters: the page cache wraps everything
// public, security headers apply to every response, then each domain's routes, then not-found.
import { Hono } from 'hono';
import { adminRoutes } from './admin/routes.tsx';
import type { AppDeps } from './app-deps.ts';
import { commentRoutes } from './comments/routes.tsx';
import type { Config } from './config.ts';
import { feedRoutes } from './feeds/routes.ts';
import { legacyQueryRedirects } from './import/routes.ts';
import { mediaRoutes } from './media/routes.ts';
import { publicPosts } from './posts/queries.ts';
import { postRoutes } from './posts/routes.tsx';
import { searchRoutes } from './search/routes.tsx';
import type { Store } from './storage/db.ts';
import { pageCache } from './web/middleware/page-cache.ts';
import { securityHeaders } from './web/middleware/security-headers.ts';
import { PageCache } from './web/page-cache.ts';
import { Site } from './web/site.ts';
import { getAsset } from './web/theme/assets.ts';
import { NotFoundPage } from './web/theme/NotFoundPage.tsx';

export interface AppOptions {
  store: Store;
  config: Config;
  now?: () => Date;
}

export function createApp(options: AppOptions) {
  const deps: AppDeps = {
    store: options.store,
    config: options.config,
    site: new Site(options.store),
    cache: new PageCache(options.store, options.config.cacheEntries),
    now: options.now ?? (() => new Date()),
  };
  const app = new Hono();

  app.use(pageCache(deps.cache));
  app.use(securityHeaders());

  app.get('/assets/:name', (c) => {
    const asset = getAsset(c.req.param('name'));
    if (!asset) return c.notFound();
    const immutable = c.req.query('v') === asset.hash;
    return c.body(new Uint8Array(asset.body), 200, {
      'content-type': asset.type,
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'public, max-age=300',
    });
  });

  app.route('/', commentRoutes(deps));
  app.route('/admin', adminRoutes(deps));
  app.route('/media', mediaRoutes(deps));
  app.route('/', feedRoutes(deps));
  app.use('/', legacyQueryRedirects(deps));
  app.route('/', postRoutes(deps));
  app.route('/', searchRoutes(deps)); // after postRoutes, which answers /search without q

  app.notFound(async (c) => {
    const path = new URL(c.req.url).pathname;
    const redirect = await deps.store.db
      .selectFrom('redirects')
      .select(['to_path', 'status'])
      .where('from_path', 'in', [path, safeDecode(path)])
      .executeTakeFirst();
    if (redirect) return c.redirect(redirect.to_path, redirect.status === 302 ? 302 : 301);
    const chrome = await deps.site.chrome();
    const recent = await publicPosts(deps.store.db)
      .select(['title', 'path'])
      .orderBy('published_at', 'desc')
      .limit(5)
      .execute();
    return c.html(<NotFoundPage chrome={chrome} path={safeDecode(path)} recent={recent} />, 404);
  });

  app.onError((err, c) => {
    console.error(`Error serving ${c.req.method} ${new URL(c.req.url).pathname}:`, err);
    return c.text('Something went wrong on our side. The error has been logged.', 500);
  });

  return { app, deps };
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
