// Conditional GET for feeds and sitemaps: Last-Modified on every answer, 304 when the reader's
// If-Modified-Since is not older. (The page cache adds the ETag and answers If-None-Match.)
import type { Context } from 'hono';

/** An HTTP date, whole seconds: "Mon, 31 Jul 2017 10:00:00 GMT". */
export function httpDate(iso: string): string {
  return new Date(Math.floor(Date.parse(iso) / 1000) * 1000).toUTCString();
}

/** Whether a request's If-Modified-Since says it already has what was last modified at `iso`. */
export function unmodifiedSince(ifModifiedSince: string | undefined, iso: string | undefined): boolean {
  if (!ifModifiedSince || !iso) return false;
  const since = Date.parse(ifModifiedSince);
  const modified = Math.floor(Date.parse(iso) / 1000) * 1000;
  return Number.isFinite(since) && Number.isFinite(modified) && modified <= since;
}

/**
 * The response: 304 when the request is conditional and nothing changed since, else the body.
 * If-None-Match, when present, is the page cache's to answer (RFC 9110 §13.2.2).
 */
export function conditionalResponse(
  c: Context,
  lastModified: string | undefined,
  type: string,
  body: () => string,
): Response {
  // no-cache: readers may keep a copy but ask each time; the answer is a cheap 304 when nothing changed.
  const headers: Record<string, string> = { 'content-type': type, 'cache-control': 'no-cache' };
  if (lastModified) headers['last-modified'] = httpDate(lastModified);
  if (!c.req.header('if-none-match') && unmodifiedSince(c.req.header('if-modified-since'), lastModified)) {
    const { 'content-type': _type, ...unchanged } = headers;
    return c.body(null, 304, unchanged);
  }
  return c.body(body(), 200, headers);
}
