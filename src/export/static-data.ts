// What the static mirror knows before it renders anything, read in a few bulk queries: every
// public post's address, dates and labels, every comment's shape, the editors' names. From these
// the mirror plans its pages and tells which of them changed since the last export.
import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { publicPosts } from '../posts/queries.ts';
import type { Database, Post } from '../storage/schema.ts';

export interface MirrorPost {
  id: number;
  kind: Post['kind'];
  path: string;
  title: string;
  published_at: string;
  updated_at: string;
  image_media_id: number | null;
  image_src: string | null;
}

export interface MirrorData {
  /** Published posts, newest first (the order of every listing). */
  posts: MirrorPost[];
  /** Published static pages. */
  pages: MirrorPost[];
  /** Label names per post, in the order the post page lists them. */
  labels: Map<number, string[]>;
  /** Approved comments per post. */
  approved: Map<number, number>;
  /** A fingerprint per post of everything about its comments a page could show. */
  commentPrints: Map<number, string>;
  /** A fingerprint of every comment (the comments feed). */
  allComments: string;
  /** A fingerprint of the editors' names (feeds name them). */
  users: string;
  /** A fingerprint of each image's sizes, by "id:N" and by "path:P" (a lead image names either). */
  media: Map<string, string>;
}

const COLUMNS = [
  'id',
  'kind',
  'path',
  'title',
  'published_at',
  'updated_at',
  'image_media_id',
  'image_src',
] as const;

export async function readMirrorData(db: Kysely<Database>): Promise<MirrorData> {
  const [posts, pages, labelRows, commentRows, userRows, mediaRows] = await Promise.all([
    publicPosts(db, 'post')
      .select([...COLUMNS])
      .orderBy('published_at', 'desc')
      .orderBy('id', 'desc')
      .execute(),
    publicPosts(db, 'page')
      .select([...COLUMNS])
      .orderBy('id')
      .execute(),
    db
      .selectFrom('post_labels')
      .innerJoin('labels', 'labels.id', 'post_labels.label_id')
      .select(['post_labels.post_id', 'labels.name'])
      .orderBy('labels.name')
      .execute(),
    db
      .selectFrom('comments')
      .select(['id', 'post_id', 'parent_id', 'status', 'created_at', 'updated_at', 'author_user_id'])
      .orderBy('id')
      .execute(),
    db.selectFrom('users').select(['id', 'name', 'profile_url']).orderBy('id').execute(),
    db.selectFrom('media').select(['id', 'path', 'width', 'variants']).execute(),
  ]);
  const media = new Map<string, string>();
  for (const m of mediaRows) {
    const print = `${m.path},${m.width},${m.variants}`;
    media.set(`id:${m.id}`, print);
    media.set(`path:${m.path}`, print);
  }
  const labels = new Map<number, string[]>();
  for (const r of labelRows) {
    const list = labels.get(r.post_id);
    if (list) list.push(r.name);
    else labels.set(r.post_id, [r.name]);
  }
  const approved = new Map<number, number>();
  const shapes = new Map<number, string[]>();
  for (const c of commentRows) {
    if (c.status === 'approved') approved.set(c.post_id, (approved.get(c.post_id) ?? 0) + 1);
    const shape = `${c.id},${c.parent_id},${c.status},${c.created_at},${c.updated_at},${c.author_user_id}`;
    const list = shapes.get(c.post_id);
    if (list) list.push(shape);
    else shapes.set(c.post_id, [shape]);
  }
  const commentPrints = new Map<number, string>();
  for (const [id, list] of shapes) commentPrints.set(id, fingerprint(list.join(';')));
  return {
    posts,
    pages,
    labels,
    approved,
    commentPrints,
    allComments: fingerprint([...commentPrints].join(';')),
    users: fingerprint(JSON.stringify(userRows)),
    media,
  };
}

/** Every column a listing shows; the body only where it holds an editor's note (the listing shows the first). */
const SUMMARY_COLUMNS = [
  'id',
  'kind',
  'status',
  'title',
  'slug',
  'path',
  'body_source',
  'excerpt',
  'author_id',
  'published_at',
  'published_zone',
  'created_at',
  'updated_at',
  'trashed_at',
  'comment_policy',
  'image_src',
  'image_alt',
  'image_caption',
  'image_credit',
  'image_media_id',
  'source_title',
  'source_authors',
  'source_outlet',
  'source_date',
  'source_url',
  'external_id',
  'import_hash',
] as const;
// A column added to posts must be named above (or it would be missing from listings).
const everyColumn: Exclude<keyof Post, (typeof SUMMARY_COLUMNS)[number] | 'body_html'> extends never
  ? true
  : false = true;
void everyColumn;

/**
 * Whole rows of the posts a batch of pages shows, by id: `whole` for post pages, and for the rest
 * (posts a listing shows) the body only when it holds an editor's note, which is all a listing
 * reads of it: a listing page no longer costs the text of each post it lists.
 */
export async function fullPosts(db: Kysely<Database>, whole: number[], summaries: number[] = []) {
  const map = new Map<number, Post>();
  // In slices: SQLite binds at most 32,766 values.
  for (let i = 0; i < whole.length; i += 1000) {
    const rows = await db
      .selectFrom('posts')
      .selectAll()
      .where('id', 'in', whole.slice(i, i + 1000))
      .execute();
    for (const row of rows) map.set(row.id, row);
  }
  const rest = summaries.filter((id) => !map.has(id));
  for (let i = 0; i < rest.length; i += 1000) {
    const rows = await db
      .selectFrom('posts')
      .select([
        ...SUMMARY_COLUMNS,
        sql<string>`case when body_html like ${'%class="editor-note"%'} then body_html else '' end`.as(
          'body_html',
        ),
      ])
      .where('id', 'in', rest.slice(i, i + 1000))
      .execute();
    for (const row of rows) map.set(row.id, row);
  }
  return map;
}

export function fingerprint(text: string): string {
  return createHash('sha1').update(text).digest('base64url');
}
