import type { Config } from './config.ts';
import type { Store } from './storage/db.ts';
import type { PageCache } from './web/page-cache.ts';
import type { Site } from './web/site.ts';

/** Everything a route or command needs, passed explicitly; nothing is a module-level singleton. */
export interface AppDeps {
  store: Store;
  config: Config;
  site: Site;
  cache: PageCache;
  /** The current time; tests substitute their own. */
  now: () => Date;
}
