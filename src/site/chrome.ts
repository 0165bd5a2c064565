// What every public page needs besides its own content: settings, archive, labels, pages.
// Read once per content version, not once per request.
import type { ChromeSource, SiteChrome } from '../app-deps.ts';
import { archiveCounts, labelCounts, publicPages } from '../posts/queries.ts';
import { readSettings } from '../settings/settings.ts';
import type { Store } from '../storage/db.ts';

export class Site implements ChromeSource {
  private cached?: { version: number; chrome: Promise<SiteChrome> };

  constructor(private store: Store) {}

  async chrome(): Promise<SiteChrome> {
    const version = await this.store.contentVersion();
    if (this.cached?.version !== version) {
      const chrome = this.load();
      this.cached = { version, chrome };
      chrome.catch(() => {
        if (this.cached?.chrome === chrome) this.cached = undefined;
      });
    }
    return this.cached.chrome;
  }

  private async load(): Promise<SiteChrome> {
    const { db } = this.store;
    const [settings, archive, labels, pages] = await Promise.all([
      readSettings(db),
      archiveCounts(db),
      labelCounts(db),
      publicPages(db),
    ]);
    return { settings, sidebar: { archive, labels }, pages };
  }
}
