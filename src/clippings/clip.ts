// Clip a news article from its URL: fetch it safely, extract it, refuse a duplicate, and store a
// draft post (source block filled, the article's paragraphs under it, the editor's first note on
// top) with a snapshot of what was extracted, so the clipping outlives the outlet's page.

import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { escapeHtml } from '../lib/html.ts';
import { blockNoteHtml } from '../posts/notes.ts';
import { createPost } from '../posts/save.ts';
import type { Database, Post } from '../storage/schema.ts';
import { type BodyImagesResult, downloadBodyImages } from './body-images.ts';
import { type ExtractedArticle, extractArticle } from './extract.ts';
import { type FetchedPage, type FetchPageOptions, fetchPage } from './fetch.ts';

export interface ClipOptions {
  fetch: FetchPageOptions;
  timeZone: string;
  authorId?: number | null;
  /** The editor's first note (the text selected when the bookmarklet was clicked). */
  note?: string | null;
  /** Store the clipping even when the same article was clipped before. */
  force?: boolean;
  now?: () => Date;
  /** Copy the article's body images into the media store (gloss clip --download-images). */
  downloadImages?: { mediaDir: string };
}

export interface EarlierClipping {
  postId: number;
  title: string;
  path: string;
  status: Post['status'];
  /** Why it counts as the same article. */
  reason: 'url' | 'text';
}

export type ClipResult =
  | {
      kind: 'created';
      post: Post;
      snapshotId: number;
      article: ExtractedArticle;
      page: FetchedPage;
      images?: BodyImagesResult;
    }
  | { kind: 'duplicate'; earlier: EarlierClipping; article: ExtractedArticle; page: FetchedPage };

/** Fetches and extracts without storing anything (gloss clip --json, the form's preview). */
export async function previewClip(
  url: string,
  fetchOptions: FetchPageOptions,
): Promise<{ page: FetchedPage; article: ExtractedArticle }> {
  const page = await fetchPage(url, fetchOptions);
  return { page, article: extractArticle(page.html, page.url) };
}

