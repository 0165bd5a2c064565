import { createHash } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import {
  CACHE_TAGS_HEADER,
  type CachedPage,
  cachedPage,
  isCacheable,
  isPersonal,
  type PageCache,
} from '../page-cache.ts';

const CACHEABLE_STATUS = new Set([200, 301, 404, 410]);

/** Serves public GETs from the page cache and fills it with what the routes render. */
export function pageCache(cache: PageCache): MiddlewareHandler {
  return async (c, next) => {
    // With the cache off only a personal page needs anything (its private header).
    if (!cache.enabled && !isPersonal(c.req.header('cookie'))) return next();
    const url = new URL(c.req.url);
    if (!isCacheable(c.req.method, url.pathname)) return next();
    if (isPersonal(c.req.header('cookie'))) {
      await next();
      c.res.headers.set('cache-control', 'private, no-cache');
      return;
    }
    if (!cache.enabled) return next();
    const key = url.pathname + url.search;
    // Sync before rendering: a write during the render keeps the page out of the cache.
    const version = await cache.sync();
    const hit = cache.get(key);
    const ifModifiedSince = c.req.header('if-modified-since');
    if (hit) return cachedResponse(hit, c.req.header('if-none-match'), c.req.method, ifModifiedSince);
    await next();
    const res = c.res;
    const tagged = res.headers.get(CACHE_TAGS_HEADER);
    res.headers.delete(CACHE_TAGS_HEADER);
    const cacheControl = res.headers.get('cache-control') ?? '';
    if (
      !CACHEABLE_STATUS.has(res.status) ||
      res.headers.has('set-cookie') ||
      /no-store|private/.test(cacheControl)
    ) {
      return;
    }
    const body = Buffer.from(await res.arrayBuffer());
    const etag = res.headers.get('etag') ?? `W/"${createHash('sha1').update(body).digest('base64url')}"`;
    const headers: [string, string][] = [...res.headers.entries()].filter(
      ([name]) => name !== 'content-length',
    );
    if (!res.headers.has('etag')) headers.push(['etag', etag]);
    const tags = tagged ? tagged.split(' ').filter(Boolean) : null;
    const page = { status: res.status, headers, body, etag, tags };
    cache.set(key, page, version);
    c.res = cachedResponse(
      cachedPage(page, Date.now()),
      c.req.header('if-none-match'),
      c.req.method,
      ifModifiedSince,
    );
  };
}

export function cachedResponse(
  page: CachedPage,
  ifNoneMatch: string | undefined,
  method: string,
  ifModifiedSince?: string,
): Response {
  if (notModified(page, ifNoneMatch, ifModifiedSince)) {
    return new Response(null, { status: 304, headers: page.headers.filter(([n]) => !/^content-/.test(n)) });
  }
  return new Response(method === 'HEAD' ? null : new Uint8Array(page.body), {
    status: page.status,
    headers: page.headers,
  });
}

/** RFC 9110 §13.2.2: If-None-Match decides when present; otherwise If-Modified-Since, if the page has a date. */
export function notModified(
  page: Pick<CachedPage, 'status' | 'etag' | 'lastModified'>,
  ifNoneMatch: string | undefined,
  ifModifiedSince: string | undefined,
): boolean {
  if (page.status !== 200) return false;
  if (ifNoneMatch) return etagMatches(ifNoneMatch, page.etag);
  const { lastModified } = page;
  if (!ifModifiedSince || !lastModified) return false;
  const since = Date.parse(ifModifiedSince);
  return Number.isFinite(since) && Date.parse(lastModified) <= since;
}

export function etagMatches(ifNoneMatch: string, etag: string): boolean {
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch === '*' || ifNoneMatch.split(',').some((tag) => bare(tag) === bare(etag));
}

/**
 * Tags the page being rendered with what it shows (post:ID, posts, comments), so the page cache
 * drops it only when one of those changes. An untagged page is dropped by any change.
 */
export function tagPage(c: Context, ...tags: string[]): void {
  c.header(CACHE_TAGS_HEADER, tags.join(' '));
}
