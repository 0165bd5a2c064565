// Moderation: every change of a comment's status is a row in moderation_log, saying who moved it
// from which status to which. Nothing is ever deleted: 'deleted' is a status, so it can be undone.
// Status changes write the comments table, whose triggers bump the content version: the cached
// pages showing the comment (and its counts) are rendered afresh.
import type { Kysely } from 'kysely';
import type { CommentStatus, Database } from '../storage/schema.ts';

export const COMMENT_STATUSES: readonly CommentStatus[] = ['pending', 'approved', 'spam', 'deleted'];

/** Sets the status of the given comments; returns how many changed (those already there do not). */
export async function setCommentStatus(
  db: Kysely<Database>,
  ids: number[],
  status: CommentStatus,
  actorUserId: number | null,
  now = new Date(),
): Promise<number> {
  if (!COMMENT_STATUSES.includes(status)) throw new Error(`Unknown comment status "${status}"`);
  return changeStatuses(db, ids, actorUserId, status, now, () => status);
}

/**
 * Deletes the comments and every reply below them, however deep (read level by level, never
 * recursively): one moderator action instead of hundreds. Each is logged and can be restored.
 */
export async function deleteWithReplies(
  db: Kysely<Database>,
  ids: number[],
  actorUserId: number | null,
  now = new Date(),
): Promise<number> {
  const roots = ids.filter((id) => Number.isSafeInteger(id));
  if (roots.length === 0) return 0;
  // Replies are always on the same post: read those posts' comments once and walk them in memory.
  const posts = await db
    .selectFrom('comments')
    .select('post_id')
    .distinct()
    .where('id', 'in', roots)
    .execute();
  const children = new Map<number, number[]>();
  if (posts.length > 0) {
    const rows = await db
      .selectFrom('comments')
      .select(['id', 'parent_id'])
      .where(
        'post_id',
        'in',
        posts.map((p) => p.post_id),
      )
      .execute();
    for (const row of rows) {
      if (row.parent_id === null) continue;
      const list = children.get(row.parent_id) ?? [];
      list.push(row.id);
      children.set(row.parent_id, list);
    }
  }
  const all = new Set(roots);
  const queue = [...roots];
  while (queue.length > 0) {
    for (const child of children.get(queue.pop()!) ?? []) {
      if (!all.has(child)) {
        all.add(child);
        queue.push(child);
      }
    }
  }
  const every = [...all];
  let changed = 0;
  for (let i = 0; i < every.length; i += 500) {
    changed += await setCommentStatus(db, every.slice(i, i + 500), 'deleted', actorUserId, now);
  }
  return changed;
}

/**
 * Brings spam and deleted comments back to the status they had before (the last approved or
 * pending in their log), else to approved: a moderator who rescues a comment from spam means it.
 */
export async function restoreComments(
  db: Kysely<Database>,
  ids: number[],
  actorUserId: number | null,
  now = new Date(),
): Promise<number> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return 0;
  const history = await db
    .selectFrom('moderation_log')
    .select(['comment_id', 'to_status'])
    .where('comment_id', 'in', unique)
    .where('to_status', 'in', ['approved', 'pending'])
    .orderBy('id')
    .execute();
  const before = new Map<number, CommentStatus>();
  for (const row of history) before.set(row.comment_id, row.to_status!);
  return changeStatuses(db, unique, actorUserId, 'restored', now, (id, current) =>
    current === 'spam' || current === 'deleted' ? (before.get(id) ?? 'approved') : current,
  );
}

async function changeStatuses(
  db: Kysely<Database>,
  ids: number[],
  actorUserId: number | null,
  action: string,
  now: Date,
  target: (id: number, current: CommentStatus) => CommentStatus,
): Promise<number> {
  const unique = [...new Set(ids)].filter((id) => Number.isSafeInteger(id));
  if (unique.length === 0) return 0;
  return db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('comments')
      .select(['id', 'status'])
      .where('id', 'in', unique)
      .execute();
    const at = now.toISOString();
    const moves = current
      .map((c) => ({ id: c.id, from: c.status, to: target(c.id, c.status) }))
      .filter((m) => m.to !== m.from);
    for (const to of new Set(moves.map((m) => m.to))) {
      const group = moves.filter((m) => m.to === to).map((m) => m.id);
      await trx
        .updateTable('comments')
        .set({ status: to, updated_at: at })
        .where('id', 'in', group)
        .execute();
    }
    if (moves.length > 0) {
      await trx
        .insertInto('moderation_log')
        .values(
          moves.map((m) => ({
            comment_id: m.id,
            user_id: actorUserId,
            action,
            from_status: m.from,
            to_status: m.to,
            created_at: at,
          })),
        )
        .execute();
    }
    return moves.length;
  });
}
