// A thread as it is shown: flattened into thread order without recursion (a reply chain thousands
// deep is just a long list), cut into pages of COMMENTS_PER_PAGE as Blogger does, and nested again
// only as deep as the blog's "reply depth shown": deeper replies sit at the last level and name
// whom they answer. Every step is a loop, so no depth of thread can exhaust the stack.

/** What a thread needs of a comment: who it answers and when it was written. */
export interface ThreadComment {
  id: number;
  parent_id: number | null;
  created_at: string;
}

export interface ThreadNode<C extends ThreadComment> {
  comment: C;
  replies: ThreadNode<C>[];
}

export const COMMENTS_PER_PAGE = 200;
export const DEFAULT_REPLY_DEPTH = 5;
export const MAX_REPLY_DEPTH = 10;

export interface ThreadRow<C extends ThreadComment> {
  comment: C;
  /** 0 for a comment on the post, 1 for a reply to it, and so on. */
  depth: number;
  parent?: C;
}

export interface ShownNode<C extends ThreadComment> {
  comment: C;
  /** The true depth in the thread, whatever level it is shown at. */
  depth: number;
  parent?: C;
  /** Shown higher than its true depth (past the reply depth, or its parent is on an earlier page). */
  lifted: boolean;
  replies: ShownNode<C>[];
}

/** Every comment in thread order (each followed by its replies), with its depth; iterative. */
export function threadOrder<C extends ThreadComment>(roots: ThreadNode<C>[]): ThreadRow<C>[] {
  const rows: ThreadRow<C>[] = [];
  const stack: { node: ThreadNode<C>; depth: number; parent?: C }[] = [];
  for (let i = roots.length - 1; i >= 0; i--) stack.push({ node: roots[i]!, depth: 0 });
  while (stack.length > 0) {
    const { node, depth, parent } = stack.pop()!;
    rows.push({ comment: node.comment, depth, parent });
    for (let i = node.replies.length - 1; i >= 0; i--) {
      stack.push({ node: node.replies[i]!, depth: depth + 1, parent: node.comment });
    }
  }
  return rows;
}

/**
 * Rows nested again, at most `levels` deep. Thread order means that when a row comes, the open
 * nodes above its parent's level are still its ancestors, so one map of shown levels suffices.
 * A row whose parent is not among the rows (an earlier page) starts at the top, lifted.
 */
export function nestForDisplay<C extends ThreadComment>(
  rows: ThreadRow<C>[],
  levels: number,
): ShownNode<C>[] {
  const cap = Math.max(1, Math.min(MAX_REPLY_DEPTH, Math.floor(levels) || DEFAULT_REPLY_DEPTH));
  const roots: ShownNode<C>[] = [];
  const open: ShownNode<C>[] = [];
  const levelOf = new Map<number, number>();
  for (const row of rows) {
    const parentLevel = row.parent ? levelOf.get(row.parent.id) : undefined;
    const level = parentLevel === undefined ? 0 : Math.min(parentLevel + 1, cap - 1);
    const node: ShownNode<C> = { ...row, lifted: level < row.depth, replies: [] };
    levelOf.set(row.comment.id, level);
    open.length = level;
    (level === 0 ? roots : open[level - 1]!.replies).push(node);
    open.push(node);
  }
  return roots;
}

/** Pages of the thread: 1-based; a page past the end shows the last one. */
export function commentPageCount(rows: number, perPage = COMMENTS_PER_PAGE): number {
  return Math.max(1, Math.ceil(rows / perPage));
}

/** The page holding the comment, or undefined when it is not in the thread. */
export function pageOfComment<C extends ThreadComment>(
  rows: ThreadRow<C>[],
  commentId: number,
  perPage = COMMENTS_PER_PAGE,
): number | undefined {
  const at = rows.findIndex((r) => r.comment.id === commentId);
  return at < 0 ? undefined : Math.floor(at / perPage) + 1;
}

/** The page asked for by `?commentPage=N` or `?showComment=ID` (a comment's stable address). */
export function chosenCommentPage<C extends ThreadComment>(
  rows: ThreadRow<C>[],
  query: { commentPage?: string; showComment?: string },
  perPage = COMMENTS_PER_PAGE,
): number {
  const pages = commentPageCount(rows.length, perPage);
  const shown = /^\d{1,15}$/.test(query.showComment ?? '') ? Number(query.showComment) : undefined;
  const byComment = shown === undefined ? undefined : pageOfComment(rows, shown, perPage);
  if (byComment) return byComment;
  const asked = /^\d{1,6}$/.test(query.commentPage ?? '') ? Number(query.commentPage) : 1;
  return Math.min(Math.max(1, asked), pages);
}

export function rowsOfPage<T>(rows: T[], page: number, perPage = COMMENTS_PER_PAGE): T[] {
  return rows.slice((page - 1) * perPage, page * perPage);
}
