// What a route or a service is given to work with: interfaces and plain values, never a domain's
// implementation. app.tsx builds one AppDeps and passes it down; nothing is a module singleton.
import type { Config } from './config.ts';
import type { BlogSettings } from './settings/settings.ts';
import type { Store } from './storage/db.ts';
import type { PageCache } from './web/page-cache.ts';
import type { Chrome } from './web/theme/chrome.ts';

/** The chrome of this blog's pages, with all of its settings. */
export type SiteChrome = Chrome<BlogSettings>;

/** Where the chrome comes from (src/site/chrome.ts reads it once per content version). */
export interface ChromeSource {
  chrome(): Promise<SiteChrome>;
}

export interface AppDeps {
  store: Store;
  config: Config;
  site: ChromeSource;
  cache: PageCache;
  /**
   * The blog's public origin for absolute links (feeds, mails, canonical links, redirects):
   * GLOSS_BASE_URL, else the Public address setting, else the address the server listens on.
   * Never a request's Host header, which anyone can set and the page cache would remember.
   */
  origin(): Promise<string>;
  /** The current time; tests substitute their own. */
  now: () => Date;
}
