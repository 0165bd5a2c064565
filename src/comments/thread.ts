// Comments as threads, in thread order (oldest first at each level, replies inside their parent):
// the public thread of approved comments, and the staff's view of every comment. A reply whose
// parent is not shown moves up to the nearest shown ancestor, so nothing disappears with its parent.
import type { Kysely } from 'kysely';
import type { Comment, Database } from '../storage/schema.ts';

export type PublicComment = Pick<
  Comment,
  'id' | 'post_id' | 'parent_id' | 'author_name' | 'author_url' | 'body_html' | 'created_at'
> & {
  /** The staff member who wrote it while signed in (a badge in the thread); null for readers. */
  author_user_id?: number | null;
};

export interface ThreadNode<C extends ThreadComment = PublicComment> {
  comment: C;
  replies: ThreadNode<C>[];
}

export interface ThreadComment {
  id: number;
  parent_id: number | null;
  created_at: string;
}

/**
 * Comments as a tree: oldest first at each level, replies inside their parent. A comment that is
 * not shown takes no place, and its replies move up to the nearest shown ancestor.
 */
export function buildThread<C extends ThreadComment>(
  all: C[],
  shown: (comment: C) => boolean = () => true,
): ThreadNode<C>[] {
  const sorted = [...all].sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id - b.id);
  const parentOf = new Map(sorted.map((c) => [c.id, c.parent_id]));
  const nodes = new Map<number, ThreadNode<C>>();
  for (const c of sorted) if (shown(c)) nodes.set(c.id, { comment: c, replies: [] });
  const roots: ThreadNode<C>[] = [];
  for (const node of nodes.values()) {
    let parent = node.comment.parent_id;
    const seen = new Set<number>();
    while (parent !== null && !nodes.has(parent) && !seen.has(parent)) {
      seen.add(parent);
      parent = parentOf.get(parent) ?? null;
    }
    const host = parent === null ? undefined : nodes.get(parent);
    (host ? host.replies : roots).push(node);
  }
  return roots;
}

/** A post's approved comments as a thread, read in one query. */
export async function approvedThread(db: Kysely<Database>, postId: number): Promise<ThreadNode[]> {
  const all = await db
    .selectFrom('comments')
    .select([
      'id',
      'post_id',
      'parent_id',
      'author_name',
      'author_url',
      'author_user_id',
      'body_html',
      'created_at',
      'status',
    ])
    .where('post_id', '=', postId)
    .execute();
  return buildThread(all, (c) => c.status === 'approved');
}

/** Approved comments per post, for the "N comments" links. */
export async function approvedCounts(db: Kysely<Database>, postIds: number[]): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  if (postIds.length === 0) return counts;
  const rows = await db
    .selectFrom('comments')
    .select(['post_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('post_id', 'in', postIds)
    .where('status', '=', 'approved')
    .groupBy('post_id')
    .execute();
  for (const row of rows) counts.set(row.post_id, Number(row.n));
  return counts;
}
