// Reading posts for public pages. Only published, untrashed posts are public.
import { type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import type { Database, Post, PostKind } from '../storage/schema.ts';

export function publicPosts(db: Kysely<Database>, kind: PostKind = 'post') {
  return db
    .selectFrom('posts')
    .where('kind', '=', kind)
    .where('status', '=', 'published')
    .where('trashed_at', 'is', null);
}

export interface PageWindow {
  /** Posts strictly older than this instant (Blogger's updated-max). */
  before?: string;
  /** Posts strictly newer than this instant (Blogger's updated-min). */
  after?: string;
  limit: number;
}

/** A page of posts newest first, plus whether older and newer posts exist beyond it. */
export async function listPosts(db: Kysely<Database>, window: PageWindow, label?: string) {
  return pagePosts(() => {
    const q = publicPosts(db).selectAll('posts');
    if (!label) return q;
    return q.where('posts.id', 'in', (sub) =>
      sub
        .selectFrom('post_labels')
        .innerJoin('labels', 'labels.id', 'post_labels.label_id')
        .select('post_labels.post_id')
        .where('labels.name', '=', label),
    );
  }, window);
}

/** Public posts narrowed as a listing needs (a label's, an outlet's), selecting every column. */
export type PostSelection = () => SelectQueryBuilder<Database, 'posts', Post>;

/** Blogger's paging over any selection of posts: one window newest first, and what lies beyond it. */
export async function pagePosts(base: PostSelection, window: PageWindow) {
  const exists = async (op: '<' | '>', edge: string | undefined) =>
    edge ? Boolean(await base().where('published_at', op, edge).limit(1).executeTakeFirst()) : false;

  if (window.after && !window.before) {
    const rows = await base()
      .where('published_at', '>', window.after)
      .orderBy('published_at', 'asc')
      .orderBy('id', 'asc')
      .limit(window.limit + 1)
      .execute();
    const hasNewer = rows.length > window.limit;
    const posts = rows.slice(0, window.limit).reverse();
    return { posts, hasNewer, hasOlder: await exists('<', posts.at(-1)?.published_at ?? window.after) };
  }
  let q = base();
  if (window.before) q = q.where('published_at', '<', window.before);
  const rows = await q
    .orderBy('published_at', 'desc')
    .orderBy('id', 'desc')
    .limit(window.limit + 1)
    .execute();
  const posts: Post[] = rows.slice(0, window.limit);
  const hasNewer = window.before ? await exists('>', posts[0]?.published_at ?? window.before) : false;
  return { posts, hasOlder: rows.length > window.limit, hasNewer };
}

export async function findPublicByPath(db: Kysely<Database>, path: string): Promise<Post | undefined> {
  return db
    .selectFrom('posts')
    .selectAll()
    .where('path', '=', path)
    .where('status', '=', 'published')
    .where('trashed_at', 'is', null)
    .executeTakeFirst();
}

export async function labelsOf(db: Kysely<Database>, postIds: number[]): Promise<Map<number, string[]>> {
  const map = new Map<number, string[]>();
  if (postIds.length === 0) return map;
  const rows = await db
    .selectFrom('post_labels')
    .innerJoin('labels', 'labels.id', 'post_labels.label_id')
    .select(['post_labels.post_id', 'labels.name'])
    .where('post_labels.post_id', 'in', postIds)
    .orderBy('labels.name')
    .execute();
  for (const row of rows) {
    const list = map.get(row.post_id) ?? [];
    list.push(row.name);
    map.set(row.post_id, list);
  }
  return map;
}

/** Labels of published posts, with how many posts carry each. */
export async function labelCounts(db: Kysely<Database>) {
  const rows = await db
    .selectFrom('labels')
    .innerJoin('post_labels', 'post_labels.label_id', 'labels.id')
    .innerJoin('posts', 'posts.id', 'post_labels.post_id')
    .where('posts.status', '=', 'published')
    .where('posts.trashed_at', 'is', null)
    .where('posts.kind', '=', 'post')
    .select(['labels.name', sql<number>`count(*)`.as('count')])
    .groupBy('labels.name')
    .orderBy('labels.name')
    .execute();
  return rows.map((r) => ({ name: r.name, count: Number(r.count) }));
}

/** Published posts per month as [{year, month, count}], newest first; months in the blog's zone. */
export async function archiveCounts(db: Kysely<Database>) {
  // Posts are grouped by their path's /YYYY/MM/ (set from the blog's zone when published), which is
  // also what the archive pages select on; this keeps both dialects on the same plain query.
  const rows = await publicPosts(db)
    .select([sql<string>`substr(path, 2, 7)`.as('ym'), sql<number>`count(*)`.as('count')])
    .groupBy(sql`substr(path, 2, 7)`)
    .orderBy(sql`substr(path, 2, 7)`, 'desc')
    .execute();
  return rows
    .filter((r) => /^\d{4}\/\d{2}$/.test(r.ym))
    .map((r) => ({ year: r.ym.slice(0, 4), month: r.ym.slice(5, 7), count: Number(r.count) }));
}

/** Published posts whose path lies under /YYYY/ or /YYYY/MM/, newest first. */
export async function postsUnderPath(db: Kysely<Database>, prefix: string, limit: number, before?: string) {
  let q = publicPosts(db).selectAll().where('path', 'like', `${prefix}%`);
  if (before) q = q.where('published_at', '<', before);
  const posts = await q
    .orderBy('published_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  return { posts: posts.slice(0, limit), hasOlder: posts.length > limit };
}

export async function publicPages(db: Kysely<Database>) {
  return publicPosts(db, 'page').select(['id', 'title', 'path']).orderBy('title').orderBy('id').execute();
}

/**
 * The next older and newer published posts, for the post page's navigation. A row-value
 * comparison, (published_at, id) < (…, …), is one range of the listing index on both databases;
 * the same test spelt with OR made SQLite step through the posts of that instant and beyond.
 */
export async function neighbours(db: Kysely<Database>, post: Post) {
  const older = await publicPosts(db)
    .select(['title', 'path'])
    .where((eb) => eb(eb.refTuple('published_at', 'id'), '<', eb.tuple(post.published_at, post.id)))
    .orderBy('published_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const newer = await publicPosts(db)
    .select(['title', 'path'])
    .where((eb) => eb(eb.refTuple('published_at', 'id'), '>', eb.tuple(post.published_at, post.id)))
    .orderBy('published_at', 'asc')
    .orderBy('id', 'asc')
    .limit(1)
    .executeTakeFirst();
  return { older, newer };
}

/** The newest public posts' titles and paths (the not-found page's suggestions). */
export function recentPosts(db: Kysely<Database>, limit: number) {
  return publicPosts(db).select(['title', 'path']).orderBy('published_at', 'desc').limit(limit).execute();
}

/** Any post by id, whatever its status (the admin's lookups). */
export function findPostById(db: Kysely<Database>, id: number): Promise<Post | undefined> {
  return db.selectFrom('posts').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Posts by id, whatever their status (the admin's bulk actions). */
export function findPostsByIds(db: Kysely<Database>, ids: number[]): Promise<Post[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('posts').selectAll().where('id', 'in', ids).execute();
}
