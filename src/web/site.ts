// What every public page needs besides its own content: settings, archive, labels, pages.
// Read once per content version, not once per request.
import { archiveCounts, labelCounts, publicPages } from '../posts/queries.ts';
import { readSettings } from '../settings/settings.ts';
import type { Store } from '../storage/db.ts';
import type { Chrome } from './theme/Layout.tsx';

export class Site {
  private cached?: { version: number; chrome: Promise<Chrome> };

  constructor(private store: Store) {}

  async chrome(): Promise<Chrome> {
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

  private async load(): Promise<Chrome> {
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
