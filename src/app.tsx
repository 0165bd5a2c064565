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
import { searchRoutes } from './search/routes.tsx';
import { Site } from './site/chrome.ts';
import { notFound } from './site/not-found.tsx';
import { postPageWithForm } from './site/post-page.tsx';
import { readingRoutes } from './site/reading-routes.tsx';
import type { Store } from './storage/db.ts';
import { assetRoutes } from './web/assets-routes.ts';
import { pageCache } from './web/middleware/page-cache.ts';
import { securityHeaders } from './web/middleware/security-headers.ts';
import { PageCache } from './web/page-cache.ts';

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

  app.route('/assets', assetRoutes());
  app.route('/', commentRoutes(deps, postPageWithForm));
  app.route('/admin', adminRoutes(deps));
  app.route('/media', mediaRoutes(deps));
  app.route('/', feedRoutes(deps));
  app.use('*', legacyQueryRedirects(deps));
  app.route('/', readingRoutes(deps));
  app.route('/', searchRoutes(deps)); // after readingRoutes, which answers /search without q

  app.notFound((c) => notFound(deps, c));

  app.onError((err, c) => {
    console.error(`Error serving ${c.req.method} ${new URL(c.req.url).pathname}:`, err);
    return c.text('Something went wrong on our side. The error has been logged.', 500);
  });

  return { app, deps };
}
