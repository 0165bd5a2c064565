// Adding an outlet by whatever address the editor has: a feed's address is taken as it is; a
// site's page is searched for <link rel="alternate"> feeds, then the usual paths (/feed, /rss...).
// Every candidate is fetched through the clipper's SSRF-safe fetcher and must parse as a feed.
import type { Kysely } from 'kysely';
import { FetchError, type FetchPageOptions, fetchFeed } from '../clippings/fetch.ts';
import { parseHTML } from '../lib/dom.ts';
import type { Database } from '../storage/schema.ts';
import { FeedParseError, type ParsedFeed, parseFeedText } from './parse.ts';
import { insertSource, type Source } from './store.ts';

export type AddSourceResult =
  | { kind: 'added' | 'known'; source: Source; feed: ParsedFeed }
  | { kind: 'refused'; reason: string };

const COMMON_PATHS = [
  '/feed',
  '/rss',
  '/feed.xml',
  '/rss.xml',
  '/atom.xml',
  '/index.xml',
  '/feed/',
  '/feeds/posts/default',
];

export async function addSource(
  db: Kysely<Database>,
  address: string,
  options: { fetch: FetchPageOptions; now: Date; name?: string },
): Promise<AddSourceResult> {
  const found = await findFeed(address, options.fetch);
  if (found.kind === 'refused') return found;
  const { source, created } = await insertSource(
    db,
    {
      name: options.name || found.feed.title,
      feedUrl: found.feedUrl,
      siteUrl: found.feed.siteUrl ?? found.siteUrl,
    },
    options.now,
  );
  return { kind: created ? 'added' : 'known', source, feed: found.feed };
}

type Found =
  | { kind: 'found'; feedUrl: string; siteUrl: string | null; feed: ParsedFeed }
  | { kind: 'refused'; reason: string };

export async function findFeed(address: string, fetch: FetchPageOptions): Promise<Found> {
  const first = await tryFeed(address, fetch);
  if (first.kind === 'found') return first;
  if (!first.html) return { kind: 'refused', reason: first.reason };
  // A web page: its declared feeds first, then the usual places.
  const candidates = [
    ...declaredFeeds(first.html, first.url),
    ...COMMON_PATHS.map((p) => new URL(p, first.url).href),
  ];
  for (const candidate of [...new Set(candidates)]) {
    const attempt = await tryFeed(candidate, fetch);
    if (attempt.kind === 'found') return { ...attempt, siteUrl: attempt.feed.siteUrl ?? first.url };
  }
  return {
    kind: 'refused',
    reason: `${first.url} is a web page that names no feed, and none was found at ${COMMON_PATHS.slice(0, 4).join(', ')}…`,
  };
}

type Attempt =
  | { kind: 'found'; feedUrl: string; siteUrl: string | null; feed: ParsedFeed }
  | { kind: 'refused'; reason: string; html?: string; url: string };

async function tryFeed(url: string, fetch: FetchPageOptions): Promise<Attempt> {
  let fetched: Awaited<ReturnType<typeof fetchFeed>>;
  try {
    fetched = await fetchFeed(url, {}, fetch);
  } catch (err) {
    if (err instanceof FetchError) return { kind: 'refused', reason: err.message, url };
    throw err;
  }
  if (fetched.kind !== 'feed') {
    return { kind: 'refused', reason: fetched.kind === 'http-error' ? fetched.message : 'no feed', url };
  }
  try {
    return {
      kind: 'found',
      feedUrl: fetched.url,
      siteUrl: null,
      feed: parseFeedText(fetched.text, fetched.url),
    };
  } catch (err) {
    if (!(err instanceof FeedParseError)) throw err;
    const html =
      /html/.test(fetched.contentType) || /^\s*<(!doctype html|html)/i.test(fetched.text)
        ? fetched.text
        : undefined;
    return { kind: 'refused', reason: `${fetched.url}: ${err.message}`, html, url: fetched.url };
  }
}

const FEED_TYPES = /^application\/(rss\+xml|atom\+xml|rdf\+xml|feed\+json|json)$|^text\/xml$/i;

/** The feeds a page names in <link rel="alternate" type="…">, absolute. */
export function declaredFeeds(html: string, pageUrl: string): string[] {
  const { document } = parseHTML(html);
  const out: string[] = [];
  for (const link of document.querySelectorAll('link[rel~="alternate"][href]')) {
    const type = (link.getAttribute('type') ?? '').trim();
    if (!FEED_TYPES.test(type)) continue;
    try {
      out.push(new URL(link.getAttribute('href')!, pageUrl).href);
    } catch {
      // an unreadable href is skipped; the common paths follow
    }
  }
  return out;
}
