// A fetched feed's text → one model for every format feedsmith reads (RSS 0.9x/2.0, RSS 1.0/RDF,
// Atom, JSON Feed). feedsmith was chosen over rss-parser after measuring both against Python
// feedparser on ../shared/corpora/feeds (test/feeds-corpus.test.ts). A text that is not a feed
// is refused with a reason in words, never a parser's stack.
import { onFirstUse } from '../lib/on-first-use.ts';

const feedsmith = onFirstUse<typeof import('feedsmith')>('feedsmith');

export interface FeedEntry {
  /** The entry's id (guid, atom:id), when it has one. */
  guid: string | null;
  url: string | null;
  title: string;
  /** Plain text, at most ~600 characters. */
  summary: string;
  imageUrl: string | null;
  authors: string[];
  /** ISO 8601, or null when the feed gave no date it could be read from. */
  publishedAt: string | null;
}

export interface ParsedFeed {
  format: 'rss' | 'atom' | 'rdf' | 'json';
  title: string;
  siteUrl: string | null;
  /** A WebSub hub the feed names, if any. */
  hub: string | null;
  /** The feed's own address as it states it (rel="self"): a WebSub topic. */
  self: string | null;
  entries: FeedEntry[];
}

export class FeedParseError extends Error {}

// biome-ignore lint/suspicious/noExplicitAny: feedsmith's four result shapes are read field by field
type Any = any;

export function parseFeedText(text: string, feedUrl: string): ParsedFeed {
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  if (!trimmed) throw new FeedParseError('the document is empty');
  if (/^<!doctype html|^<html\b/i.test(trimmed)) {
    throw new FeedParseError('this is a web page, not a feed (add the outlet by its site address instead)');
  }
  let result: { format: string; feed: Any };
  try {
    result = feedsmith().parseFeed(trimmed) as { format: string; feed: Any };
  } catch (err) {
    const message = (err as Error).message || 'unreadable';
    throw new FeedParseError(
      `not a feed this reader understands: ${message.replace(/\s+/g, ' ').slice(0, 160)}`,
    );
  }
  const { format, feed } = result;
  const base = feedUrl;
  if (format === 'atom') {
    return {
      format,
      title: text1(feed.title) || hostOf(feedUrl),
      siteUrl: resolve(pickLink(feed.links, 'alternate'), base),
      hub: resolve(pickLink(feed.links, 'hub'), base),
      self: resolve(pickLink(feed.links, 'self'), base),
      entries: (feed.entries ?? []).map((e: Any) => ({
        guid: str(e.id),
        url: resolve(pickLink(e.links, 'alternate'), base),
        title: plain(text1(e.title)),
        summary: summarise(text1(e.summary) || text1(e.content)),
        imageUrl: resolve(mediaImage(e) ?? firstImage(text1(e.content) || text1(e.summary)), base),
        authors: names(e.authors),
        publishedAt: isoDate(e.published ?? e.updated),
      })),
    };
  }
  if (format === 'json') {
    return {
      format,
      title: str(feed.title) || hostOf(feedUrl),
      siteUrl: resolve(str(feed.home_page_url), base),
      hub: resolve(str(feed.hubs?.[0]?.url), base),
      self: resolve(str(feed.feed_url), base),
      entries: (feed.items ?? []).map((e: Any) => ({
        guid: str(e.id),
        url: resolve(str(e.url) ?? str(e.external_url), base),
        title: plain(str(e.title) ?? ''),
        summary: summarise(str(e.summary) ?? str(e.content_text) ?? str(e.content_html) ?? ''),
        imageUrl: resolve(str(e.image) ?? str(e.banner_image) ?? firstImage(str(e.content_html) ?? ''), base),
        authors: names(e.authors ?? (e.author ? [e.author] : [])),
        publishedAt: isoDate(e.date_published ?? e.date_modified),
      })),
    };
  }
  // RSS and RDF share their field names.
  const atomLinks = feed.atom?.links ?? [];
  return {
    format: format === 'rdf' ? 'rdf' : 'rss',
    title: plain(str(feed.title) ?? '') || hostOf(feedUrl),
    siteUrl: resolve(str(feed.link), base),
    hub: resolve(pickLink(atomLinks, 'hub'), base),
    self: resolve(pickLink(atomLinks, 'self'), base),
    entries: (feed.items ?? []).map((e: Any) => {
      const guid = typeof e.guid === 'object' ? str(e.guid?.value) : str(e.guid);
      const permalink = e.guid?.isPermaLink !== false && guid && /^https?:/.test(guid) ? guid : null;
      const body = str(e.content?.encoded) ?? str(e.description) ?? '';
      return {
        guid: guid ?? str(e.about),
        url: resolve(str(e.link) ?? permalink ?? str(e.about), base),
        title: plain(str(e.title) ?? str(e.dc?.title) ?? ''),
        summary: summarise(str(e.description) ?? body),
        imageUrl: resolve(mediaImage(e) ?? enclosureImage(e) ?? firstImage(body), base),
        authors: [
          ...new Set([...(e.authors ?? []).map(personName), ...(e.dc?.creators ?? []), str(e.dc?.creator)]),
        ].filter((n): n is string => typeof n === 'string' && n.trim() !== ''),
        publishedAt: isoDate(e.pubDate ?? e.dc?.date ?? e.dc?.dates?.[0]),
      };
    }),
  };
}

