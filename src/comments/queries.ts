// Reading comments for staff: the moderation queues, with each comment's post.
import { type Kysely, sql } from 'kysely';
import type { Comment, CommentStatus, Database } from '../storage/schema.ts';
import { COMMENT_STATUSES } from './moderation.ts';

export interface CommentFilter {
  status?: CommentStatus;
  postId?: number;
  /** Words to find in the author's name, e-mail, web address or text (case-insensitive). */
  q?: string;
  limit: number;
  offset: number;
}

const SEARCHED = [
  'comments.author_name',
  'comments.author_email',
  'comments.author_url',
  'comments.body_text',
];

export type ListedComment = Comment & { post_title: string; post_path: string };

/** Comments matching the filter, newest first, and how many match in all. */
export async function listComments(
  db: Kysely<Database>,
  filter: CommentFilter,
): Promise<{ items: ListedComment[]; total: number }> {
  let base = db.selectFrom('comments').innerJoin('posts', 'posts.id', 'comments.post_id');
  if (filter.status) base = base.where('comments.status', '=', filter.status);
  if (filter.postId !== undefined) base = base.where('comments.post_id', '=', filter.postId);
  const q = filter.q?.trim().toLowerCase();
  if (q) {
    const pattern = `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    // ESCAPE is spelt out: SQLite has no default escape character for LIKE.
    base = base.where((eb) =>
      eb.or(
        SEARCHED.map(
          (column) => sql<boolean>`lower(coalesce(${sql.ref(column)}, '')) like ${pattern} escape '\\'`,
        ),
      ),
    );
  }
  const [items, count] = await Promise.all([
    base
      .selectAll('comments')
      .select(['posts.title as post_title', 'posts.path as post_path'])
      .orderBy('comments.created_at', 'desc')
      .orderBy('comments.id', 'desc')
      .limit(Math.max(0, filter.limit))
      .offset(Math.max(0, filter.offset))
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n) };
}

/** How many comments each queue holds. */
export async function commentCountsByStatus(db: Kysely<Database>): Promise<Record<CommentStatus, number>> {
  const rows = await db
    .selectFrom('comments')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();
  const counts = Object.fromEntries(COMMENT_STATUSES.map((s) => [s, 0])) as Record<CommentStatus, number>;
  for (const row of rows) if (row.status in counts) counts[row.status] = Number(row.n);
  return counts;
}

/** One comment by id, whatever its status. */
export function findComment(db: Kysely<Database>, id: number): Promise<Comment | undefined> {
  return db.selectFrom('comments').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The newest pending and approved comments, with their post's title. */
export function recentComments(db: Kysely<Database>, limit: number) {
  return db
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
    .limit(limit)
    .execute();
}

/** The latest moderation actions, with who took them. */
export function recentModeration(db: Kysely<Database>, limit: number) {
  return db
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
    .limit(limit)
    .execute();
}
