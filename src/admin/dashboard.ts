// The dashboard's figures and recent activity, read in a handful of small queries.
import { type Kysely, sql } from 'kysely';
import type { CommentStatus, Database, PostStatus } from '../storage/schema.ts';

export interface DashboardData {
  posts: Record<PostStatus, number>;
  pages: number;
  trash: number;
  comments: Record<CommentStatus, number>;
  recentPosts: {
    id: number;
    title: string;
    status: PostStatus;
    kind: string;
    updated_at: string;
    author: string | null;
    path: string;
    published_at: string;
  }[];
  recentComments: {
    id: number;
    author_name: string;
    body_text: string;
    status: CommentStatus;
    created_at: string;
    post_title: string;
    post_id: number;
  }[];
  upcoming: { id: number; title: string; published_at: string }[];
  moderation: {
    comment_id: number;
    to_status: CommentStatus | null;
    action: string;
    created_at: string;
    who: string | null;
    author_name: string;
  }[];
}

export async function dashboardData(db: Kysely<Database>, authorId?: number): Promise<DashboardData> {
  let postCounts = db
    .selectFrom('posts')
    .select([
      'kind',
      'status',
      sql<number>`count(*)`.as('n'),
      sql<number>`sum(case when trashed_at is null then 0 else 1 end)`.as('trashed'),
    ])
    .groupBy(['kind', 'status']);
  if (authorId !== undefined) postCounts = postCounts.where('author_id', '=', authorId);
  const posts: Record<PostStatus, number> = { draft: 0, scheduled: 0, published: 0 };
  let pages = 0;
  let trash = 0;
  for (const row of await postCounts.execute()) {
    const live = Number(row.n) - Number(row.trashed);
    trash += Number(row.trashed);
    if (row.kind === 'page') pages += live;
    else posts[row.status] += live;
  }
  const comments: Record<CommentStatus, number> = { pending: 0, approved: 0, spam: 0, deleted: 0 };
  const commentRows = await db
    .selectFrom('comments')
    .select(['status', sql<number>`count(*)`.as('n')])
    .groupBy('status')
    .execute();
  for (const row of commentRows) comments[row.status] = Number(row.n);

  let recent = db
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
    .limit(6);
  if (authorId !== undefined) recent = recent.where('posts.author_id', '=', authorId);
  const recentComments = await db
    .selectFrom('comments')
    .innerJoin('posts', 'posts.id', 'comments.post_id')
    .select([
      'comments.id',
      'comments.author_name',
      'comments.body_text',
      'comments.status',
      'comments.created_at',
      'posts.title as post_title',
      'posts.id as post_id',
    ])
    .where('comments.status', 'in', ['pending', 'approved'])
    .orderBy('comments.created_at', 'desc')
    .limit(6)
    .execute();
  let upcoming = db
    .selectFrom('posts')
    .select(['id', 'title', 'published_at'])
    .where('status', '=', 'scheduled')
    .where('trashed_at', 'is', null)
    .orderBy('published_at', 'asc')
    .limit(5);
  if (authorId !== undefined) upcoming = upcoming.where('author_id', '=', authorId);
  const moderation = await db
    .selectFrom('moderation_log')
    .innerJoin('comments', 'comments.id', 'moderation_log.comment_id')
    .leftJoin('users', 'users.id', 'moderation_log.user_id')
    .select([
      'moderation_log.comment_id',
      'moderation_log.to_status',
      'moderation_log.action',
      'moderation_log.created_at',
      'users.name as who',
      'comments.author_name',
    ])
    .orderBy('moderation_log.id', 'desc')
    .limit(5)
    .execute();
  return {
    moderation,
    posts,
    pages,
    trash,
    comments,
    recentPosts: await recent.execute(),
    recentComments,
    upcoming: await upcoming.execute(),
  };
}
