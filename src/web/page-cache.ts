// Rendered public pages, kept in memory and served again until what they show changes. Every
// write, from any process (the CLI, another server, another machine), bumps the content version
// and records tags of what it changed (storage migration 009: post:ID, posts, comments, *); each
// lookup reads the version (in memory where the store is told of changes) and, when it moved,
// drops only the pages tagged with what changed: a comment on one post leaves the others cached.
// A page that declares no tags is dropped by any change. Entries also expire after a few minutes,
// for what changes with time alone (scheduled posts, comments closing after N days).
// The cache is bounded in bytes, not entries: a post with 2,000 comments weighs a hundred small
// pages, and memory is what runs out.
import type { Store } from '../storage/db.ts';

export interface CachedPage {
  status: number;
  headers: [string, string][];
  body: Buffer;
  etag: string;
  /** What the page shows (post:ID, posts, comments); null: everything, any change drops it. */
  tags: string[] | null;
  storedAt: number;
  /** The headers as node:http's writeHead takes them, flat, content-length last (made once by set()). */
  wire: string[];
  /** The same for a 304: no content-* headers. */
  wireNotModified: string[];
  /** The last-modified header, if any (If-Modified-Since is checked against it). */
  lastModified: string | undefined;
}

/** What a route's rendering gives the cache; set() works out the rest once. */
export type RenderedPage = Omit<CachedPage, 'storedAt' | 'wire' | 'wireNotModified' | 'lastModified'>;

/** The response header a route sets to tag its page (space-separated); never sent to clients. */
export const CACHE_TAGS_HEADER = 'x-gloss-cache-tags';

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

/** How many recent invalidations are remembered to check pages rendered while they happened. */
const RECENT = 64;

export class PageCache {
  private entries = new Map<string, { page: CachedPage; bytes: number }>();
  private byTag = new Map<string, Set<string>>();
  private untagged = new Set<string>();
  private bytes = 0;
  /** The content version whose changes have been applied; -1 before the first look. */
  private seen = -1;
  private applying?: Promise<number>;
  private recent: { after: number; tags: Set<string> }[] = [];
  readonly maxBytes: number;
  private ttlMs: number;
  private now: () => number;

  constructor(
    private store: Pick<Store, 'contentVersion' | 'contentChangesSince'>,
    options: PageCacheOptions = {},
  ) {
    this.maxBytes = options.maxBytes ?? DEFAULT_CACHE_BYTES;
    this.ttlMs = options.ttlMs ?? 5 * 60_000;
    this.now = options.now ?? Date.now;
  }

  get enabled(): boolean {
    return this.maxBytes > 0;
  }

  /**
   * Brings the cache up to the database's content version, dropping the pages its changes touch;
   * returns that version, to be handed to set() with the page rendered after it. Synchronous when
   * the store answers synchronously (SQLite), so a cached page is served without a promise.
   */
  sync(): number | Promise<number> {
    const version = this.store.contentVersion();
    if (typeof version === 'number') return this.apply(version);
    return version.then((v) => this.apply(v));
  }

  private apply(version: number): number | Promise<number> {
    if (version <= this.seen) return this.seen;
    if (this.seen < 0) {
      this.seen = version;
      this.clear();
      return version;
    }
    if (this.applying) return this.applying.then(() => this.apply(version));
    const from = this.seen;
    const tags = this.store.contentChangesSince(from);
    if (Array.isArray(tags)) return this.invalidate(from, version, tags);
    // Requests arriving while the changes are read wait for the same read.
    this.applying = tags
      .then((t) => this.invalidate(from, version, t))
      .finally(() => {
        this.applying = undefined;
      });
    return this.applying;
  }

  private invalidate(from: number, to: number, tags: string[]): number {
    if (to <= this.seen) return this.seen;
    const set = new Set(tags);
    // A version moved without a recorded tag (a write outside 009's tables): drop everything.
    if (set.size === 0) set.add('*');
    this.recent.push({ after: from, tags: set });
    if (this.recent.length > RECENT) this.recent.shift();
    if (set.has('*')) {
      this.clear();
    } else {
      for (const key of this.untagged) this.remove(key);
      for (const tag of set) for (const key of this.byTag.get(tag) ?? []) this.remove(key);
    }
    this.seen = to;
    return to;
  }

  /** The cached page for the key, unless it expired (call sync() first). */
  get(key: string): CachedPage | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (this.now() - entry.page.storedAt > this.ttlMs) {
      this.remove(key);
      return undefined;
    }
    // Map order is insertion order: re-inserting marks the entry as recently used.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.page;
  }

  /** Keeps a page rendered after sync() returned `version`, unless a change since then touched it. */
  set(key: string, page: RenderedPage, version: number): void {
    this.remove(key);
    if (!this.enabled || this.changedSince(version, page.tags)) return;
    const bytes = entrySize(key, page);
    // One page may take at most a quarter of the budget: a huge page must not flush all the rest.
    if (bytes > this.maxBytes / 4) return;
    this.entries.set(key, { page: cachedPage(page, this.now()), bytes });
    this.bytes += bytes;
    if (page.tags) {
      for (const tag of page.tags) {
        const keys = this.byTag.get(tag) ?? new Set<string>();
        keys.add(key);
        this.byTag.set(tag, keys);
      }
    } else {
      this.untagged.add(key);
    }
    while (this.bytes > this.maxBytes) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.remove(oldest);
    }
  }

  private changedSince(version: number, tags: string[] | null): boolean {
    if (version === this.seen) return false;
    if (version > this.seen) return true;
    const since = this.recent.filter((r) => r.after >= version);
    // Not remembered back that far: the page may be stale.
    if (since.length === 0 || since[0]!.after !== version) return true;
    return since.some((r) => r.tags.has('*') || !tags || tags.some((tag) => r.tags.has(tag)));
  }

  clear(): void {
    this.entries.clear();
    this.byTag.clear();
    this.untagged.clear();
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
    if (!entry.page.tags) {
      this.untagged.delete(key);
      return;
    }
    for (const tag of entry.page.tags) {
      const keys = this.byTag.get(tag);
      keys?.delete(key);
      if (keys?.size === 0) this.byTag.delete(tag);
    }
  }
}

/** A rendered page with what answering it needs worked out once: the cached path does no more. */
export function cachedPage(page: RenderedPage, storedAt: number): CachedPage {
  const flat = page.headers.flat();
  return {
    ...page,
    storedAt,
    wire: [...flat, 'content-length', String(page.body.length)],
    wireNotModified: page.headers.filter(([n]) => !n.startsWith('content-')).flat(),
    lastModified: page.headers.find(([name]) => name === 'last-modified')?.[1],
  };
}

function entrySize(key: string, page: RenderedPage): number {
  let bytes = ENTRY_OVERHEAD + key.length * 2 + page.body.length + page.etag.length * 2;
  for (const [name, value] of page.headers) bytes += (name.length + value.length) * 2 + 32;
  return bytes;
}

/** Whether a request may be answered from, and stored in, the page cache. */
export function isCacheable(method: string, path: string): boolean {
  return (
    (method === 'GET' || method === 'HEAD') &&
    !path.startsWith('/admin') &&
    !path.startsWith('/media/') &&
    path !== '/healthz' &&
    path !== '/readyz'
  );
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
