// Saving from the editor: what the editor's buttons mean for a post's status, date and path.
//  - "Save draft" keeps it private; "Publish" makes it public now, or schedules it when its date
//    is in the future; "Save" on a public post keeps it public.
//  - A draft's date is "automatic" (published_at equal to created_at) until the editor sets one;
//    publishing with an automatic date dates the post now.
//  - A draft's path is provisional and follows the title and date; a public post's path changes
//    only when the editor changes its slug, month or kind, and then the old path redirects.
import type { Kysely } from 'kysely';
import { zonedParts, zonedTimeToUtc } from '../lib/dates.ts';
import { fallbackSlug, slugify } from '../lib/slugs.ts';
import type { CommentPolicy, Database, Post, PostKind, PostStatus } from '../storage/schema.ts';
import { markdownToHtml } from './markdown.ts';
import { pagePath, postPath } from './paths.ts';
import { redirectMovedPost } from './redirects.ts';
import { createPost, type PostImage, PostInputError, type PostSource, updatePost } from './save.ts';

export type EditorAction = 'draft' | 'publish' | 'save';

export interface EditorInput {
  title: string;
  body: string;
  format: 'markdown' | 'html';
  kind: PostKind;
  /** Empty: made from the title. */
  slug: string;
  /** "YYYY-MM-DDTHH:MM" in the blog's time zone; empty: automatic. */
  date: string;
  labels: string[];
  source: PostSource;
  image: PostImage | null;
  commentPolicy: CommentPolicy | null;
}

export interface EditorContext {
  timeZone: string;
  now: Date;
  /** Author of a new post. */
  authorId: number;
}

export async function saveFromEditor(
  db: Kysely<Database>,
  existing: Post | undefined,
  input: EditorInput,
  action: EditorAction,
  ctx: EditorContext,
): Promise<Post> {
  const explicitDate = input.date ? fromLocalInput(input.date, ctx.timeZone) : undefined;
  const status = nextStatus(existing?.status, action, explicitDate, ctx.now);
  const automatic = !explicitDate;
  const { publishedAt, slug, path: wanted } = addressOf(existing, input, status, explicitDate, ctx);

  const bodyHtml = input.format === 'markdown' ? markdownToHtml(input.body) : input.body;
  const fields = {
    kind: input.kind,
    status,
    title: input.title,
    slug,
    bodyHtml,
    bodySource: input.format === 'markdown' ? input.body : null,
    publishedAt,
    labels: input.labels,
    source: input.source,
    image: input.image,
    commentPolicy: input.commentPolicy,
  };
  if (!input.title.trim() && !bodyHtml.trim()) throw new PostInputError('Write a title or some text first.');

  if (!existing) {
    const post = await createPost(db, { ...fields, path: wanted, authorId: ctx.authorId }, ctx.timeZone, {
      now: ctx.now,
    });
    return automatic && status === 'draft' ? markAutomaticDate(db, post) : post;
  }

  const movesPath = wanted !== existing.path;
  const post = await updatePost(
    db,
    existing.id,
    {
      ...fields,
      path: movesPath ? wanted : undefined,
      authorId: existing.author_id,
      publishedZone: existing.published_zone,
      externalId: existing.external_id,
      importHash: existing.import_hash,
    },
    { now: ctx.now },
  );
  if (existing.status === 'published' && post.path !== existing.path) {
    await redirectMovedPost(db, existing.path, post.path);
  }
  return automatic && status === 'draft' ? markAutomaticDate(db, post) : post;
}

/**
 * The date, slug and path a post gets: the one rule behind saving and the address the editor
 * shows. A draft follows its title and date; a public post keeps its path unless its slug, its
 * month or its kind changes.
 */
function addressOf(
  existing: Post | undefined,
  input: Pick<EditorInput, 'kind' | 'slug' | 'title'>,
  status: PostStatus,
  explicitDate: string | undefined,
  ctx: Pick<EditorContext, 'timeZone' | 'now'>,
): { publishedAt: string; slug: string; path: string } {
  const isPublic = existing !== undefined && existing.status !== 'draft';
  const publishedAt =
    explicitDate ??
    (status === 'draft'
      ? (existing?.created_at ?? ctx.now.toISOString())
      : isPublic
        ? existing.published_at
        : ctx.now.toISOString());
  const slugSource = input.slug.trim();
  const slug = slugSource
    ? slugify(slugSource, fallbackSlug(input.kind))
    : isPublic
      ? existing.slug
      : slugify(input.title, fallbackSlug(input.kind));
  const wanted = input.kind === 'page' ? pagePath(slug) : postPath(publishedAt, slug, ctx.timeZone);
  const keepsPath =
    isPublic &&
    existing.kind === input.kind &&
    slug === existing.slug &&
    (input.kind === 'page' || existing.path.startsWith(monthPrefix(publishedAt, ctx.timeZone)));
  return { publishedAt, slug, path: keepsPath ? existing.path : wanted };
}

/**
 * The path the post will have when the editor publishes (or saves, when it is public) these
 * fields: what the editor shows under the title. An unreadable date counts as no date yet.
 */
export function plannedPath(
  existing: Post | undefined,
  input: Pick<EditorInput, 'kind' | 'slug' | 'title' | 'date'>,
  ctx: Pick<EditorContext, 'timeZone' | 'now'>,
): string {
  let explicitDate: string | undefined;
  try {
    explicitDate = input.date.trim() ? fromLocalInput(input.date, ctx.timeZone) : undefined;
  } catch {}
  const status = nextStatus(existing?.status, 'publish', explicitDate, ctx.now);
  return addressOf(existing, input, status, explicitDate, ctx).path;
}

/** Whether a draft's date was left automatic. */
export function hasAutomaticDate(post: Pick<Post, 'status' | 'published_at' | 'created_at'>): boolean {
  return post.status === 'draft' && post.published_at === post.created_at;
}

function nextStatus(
  current: PostStatus | undefined,
  action: EditorAction,
  date: string | undefined,
  now: Date,
): PostStatus {
  const future = date !== undefined && Date.parse(date) > now.getTime();
  if (action === 'draft') return 'draft';
  if (action === 'publish') return future ? 'scheduled' : 'published';
  // "save" keeps the status, but a public post moved into the future waits for its time.
  if (!current || current === 'draft') return 'draft';
  return future ? 'scheduled' : current === 'scheduled' ? 'published' : current;
}

async function markAutomaticDate(db: Kysely<Database>, post: Post): Promise<Post> {
  await db.updateTable('posts').set({ published_at: post.created_at }).where('id', '=', post.id).execute();
  return { ...post, published_at: post.created_at };
}

function monthPrefix(iso: string, timeZone: string): string {
  const { year, month } = zonedParts(iso, timeZone);
  return `/${year}/${month}/`;
}

/** "2024-05-01T14:30" (seconds optional) in the zone → UTC ISO; an unreadable value is refused. */
export function fromLocalInput(value: string, timeZone: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/.exec(value.trim());
  if (!m) throw new PostInputError(`Not a date and time: "${value}"`);
  return zonedTimeToUtc(
    {
      year: +m[1]!,
      month: +m[2]!,
      day: +m[3]!,
      hour: +(m[4] ?? 0),
      minute: +(m[5] ?? 0),
      second: +(m[6] ?? 0),
    },
    timeZone,
  );
}
