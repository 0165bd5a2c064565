// Rendered public pages, kept in memory and served again until the content changes. The content
// version (bumped by database triggers on every write, from any process: the CLI, another server)
// is read on every lookup, so a post stored elsewhere shows at once. Entries also expire after a
// few minutes, for what changes with time alone (scheduled posts, comments closing after N days).
// The cache is bounded in bytes, not entries: a post with 2,000 comments weighs a hundred small
// pages, and memory is what runs out.
import type { Store } from '../storage/db.ts';

export interface CachedPage {
  status: number;
  headers: [string, string][];
  body: Buffer;
  etag: string;
  version: number;
  storedAt: number;
}

export interface PageCacheOptions {
  /** The most bytes the cached pages may hold together (bodies, headers, keys); 0 turns it off. */
  maxBytes?: number;
  ttlMs?: number;
  now?: () => number;
}

/** The default bound: 32 MiB. */
export const DEFAULT_CACHE_BYTES = 32 * 1024 * 1024;

/** What one entry costs besides its body and headers: the Map slot, the object, the Buffer. */
const ENTRY_OVERHEAD = 256;

export class PageCache {
  private entries = new Map<string, { page: CachedPage; bytes: number }>();
  private bytes = 0;
  readonly maxBytes: number;
  private ttlMs: number;
  private now: () => number;

  constructor(
    private store: Pick<Store, 'contentVersion'>,
    options: PageCacheOptions = {},
  ) {
    this.maxBytes = options.maxBytes ?? DEFAULT_CACHE_BYTES;
    this.ttlMs = options.ttlMs ?? 5 * 60_000;
    this.now = options.now ?? Date.now;
  }

  get enabled(): boolean {
    return this.maxBytes > 0;
  }

  version(): number | Promise<number> {
    return this.store.contentVersion();
  }

  /** The cached page for the key if it is still current at this content version. */
  get(key: string, version: number): CachedPage | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.page.version !== version || this.now() - entry.page.storedAt > this.ttlMs) {
      this.remove(key);
      return undefined;
    }
    // Map order is insertion order: re-inserting marks the entry as recently used.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.page;
  }

  set(key: string, page: Omit<CachedPage, 'storedAt'>): void {
    this.remove(key);
    const bytes = entrySize(key, page);
    // One page may take at most a quarter of the budget: a huge page must not flush all the rest.
    if (!this.enabled || bytes > this.maxBytes / 4) return;
    this.entries.set(key, { page: { ...page, storedAt: this.now() }, bytes });
    this.bytes += bytes;
    while (this.bytes > this.maxBytes) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.remove(oldest);
    }
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The bytes the cached pages hold now (bodies, headers, keys and a fixed cost per entry). */
  get sizeBytes(): number {
    return this.bytes;
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }
}

function entrySize(key: string, page: Omit<CachedPage, 'storedAt'>): number {
  let bytes = ENTRY_OVERHEAD + key.length * 2 + page.body.length + page.etag.length * 2;
  for (const [name, value] of page.headers) bytes += (name.length + value.length) * 2 + 32;
  return bytes;
}

/** Whether a request may be answered from, and stored in, the page cache. */
export function isCacheable(method: string, path: string): boolean {
  return (method === 'GET' || method === 'HEAD') && !path.startsWith('/admin') && !path.startsWith('/media/');
}
