// Building the feeds' data: which posts or comments, in what order, with which links. The
// renderers (atom.ts, rss.ts, json-feed.ts) only write it out.
import type { Kysely } from 'kysely';
import { approvedCounts } from '../comments/thread.ts';
import { parseAuthors } from '../lib/authors.ts';
import { labelsOf } from '../posts/queries.ts';
import type { SourceFilter } from '../posts/source-queries.ts';
import type { BlogSettings } from '../settings/settings.ts';
import type { Database, Post } from '../storage/schema.ts';
import { urls } from '../web/urls.ts';
import { absoluteUrl, entryHtml } from './content.ts';
import type { Feed, FeedEntry, Paging } from './model.ts';
import { authorNames, type FeedComment, type FeedWindow, feedComments, feedPosts } from './queries.ts';

export const DEFAULT_MAX_RESULTS = 25;
/** Blogger's own ceiling for max-results. */
export const MAX_RESULTS = 500;

export interface FeedRequest {
  /** The site's origin, such as "https://blog.example.org" (no trailing slash). */
  base: string;
  /** This feed's path, such as "/feeds/posts/default" (format and paging are added here). */
  path: string;
  window: FeedWindow;
  /** Summary feeds (Blogger's /feeds/posts/summary) carry excerpts, not whole posts. */
  summary: boolean;
}

/** Blogger's paging parameters, forgiving: anything unreadable falls back to the defaults. */
export function feedWindow(startIndex: string | undefined, maxResults: string | undefined): FeedWindow {
  const start = Number.parseInt(startIndex ?? '', 10);
  const max = Number.parseInt(maxResults ?? '', 10);
  return {
    startIndex: Number.isFinite(start) && start >= 1 ? Math.min(start, 1_000_000) : 1,
    maxResults: Number.isFinite(max) && max >= 1 ? Math.min(max, MAX_RESULTS) : DEFAULT_MAX_RESULTS,
  };
}

export async function postsFeed(
  db: Kysely<Database>,
  settings: BlogSettings,
  request: FeedRequest,
  labels: string[] = [],
  source?: SourceFilter,
): Promise<{ feed: Feed; lastModified?: string }> {
  const { posts, total, lastModified } = await feedPosts(db, request.window, labels, source);
  const ids = posts.map((p) => p.id);
  const [labelMap, counts, names] = await Promise.all([
    labelsOf(db, ids),
    approvedCounts(db, ids),
    authorNames(db, posts),
  ]);
  const { base } = request;
  const entries = posts.map((post): FeedEntry => {
    const sourceAuthors = parseAuthors(post.source_authors).map((name) => ({ name }));
    const editor = post.author_id !== null ? names.get(post.author_id) : undefined;
    const url = absoluteUrl(post.path, base);
    return {
      id: postEntryId(post, base),
      title: post.title,
      url,
      published: post.published_at,
      updated: post.updated_at,
      // A clipping's words are its journalists'; the editor who posted it is a contributor.
      authors: sourceAuthors.length > 0 ? sourceAuthors : [{ name: editor ?? settings.title }],
      contributors: sourceAuthors.length > 0 && editor ? [{ name: editor }] : [],
      categories: labelMap.get(post.id) ?? [],
      html: request.summary ? undefined : entryHtml(post, base),
      summary: post.excerpt,
      image: post.image_src
        ? { url: absoluteUrl(post.image_src, base), alt: post.image_alt ?? post.image_caption ?? undefined }
        : undefined,
      source: post.source_url ? { url: post.source_url, title: post.source_title ?? undefined } : undefined,
      replies: {
        pageUrl: absoluteUrl(urls.comments(post), base),
        feedUrl: absoluteUrl(urls.postCommentsFeed(post.id), base),
        count: counts.get(post.id) ?? 0,
      },
    };
  });
  const title = source
    ? `${settings.title}: ${source.author === undefined ? source.outlet : `${source.author}, ${source.outlet}`}`
    : labels.length > 0
      ? `${settings.title}: ${labels.join(', ')}`
      : settings.title;
  const feed = frame(settings, request, title, total, entries, lastModified);
  if (source) {
    const page =
      source.author === undefined
        ? urls.source(source.outlet)
        : urls.sourceAuthor(source.outlet, source.author);
    feed.homeUrl = absoluteUrl(page, base);
  }
  return { feed, lastModified };
}

