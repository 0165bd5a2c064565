// Builds the Hono app from explicit dependencies. Order matters: the page cache wraps everything
// public, security headers apply to every response, then each domain's routes, then not-found.
import { Hono } from 'hono';
import { adminRoutes } from './admin/routes.tsx';
import type { AppDeps } from './app-deps.ts';
import { commentRoutes } from './comments/routes.tsx';
import type { Config } from './config.ts';
import { feedRoutes } from './feeds/routes.ts';
import { legacyQueryRedirects } from './import/routes.ts';
import { websubRoutes } from './inbox/websub/routes.ts';
import { mediaRoutes } from './media/routes.ts';
import { searchRoutes } from './search/routes.tsx';
import { Site } from './site/chrome.ts';
import { notFound } from './site/not-found.tsx';
import { postPageWithForm } from './site/post-page.tsx';
import { readingRoutes } from './site/reading-routes.tsx';
import { sourceRoutes } from './site/source-routes.tsx';
import { BUSY_RETRY_SECONDS, isDatabaseBusy } from './storage/busy.ts';
import type { Store } from './storage/db.ts';
import { replyRequests } from './subscriptions/reply-routes.tsx';
import { subscriptionRoutes } from './subscriptions/routes.tsx';
import { assetRoutes } from './web/assets-routes.ts';
import { healthRoutes } from './web/health-routes.ts';
import { pageCache } from './web/middleware/page-cache.ts';
import { requestGuard } from './web/middleware/request-guard.ts';
import { securityHeaders } from './web/middleware/security-headers.ts';
import { PageCache } from './web/page-cache.ts';

export interface AppOptions {
  store: Store;
  config: Config;
  now?: () => Date;
  /** The address the server is bound to, once known (a server on port 0 learns its port late). */
  listeningAt?: () => string | undefined;
}

export function createApp(options: AppOptions) {
  const { config } = options;
  const site = new Site(options.store, { mail: () => Boolean(config.smtp && config.baseUrl) });
  const configured = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`;
  const listening = () => options.listeningAt?.() ?? configured;
  const deps: AppDeps = {
    store: options.store,
    config,
    site,
    origin: async () => config.baseUrl ?? (await site.chrome()).settings.publicAddress ?? listening(),
    cache: new PageCache(options.store, { maxBytes: config.cacheBytes }),
    now: options.now ?? (() => new Date()),
  };
  const app = new Hono();

  app.use(pageCache(deps.cache));
  app.use(securityHeaders(deps.origin));
  app.use(requestGuard());

  app.route('/', healthRoutes(options.store));
  app.route('/assets', assetRoutes());
  app.route('/', commentRoutes(deps, postPageWithForm, replyRequests(deps)));
  app.route('/admin', adminRoutes(deps));
  app.route('/media', mediaRoutes(deps));
  app.route('/', subscriptionRoutes(deps));
  app.route('/', websubRoutes(deps));
  app.route('/', feedRoutes(deps));
  app.use('*', legacyQueryRedirects(deps));
  app.route('/', readingRoutes(deps));
  app.route('/', sourceRoutes(deps));
  app.route('/', searchRoutes(deps)); // after readingRoutes, which answers /search without q

  app.notFound((c) => notFound(deps, c));

  app.onError((err, c) => {
    // A body that says it is a form (or JSON) and is not: the sender's mistake, never ours.
    if (err instanceof TypeError && /parse body as FormData/i.test(err.message)) {
      return c.text(
        'Bad request: the body is not a well-formed form (check its Content-Type and boundary).',
        400,
      );
    }
    if (isDatabaseBusy(err)) {
      const message =
        'The blog is busy (another task holds the database). Nothing was lost: try again in a few seconds.';
      return c.text(message, 503, { 'retry-after': String(BUSY_RETRY_SECONDS), 'cache-control': 'no-store' });
    }
    // Request data is an argument, never the format string: a '%s' in a path must not eat the error.
    console.error('Error serving %s %s:', c.req.method, new URL(c.req.url).pathname, err);
    return c.text('Something went wrong on our side. The error has been logged.', 500);
  });

  return { app, deps };
}