export async function clipUrl(db: Kysely<Database>, url: string, options: ClipOptions): Promise<ClipResult> {
  const { page, article } = await previewClip(url, options.fetch);
  const textHash = hashText(article.text);
  if (!options.force) {
    const comparable = isComparableText(article.text) ? textHash : null;
    const earlier = await findEarlierClipping(
      db,
      [page.requestedUrl, page.url, article.canonicalUrl],
      comparable,
    );
    if (earlier) return { kind: 'duplicate', earlier, article, page };
  }
  const now = (options.now ?? (() => new Date()))();
  let images: BodyImagesResult | undefined;
  if (options.downloadImages) {
    images = await downloadBodyImages(db, article.bodyHtml, {
      mediaDir: options.downloadImages.mediaDir,
      fetch: options.fetch,
      now,
    });
  }
  const bodyHtml = images?.html ?? article.bodyHtml;
  return db.transaction().execute(async (trx) => {
    const post = await createPost(
      trx,
      {
        status: 'draft',
        title: article.title || `Clipping from ${new URL(page.url).hostname}`,
        bodyHtml: clippedBodyHtml({ ...article, bodyHtml }, options.note),
        publishedAt: now.toISOString(),
        authorId: options.authorId ?? null,
        image: article.image,
        source: article.source,
      },
      options.timeZone,
      { now },
    );
    const snapshot = await trx
      .insertInto('clip_snapshots')
      .values({
        post_id: post.id,
        url: page.requestedUrl,
        canonical_url: normaliseUrl(article.canonicalUrl),
        fetched_at: page.fetchedAt,
        title: article.title || null,
        text: article.text,
        html: article.bodyHtml,
        metadata: JSON.stringify(snapshotMetadata(article, page)),
        text_hash: textHash,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { kind: 'created' as const, post, snapshotId: snapshot.id, article, page, images };
  });
}

/** The stored body: the editor's note first (kept apart as an aside), then the article as extracted. */
export function clippedBodyHtml(article: ExtractedArticle, note?: string | null): string {
  const paragraphs = (note ?? '')
    .split(/\n\s*\n/)
    .map((p) => escapeHtml(p.trim()).replace(/\s*\n\s*/g, '<br />'))
    .filter(Boolean);
  if (paragraphs.length === 0) return article.bodyHtml;
  // One paragraph is the markup notes.ts defines; several stay in the one aside.
  const aside = blockNoteHtml(paragraphs.join('</p><p>'));
  return `${aside}\n${article.bodyHtml}`;
}

/** The --json shape: what a clip would store, nothing stored. */
export function clipJson(article: ExtractedArticle) {
  return {
    title: article.title,
    source: {
      title: article.source.title,
      authors: article.source.authors,
      outlet: article.source.outlet,
      date: article.source.date,
      url: article.source.url,
    },
    image: {
      src: article.image?.src ?? null,
      caption: article.image?.caption ?? null,
      credit: article.image?.credit ?? null,
    },
    bodyHtml: article.bodyHtml,
    excerpt: article.excerpt,
  };
}

function snapshotMetadata(article: ExtractedArticle, page: FetchedPage) {
  return {
    title: article.title,
    source: article.source,
    image: article.image,
    excerpt: article.excerpt,
    lang: article.lang,
    dir: article.dir,
    canonicalUrl: article.canonicalUrl,
    fetch: {
      requestedUrl: page.requestedUrl,
      url: page.url,
      redirects: page.redirects,
      status: page.status,
      contentType: page.contentType,
      charset: page.charset,
      bytes: page.bytes,
    },
    page: article.metadata.page,
    readability: article.metadata.readability,
  };
}

/**
 * The post an earlier clipping of the same article became, if any: the same address (after
 * normalising: scheme, trailing slash, tracking parameters) or the same text under another one.
 */
export async function findEarlierClipping(
  db: Kysely<Database>,
  urls: string[],
  textHash: string | null,
): Promise<EarlierClipping | null> {
  const variants = [...new Set(urls.flatMap(urlVariants))];
  const byUrl = await db
    .selectFrom('posts')
    .leftJoin('clip_snapshots', 'clip_snapshots.post_id', 'posts.id')
    .select(['posts.id', 'posts.title', 'posts.path', 'posts.status'])
    .where('posts.trashed_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb('posts.source_url', 'in', variants),
        eb('clip_snapshots.canonical_url', 'in', variants),
        eb('clip_snapshots.url', 'in', variants),
      ]),
    )
    .orderBy('posts.id')
    .executeTakeFirst();
  if (byUrl)
    return { postId: byUrl.id, title: byUrl.title, path: byUrl.path, status: byUrl.status, reason: 'url' };
  if (!textHash) return null;
  const byText = await db
    .selectFrom('clip_snapshots')
    .innerJoin('posts', 'posts.id', 'clip_snapshots.post_id')
    .select(['posts.id', 'posts.title', 'posts.path', 'posts.status'])
    .where('clip_snapshots.text_hash', '=', textHash)
    .where('posts.trashed_at', 'is', null)
    .orderBy('posts.id')
    .executeTakeFirst();
  return byText
    ? { postId: byText.id, title: byText.title, path: byText.path, status: byText.status, reason: 'text' }
    : null;
}

const TRACKING = /^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|ocid|cmpid|smid|ref|ref_src|s_cid|ito)$/i;

/** An address without fragment, tracking parameters, default port or upper-case host. */
export function normaliseUrl(url: string): string {
  try {
    const u = new URL(url);
    u.hash = '';
    for (const key of [...u.searchParams.keys()]) if (TRACKING.test(key)) u.searchParams.delete(key);
    return u.href;
  } catch {
    return url;
  }
}

/** The forms one article's address is stored under: http or https, with or without a final slash. */
function urlVariants(url: string): string[] {
  const base = normaliseUrl(url);
  if (!/^https?:\/\//.test(base)) return [url];
  const out = new Set<string>([url]);
  for (const scheme of ['http:', 'https:']) {
    const withScheme = base.replace(/^https?:/, scheme);
    out.add(withScheme);
    const u = new URL(withScheme);
    if (u.pathname.length > 1) {
      out.add(
        u.pathname.endsWith('/') ? withScheme.replace(/\/(?=$|\?)/, '') : withScheme.replace(/(?=$|\?)/, '/'),
      );
    }
  }
  return [...out];
}

/** Hash of the article's words (case, punctuation and spacing ignored): the same story under two addresses. */
export function hashText(text: string): string {
  return createHash('sha256').update(words(text).join(' ')).digest('hex');
}

/** Very short texts are not compared by hash: two of them are too often alike. */
function isComparableText(text: string): boolean {
  return words(text).join('').length >= 200;
}

function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}
