// Writing posts: the one place a post is created or changed, whoever asks (CLI, editor, importers,
// clipper). Bodies are sanitised here, paths made unique here, labels kept in step here.
import type { Kysely, Transaction } from 'kysely';
import { excerptOf } from '../lib/html.ts';
import { sanitizePostHtml } from '../lib/sanitize.ts';
import { fallbackSlug, slugify } from '../lib/slugs.ts';
import { indexPost } from '../search/indexer.ts';
import type { CommentPolicy, Database, Post, PostKind, PostStatus } from '../storage/schema.ts';
import { withoutNotes } from './notes.ts';
import { pagePath, postPath, suffixedPath } from './paths.ts';

export interface PostImage {
  src?: string | null;
  alt?: string | null;
  caption?: string | null;
  credit?: string | null;
  mediaId?: number | null;
}

export interface PostSource {
  title?: string | null;
  authors?: string[];
  outlet?: string | null;
  date?: string | null;
  url?: string | null;
}

export interface PostInput {
  kind?: PostKind;
  status?: PostStatus;
  title: string;
  /** Derived from the title when absent. */
  slug?: string;
  /** An exact path to keep (imports); derived from slug and date when absent. */
  path?: string;
  bodyHtml: string;
  bodySource?: string | null;
  /** Defaults to now. */
  publishedAt?: string;
  publishedZone?: string | null;
  updatedAt?: string;
  authorId?: number | null;
  labels?: string[];
  image?: PostImage | null;
  source?: PostSource | null;
  commentPolicy?: CommentPolicy | null;
  externalId?: string | null;
  importHash?: string | null;
}

export class PostInputError extends Error {}

type Db = Kysely<Database> | Transaction<Database>;

export interface SaveOptions {
  /** false leaves the search index to the caller (importers call indexPosts once per batch). */
  index?: boolean;
  /** false leaves the labels to the caller (importers resolve names to ids through a map of their own). */
  labels?: boolean;
  /** The time of the write (created_at, updated_at and a default publication time); now by default. */
  now?: Date;
}

export async function createPost(
  db: Db,
  input: PostInput,
  timeZone: string,
  options: SaveOptions = {},
): Promise<Post> {
  const now = (options.now ?? new Date()).toISOString();
  const row = toRow(input, now);
  const kind = input.kind ?? 'post';
  const slug = input.slug?.trim() || slugify(input.title, fallbackSlug(kind));
  const wanted =
    input.path ?? (kind === 'page' ? pagePath(slug) : postPath(row.published_at, slug, timeZone));
  const path = await freePath(db, wanted);
  const post = await db
    .insertInto('posts')
    .values({
      ...row,
      kind,
      slug,
      path,
      created_at: now,
      updated_at: input.updatedAt ?? now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  if (options.labels !== false) await setLabels(db, post.id, input.labels ?? []);
  if (options.index !== false) await indexPost(db, post);
  return post;
}

/** Replaces a post's fields with the input's (the path changes only when input.path says so). */
export async function updatePost(
  db: Db,
  id: number,
  input: PostInput,
  options: SaveOptions = {},
): Promise<Post> {
  const now = (options.now ?? new Date()).toISOString();
  const row = toRow(input, now);
  const changes: Partial<typeof row> & { path?: string; slug?: string; updated_at: string } = {
    ...row,
    updated_at: input.updatedAt ?? now,
  };
  if (input.slug) changes.slug = input.slug;
  if (input.path) changes.path = await freePath(db, input.path, id);
  const post = await db
    .updateTable('posts')
    .set(changes)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  if (!post) throw new PostInputError(`There is no post with id ${id}`);
  await setLabels(db, id, input.labels ?? []);
  if (options.index !== false) await indexPost(db, post);
  return post;
}

function toRow(input: PostInput, now: string) {
  const title = input.title.trim();
  if (!title && !input.bodyHtml.trim()) throw new PostInputError('A post needs a title or a body');
  const publishedAt = input.publishedAt ?? now;
  if (Number.isNaN(Date.parse(publishedAt))) throw new PostInputError(`Not a date: "${publishedAt}"`);
  const bodyHtml = sanitizePostHtml(input.bodyHtml);
  // A caption and credit without the picture itself (saved page text) are kept too.
  const image = input.image?.src || input.image?.caption || input.image?.credit ? input.image : null;
  const source = input.source ?? {};
  return {
    status: input.status ?? 'published',
    title,
    body_html: bodyHtml,
    body_source: input.bodySource ?? null,
    excerpt: excerptOf(withoutNotes(bodyHtml)),
    author_id: input.authorId ?? null,
    published_at: new Date(publishedAt).toISOString(),
    published_zone: input.publishedZone ?? null,
    trashed_at: null,
    comment_policy: input.commentPolicy ?? null,
    image_src: image?.src || null,
    image_alt: image?.alt ?? null,
    image_caption: image?.caption ?? null,
    image_credit: image?.credit ?? null,
    image_media_id: image?.mediaId ?? null,
    source_title: source.title?.trim() || null,
    source_authors: JSON.stringify((source.authors ?? []).map((a) => a.trim()).filter(Boolean)),
    source_outlet: source.outlet?.trim() || null,
    source_date: source.date?.trim() || null,
    source_url: source.url?.trim() || null,
    external_id: input.externalId ?? null,
    import_hash: input.importHash ?? null,
  };
}

/** The wanted path, or the first free suffixed variant of it (Blogger's slug_2.html). */
async function freePath(db: Db, wanted: string, ownId?: number): Promise<string> {
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? wanted : suffixedPath(wanted, n);
    const taken = await db.selectFrom('posts').select('id').where('path', '=', candidate).executeTakeFirst();
    if (!taken || taken.id === ownId) return candidate;
  }
}

/** The labels a post carries: trimmed, without blanks or repeats. */
export function labelNames(names: string[]): string[] {
  return [...new Set(names.map((n) => n.trim()).filter(Boolean))];
}

export async function setLabels(db: Db, postId: number, names: string[]): Promise<void> {
  const unique = labelNames(names);
  await db.deleteFrom('post_labels').where('post_id', '=', postId).execute();
  if (unique.length === 0) return;
  await db
    .insertInto('labels')
    .values(unique.map((name) => ({ name })))
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const labels = await db.selectFrom('labels').select('id').where('name', 'in', unique).execute();
  await db
    .insertInto('post_labels')
    .values(labels.map((l) => ({ post_id: postId, label_id: l.id })))
    .execute();
}
