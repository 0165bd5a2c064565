// What every public page needs besides its own content: settings, archive, labels, pages.
// Read once per content version, not once per request.
import type { ChromeSource, SiteChrome } from '../app-deps.ts';
import { archiveCounts, labelCounts, publicPages } from '../posts/queries.ts';
import { outletCounts } from '../posts/source-queries.ts';
import { type BlogSettings, HEADER_PAGES_DEFAULT, readSettings } from '../settings/settings.ts';
import type { Store } from '../storage/db.ts';

export class Site implements ChromeSource {
  private cached?: { version: number; chrome: Promise<SiteChrome> };

  /** `mail`: the blog can send mail (SMTP and a public address); without it no follow widget. */
  constructor(
    private store: Store,
    private options: { mail?: () => boolean } = {},
  ) {}

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
    const [settings, archive, labels, sources, pages] = await Promise.all([
      readSettings(db),
      archiveCounts(db),
      labelCounts(db),
      outletCounts(db),
      publicPages(db),
    ]);
    const shown = this.options.mail
      ? settings
      : { ...settings, sidebar: settings.sidebar.filter((w) => w !== 'follow') };
    return { settings: shown, sidebar: { archive, labels, sources }, pages: headerPages(pages, settings) };
  }
}

/** The pages the settings put in the header, in their order; a few by title when none were chosen. */
export function headerPages<P extends { id: number }>(
  pages: P[],
  settings: Pick<BlogSettings, 'headerPages'>,
): P[] {
  if (!settings.headerPages) return pages.slice(0, HEADER_PAGES_DEFAULT);
  const byId = new Map(pages.map((p) => [p.id, p]));
  return settings.headerPages.flatMap((id) => byId.get(id) ?? []);
}
