// A post's approved comments as a tree, in thread order (oldest first at each level, replies
// inside their parent). One query reads them all; a reply whose parent is not shown moves up to
// the nearest shown ancestor, so nothing approved disappears with its parent.
import type { Kysely } from 'kysely';
import type { Comment, Database } from '../storage/schema.ts';

export type PublicComment = Pick<
  Comment,
  'id' | 'post_id' | 'parent_id' | 'author_name' | 'author_url' | 'body_html' | 'created_at'
>;

export interface ThreadNode {
  comment: PublicComment;
  replies: ThreadNode[];
}

export async function approvedThread(db: Kysely<Database>, postId: number): Promise<ThreadNode[]> {
  const all = await db
    .selectFrom('comments')
    .select(['id', 'post_id', 'parent_id', 'author_name', 'author_url', 'body_html', 'created_at', 'status'])
    .where('post_id', '=', postId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const parentOf = new Map(all.map((c) => [c.id, c.parent_id]));
  const shown = new Map<number, ThreadNode>();
  for (const c of all) {
    if (c.status === 'approved') {
      const { status: _status, ...comment } = c;
      shown.set(c.id, { comment, replies: [] });
    }
  }
  const roots: ThreadNode[] = [];
  for (const node of shown.values()) {
    let parent = node.comment.parent_id;
    const seen = new Set<number>();
    while (parent !== null && !shown.has(parent) && !seen.has(parent)) {
      seen.add(parent);
      parent = parentOf.get(parent) ?? null;
    }
    const host = parent === null ? undefined : shown.get(parent);
    (host ? host.replies : roots).push(node);
  }
  return roots;
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

export function countLabel(n: number): string {
  return n === 0 ? 'No comments' : n === 1 ? '1 comment' : `${n} comments`;
}
