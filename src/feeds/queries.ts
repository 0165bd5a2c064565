// Reading what feeds show: published posts newest first (optionally with every one of some
// labels), and approved comments on published posts. Never a commenter's e-mail address.
import type { Kysely } from 'kysely';
import { recordId } from '../lib/record-id.ts';
import { publicPosts } from '../posts/queries.ts';
import { type SourceFilter, whereSource, writtenBy } from '../posts/source-queries.ts';
import type { Database, Post } from '../storage/schema.ts';

export interface FeedWindow {
  /** 1-based, as Blogger's start-index. */
  startIndex: number;
  maxResults: number;
}

export async function feedPosts(
  db: Kysely<Database>,
  window: FeedWindow,
  labels: string[] = [],
  source?: SourceFilter,
): Promise<{ posts: Post[]; total: number; lastModified?: string }> {
  const base = () => {
    const q = source ? whereSource(db, publicPosts(db), source) : publicPosts(db);
    if (labels.length === 0) return q;
    return q.where('posts.id', 'in', (sub) =>
      sub
        .selectFrom('post_labels')
        .innerJoin('labels', 'labels.id', 'post_labels.label_id')
        .select('post_labels.post_id')
        .where('labels.name', 'in', labels)
        .groupBy('post_labels.post_id')
        .having((eb) => eb.fn.count('labels.id').distinct(), '=', labels.length),
    );
  };
  const [posts, count, last] = await Promise.all([
    base()
      .selectAll('posts')
      .orderBy('published_at', 'desc')
      .orderBy('id', 'desc')
      .limit(window.maxResults)
      .offset(window.startIndex - 1)
      .execute(),
    base()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
    base()
      .select((eb) => eb.fn.max('updated_at').as('last'))
      .executeTakeFirst(),
  ]);
  const author = source?.author;
  return {
    posts: author === undefined ? posts : posts.filter((p) => writtenBy(p, author)),
    total: Number(count.n),
    lastModified: last?.last ?? undefined,
  };
}

/** Display names of the users who wrote these posts. */
export async function authorNames(db: Kysely<Database>, posts: Post[]): Promise<Map<number, string>> {
  const ids = [...new Set(posts.map((p) => p.author_id).filter((id): id is number => id !== null))];
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export interface FeedComment {
  id: number;
  post_id: number;
  parent_id: number | null;
  author_name: string;
  author_url: string | null;
  body_text: string;
  body_html: string;
  created_at: string;
  updated_at: string;
  external_id: string | null;
  post_title: string;
  post_path: string;
  post_external_id: string | null;
}

/** Approved comments on published posts (one post's, or all), newest first. */
export async function feedComments(
  db: Kysely<Database>,
  window: FeedWindow,
  postId?: number,
): Promise<{ comments: FeedComment[]; total: number; lastModified?: string }> {
  const base = () => {
    let q = db
      .selectFrom('comments')
      .innerJoin('posts', 'posts.id', 'comments.post_id')
      .where('comments.status', '=', 'approved')
      .where('posts.status', '=', 'published')
      .where('posts.trashed_at', 'is', null);
    if (postId !== undefined) q = q.where('comments.post_id', '=', postId);
    return q;
  };
  const [comments, count, last] = await Promise.all([
    base()
      .select([
        'comments.id',
        'comments.post_id',
        'comments.parent_id',
        'comments.author_name',
        'comments.author_url',
        'comments.body_text',
        'comments.body_html',
        'comments.created_at',
        'comments.updated_at',
        'comments.external_id',
        'posts.title as post_title',
        'posts.path as post_path',
        'posts.external_id as post_external_id',
      ])
      .orderBy('comments.created_at', 'desc')
      .orderBy('comments.id', 'desc')
      .limit(window.maxResults)
      .offset(window.startIndex - 1)
      .execute(),
    base()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
    base()
      .select((eb) => eb.fn.max('comments.updated_at').as('last'))
      .executeTakeFirst(),
  ]);
  return { comments, total: Number(count.n), lastModified: last?.last ?? undefined };
}

/**
 * The post a comments-feed URL names: Gloss's own id, or the Blogger post id of an imported post
 * (old subscribers' /feeds/POSTID/comments/default keep working).
 */
export async function postForFeedId(db: Kysely<Database>, feedId: string) {
  if (!/^\d{1,30}$/.test(feedId)) return undefined;
  const query = publicPosts(db).select(['posts.id', 'posts.title', 'posts.path', 'posts.external_id']);
  const id = recordId(feedId);
  const own = id ? await query.where('posts.id', '=', id).executeTakeFirst() : undefined;
  if (own) return own;
  return query
    .where((eb) =>
      eb.or([eb('posts.external_id', '=', feedId), eb('posts.external_id', 'like', `%post-${feedId}`)]),
    )
    .executeTakeFirst();
}