export async function commentsFeed(
  db: Kysely<Database>,
  settings: BlogSettings,
  request: FeedRequest,
  post?: { id: number; title: string; path: string; external_id: string | null },
): Promise<{ feed: Feed; lastModified?: string }> {
  const { comments, total, lastModified } = await feedComments(db, request.window, post?.id);
  const { base } = request;
  const entries = comments.map((c): FeedEntry => commentEntry(c, base));
  const title = post ? `${settings.title}: comments on ${post.title}` : `${settings.title}: comments`;
  const feed = frame(settings, request, title, total, entries, lastModified);
  if (post) feed.homeUrl = absoluteUrl(urls.comments(post), base);
  return { feed, lastModified };
}

function commentEntry(c: FeedComment, base: string): FeedEntry {
  const postUrl = absoluteUrl(c.post_path, base);
  const url = absoluteUrl(urls.comment({ path: c.post_path }, c.id), base);
  const text = c.body_text.replace(/\s+/g, ' ').trim();
  const website = c.author_url && /^https?:\/\//i.test(c.author_url) ? c.author_url : undefined;
  return {
    id: isUri(c.external_id) ? c.external_id! : url,
    title: text.length > 80 ? `${text.slice(0, 79).trimEnd()}…` : text || `Comment by ${c.author_name}`,
    url,
    published: c.created_at,
    updated: c.updated_at,
    authors: [{ name: c.author_name || 'Anonymous', uri: website }],
    contributors: [],
    categories: [],
    html: c.body_html,
    summary: text,
    inReplyTo: {
      id: postEntryId({ path: c.post_path, external_id: c.post_external_id }, base),
      url: postUrl,
    },
  };
}

/** The feed's frame: ids, links in every format, paging (RFC 5005 next/previous, OpenSearch). */
function frame(
  settings: BlogSettings,
  request: FeedRequest,
  title: string,
  total: number,
  entries: FeedEntry[],
  lastModified: string | undefined,
): Feed {
  const { base, path, window } = request;
  const at = (startIndex: number): Paging => ({
    atom: feedUrl(base, path, 'atom', startIndex, window.maxResults),
    rss: feedUrl(base, path, 'rss', startIndex, window.maxResults),
    json: feedUrl(base, path, 'json', startIndex, window.maxResults),
  });
  const next =
    window.startIndex - 1 + window.maxResults < total ? at(window.startIndex + window.maxResults) : undefined;
  const previous = window.startIndex > 1 ? at(Math.max(1, window.startIndex - window.maxResults)) : undefined;
  return {
    id: absoluteUrl(path, base),
    title,
    subtitle: settings.description || undefined,
    language: settings.language,
    homeUrl: absoluteUrl('/', base),
    selfUrl: at(window.startIndex),
    updated: lastModified ?? new Date(0).toISOString(),
    author: { name: settings.title, uri: absoluteUrl('/', base) },
    entries,
    paging: { total, startIndex: window.startIndex, itemsPerPage: window.maxResults, next, previous },
  };
}

/** A feed's URL in a format, keeping Blogger's paging parameters only when they are not the defaults. */
export function feedUrl(
  base: string,
  path: string,
  format: 'atom' | 'rss' | 'json',
  start = 1,
  max = DEFAULT_MAX_RESULTS,
) {
  const params = new URLSearchParams();
  if (format === 'rss') params.set('alt', 'rss');
  if (start !== 1) params.set('start-index', String(start));
  if (max !== DEFAULT_MAX_RESULTS) params.set('max-results', String(max));
  const target = format === 'json' && path === urls.feedAtom() ? urls.feedJson() : path;
  if (format === 'json' && target !== urls.feedJson()) params.set('alt', 'jsonfeed');
  const query = params.toString();
  return absoluteUrl(`${target}${query ? `?${query}` : ''}`, base);
}

/** An imported post keeps the id it had in its old feed; others are known by their address. */
export function postEntryId(post: Pick<Post, 'path' | 'external_id'>, base: string): string {
  return isUri(post.external_id) ? post.external_id! : absoluteUrl(post.path, base);
}

function isUri(value: string | null): boolean {
  return value !== null && /^(tag:|https?:\/\/|urn:)/i.test(value);
}