function str(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() || null;
  if (typeof value === 'number') return String(value);
  return null;
}

/** Atom text constructs come as strings or {value, type}. */
function text1(value: Any): string {
  if (typeof value === 'string') return value;
  if (value && typeof value.value === 'string') return value.value;
  return '';
}

function pickLink(links: Any[] | undefined, rel: string): string | null {
  if (!Array.isArray(links)) return null;
  const found =
    links.find(
      (l) => (l.rel ?? 'alternate') === rel && (rel !== 'alternate' || !l.type || /html/.test(l.type)),
    ) ?? (rel === 'alternate' ? links.find((l) => !l.rel || l.rel === 'alternate') : undefined);
  return str(found?.href);
}

function personName(p: Any): string | null {
  if (typeof p === 'string') return p.replace(/^\S+@\S+\s*\((.+)\)$/, '$1').trim() || null;
  return str(p?.name) ?? str(p?.email);
}

function names(list: Any[] | undefined): string[] {
  return (list ?? []).map(personName).filter((n): n is string => !!n);
}

function mediaImage(e: Any): string | null {
  const media = e.media;
  if (!media) return null;
  const thumbs = media.thumbnails ?? media.group?.thumbnails ?? [];
  const contents = media.contents ?? media.group?.contents ?? [];
  const image = contents.find((c: Any) => c.medium === 'image' || /^image\//.test(c.type ?? ''));
  return str(image?.url) ?? str(thumbs[0]?.url);
}

function enclosureImage(e: Any): string | null {
  const enclosures = e.enclosures ?? (e.enclosure ? [e.enclosure] : []);
  return str(enclosures.find((x: Any) => /^image\//.test(x.type ?? ''))?.url);
}

function firstImage(html: string): string | null {
  const m = /<img\b[^>]*?\bsrc\s*=\s*["']([^"']+)["']/i.exec(html);
  return m ? m[1]!.replace(/&amp;/g, '&') : null;
}

function resolve(url: string | null, base: string): string | null {
  if (!url) return null;
  try {
    const u = new URL(url, base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** HTML → plain text: tags dropped, the common entities decoded, spaces collapsed. */
export function plain(html: string): string {
  return html
    .replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (all, code: string) => {
      if (code[0] === '#') {
        const n =
          code[1] === 'x' || code[1] === 'X' ? Number.parseInt(code.slice(2), 16) : Number(code.slice(1));
        return Number.isFinite(n) && n > 0 && n < 0x110000 ? String.fromCodePoint(n) : all;
      }
      return ENTITIES[code.toLowerCase()] ?? all;
    })
    .replace(/\s+/g, ' ')
    .trim();
}

function summarise(html: string): string {
  const text = plain(html);
  if (text.length <= 600) return text;
  const cut = text.slice(0, 600);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 500))}…`;
}

/** RFC 822 and ISO 8601 dates (and the usual sloppiness) → ISO, else null. */
export function isoDate(value: unknown): string | null {
  const s = str(value);
  if (!s) return null;
  const t = Date.parse(s.replace(/\b(UT|Z)$/, 'GMT'));
  if (Number.isNaN(t)) return null;
  const year = new Date(t).getUTCFullYear();
  return year > 1970 && year < 2200 ? new Date(t).toISOString() : null;
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return url;
  }
}
