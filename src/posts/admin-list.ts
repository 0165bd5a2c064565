// The editors' list of posts: every status, the trash, filters and paging (public listings are in
// queries.ts and see published posts only).
import { type Kysely, sql } from 'kysely';
import type { Database, PostKind, PostStatus } from '../storage/schema.ts';

export interface AdminPostFilter {
  /** A status, 'trash' for trashed posts, or undefined for everything not in the trash. */
  status?: PostStatus | 'trash';
  kind?: PostKind;
  label?: string;
  authorId?: number;
  /** Words that must appear in the title (case-insensitive). */
  q?: string;
  limit: number;
  offset: number;
}

export interface AdminPostRow {
  id: number;
  kind: PostKind;
  status: PostStatus;
  title: string;
  path: string;
  excerpt: string;
  published_at: string;
  updated_at: string;
  trashed_at: string | null;
  author_id: number | null;
  author_name: string | null;
  source_outlet: string | null;
  image_src: string | null;
}

export async function listAdminPosts(db: Kysely<Database>, filter: AdminPostFilter) {
  let q = db.selectFrom('posts').leftJoin('users', 'users.id', 'posts.author_id');
  if (filter.status === 'trash') q = q.where('posts.trashed_at', 'is not', null);
  else {
    q = q.where('posts.trashed_at', 'is', null);
    if (filter.status) q = q.where('posts.status', '=', filter.status);
  }
  if (filter.kind) q = q.where('posts.kind', '=', filter.kind);
  if (filter.authorId !== undefined) q = q.where('posts.author_id', '=', filter.authorId);
  if (filter.label) {
    const label = filter.label;
    q = q.where('posts.id', 'in', (sub) =>
      sub
        .selectFrom('post_labels')
        .innerJoin('labels', 'labels.id', 'post_labels.label_id')
        .select('post_labels.post_id')
        .where('labels.name', '=', label),
    );
  }
  for (const word of (filter.q ?? '').toLowerCase().split(/\s+/).filter(Boolean).slice(0, 8)) {
    const pattern = `%${word.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    q = q.where((eb) =>
      eb.or([
        eb(sql`lower(posts.title)`, 'like', sql`${pattern} escape '\\'`),
        eb(sql`lower(posts.source_outlet)`, 'like', sql`${pattern} escape '\\'`),
      ]),
    );
  }
  const [{ total }] = (await q.select(sql<number>`count(*)`.as('total')).execute()) as [{ total: number }];
  const items: AdminPostRow[] = await q
    .select([
      'posts.id',
      'posts.kind',
      'posts.status',
      'posts.title',
      'posts.path',
      'posts.excerpt',
      'posts.published_at',
      'posts.updated_at',
      'posts.trashed_at',
      'posts.author_id',
      'users.name as author_name',
      'posts.source_outlet',
      'posts.image_src',
    ])
    .orderBy(filter.status === 'trash' ? 'posts.trashed_at' : 'posts.published_at', 'desc')
    .orderBy('posts.id', 'desc')
    .limit(filter.limit)
    .offset(filter.offset)
    .execute();
  return { items, total: Number(total) };
}

/** Posts per status (and the trash) for the list's tabs. */
export async function postCountsByStatus(db: Kysely<Database>, authorId?: number) {
  let q = db
    .selectFrom('posts')
    .select([
      'status',
      sql<number>`sum(case when trashed_at is null then 1 else 0 end)`.as('live'),
      sql<number>`sum(case when trashed_at is null then 0 else 1 end)`.as('trashed'),
    ])
    .groupBy('status');
  if (authorId !== undefined) q = q.where('author_id', '=', authorId);
  const counts = { all: 0, draft: 0, scheduled: 0, published: 0, trash: 0 };
  for (const row of await q.execute()) {
    counts[row.status] += Number(row.live);
    counts.all += Number(row.live);
    counts.trash += Number(row.trashed);
  }
  return counts;
}

/** Every label name, for the editor's completion and the list's filter. */
export async function allLabels(db: Kysely<Database>): Promise<string[]> {
  const rows = await db.selectFrom('labels').select('name').orderBy('name').execute();
  return rows.map((r) => r.name);
}

/** People who have written posts, for the author filter. */
export async function postAuthors(db: Kysely<Database>) {
  return db
    .selectFrom('users')
    .select(['id', 'name'])
    .where('id', 'in', (sub) =>
      sub.selectFrom('posts').select('author_id').where('author_id', 'is not', null),
    )
    .orderBy('name')
    .execute();
}

/** Posts and pages by status for the dashboard (pages counted apart), and the trash. */
export async function postStatusFigures(db: Kysely<Database>, authorId?: number) {
  let q = db
    .selectFrom('posts')
    .select([
      'kind',
      'status',
      sql<number>`count(*)`.as('n'),
      sql<number>`sum(case when trashed_at is null then 0 else 1 end)`.as('trashed'),
    ])
    .groupBy(['kind', 'status']);
  if (authorId !== undefined) q = q.where('author_id', '=', authorId);
  const posts: Record<PostStatus, number> = { draft: 0, scheduled: 0, published: 0 };
  let pages = 0;
  let trash = 0;
  for (const row of await q.execute()) {
    const live = Number(row.n) - Number(row.trashed);
    trash += Number(row.trashed);
    if (row.kind === 'page') pages += live;
    else posts[row.status] += live;
  }
  return { posts, pages, trash };
}

/** The posts changed most recently, with their author's name. */
export function recentlyEditedPosts(db: Kysely<Database>, limit: number, authorId?: number) {
  let q = db
    .selectFrom('posts')
    .leftJoin('users', 'users.id', 'posts.author_id')
    .select([
      'posts.id',
      'posts.title',
      'posts.status',
      'posts.kind',
      'posts.updated_at',
      'posts.path',
      'posts.published_at',
      'users.name as author',
    ])
    .where('posts.trashed_at', 'is', null)
    .orderBy('posts.updated_at', 'desc')
    .limit(limit);
  if (authorId !== undefined) q = q.where('posts.author_id', '=', authorId);
  return q.execute();
}

/** Scheduled posts, the next first. */
export function upcomingPosts(db: Kysely<Database>, limit: number, authorId?: number) {
  let q = db
    .selectFrom('posts')
    .select(['id', 'title', 'published_at'])
    .where('status', '=', 'scheduled')
    .where('trashed_at', 'is', null)
    .orderBy('published_at', 'asc')
    .limit(limit);
  if (authorId !== undefined) q = q.where('author_id', '=', authorId);
  return q.execute();
}
