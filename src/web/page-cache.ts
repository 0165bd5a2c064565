// Rendered public pages, kept in memory and served again until the content changes. The content
// version (bumped by database triggers on every write, from any process: the CLI, another server)
// is read on every lookup, so a post stored elsewhere shows at once. Entries also expire after a
// few minutes, for what changes with time alone (scheduled posts, comments closing after N days).
import type { Store } from '../storage/db.ts';

export interface CachedPage {
  status: number;
  headers: [string, string][];
  body: Buffer;
  etag: string;
  version: number;
  storedAt: number;
}

export class PageCache {
  private entries = new Map<string, CachedPage>();

  constructor(
    private store: Pick<Store, 'contentVersion'>,
    private maxEntries = 2000,
    private ttlMs = 5 * 60_000,
    private now: () => number = Date.now,
  ) {}

  version(): number | Promise<number> {
    return this.store.contentVersion();
  }

  /** The cached page for the key if it is still current at this content version. */
  get(key: string, version: number): CachedPage | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.version !== version || this.now() - entry.storedAt > this.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    // Map order is insertion order: re-inserting marks the entry as recently used.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  set(key: string, page: Omit<CachedPage, 'storedAt'>): void {
    this.entries.delete(key);
    this.entries.set(key, { ...page, storedAt: this.now() });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

/** Whether a request may be answered from, and stored in, the page cache. */
export function isCacheable(method: string, path: string): boolean {
  return (method === 'GET' || method === 'HEAD') && !path.startsWith('/admin') && !path.startsWith('/media/');
}

/**
 * Cookies that make a page personal: a signed-in session (staff see their own view) and a
 * remembered commenter (the form is filled in). Pages for them never come from or go into the
 * shared cache, and are marked private so no proxy keeps them either.
 */
export const PERSONAL_COOKIES = ['gloss_session', 'gloss_commenter'] as const;

export function isPersonal(cookieHeader: string | null | undefined): boolean {
  if (!cookieHeader) return false;
  return cookieHeader.split(';').some((part) => {
    const name = part.slice(0, part.indexOf('=')).trim();
    return (PERSONAL_COOKIES as readonly string[]).includes(name);
  });
}
