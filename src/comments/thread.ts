// Comments as threads, in thread order (oldest first at each level, replies inside their parent):
// the public thread of approved comments, and the staff's view of every comment. A reply whose
// parent is not shown moves up to the nearest shown ancestor, so nothing disappears with its parent.
import type { Kysely } from 'kysely';
import type { Comment, Database } from '../storage/schema.ts';
import {
  chosenCommentPage,
  commentPageCount,
  rowsOfPage,
  type ThreadComment,
  type ThreadNode,
  type ThreadRow,
  threadOrder,
} from './thread-display.ts';

export type { ThreadComment, ThreadNode };

export type PublicComment = Pick<
  Comment,
  'id' | 'post_id' | 'parent_id' | 'author_name' | 'author_url' | 'body_html' | 'created_at'
> & {
  /** The staff member who wrote it while signed in (a badge in the thread); null for readers. */
  author_user_id?: number | null;
};

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

/** One page of a post's public thread, as chosen by `?commentPage=N` or `?showComment=ID`. */
export interface ThreadPage {
  rows: ThreadRow<PublicComment>[];
  page: number;
  pages: number;
  /** The post's approved comments, all pages (what approvedCounts says for it). */
  count: number;
}

/**
 * The page of a post's approved comments that the query asks for. The whole thread's shape (ids,
 * parents, dates) decides the order and the page; only that page's comments, and the comments
 * they answer, are read whole: a 2,000-comment post costs 200 comments' text per view, not 2,000.
 */
export async function approvedThreadPage(
  db: Kysely<Database>,
  postId: number,
  query: { commentPage?: string; showComment?: string },
): Promise<ThreadPage> {
  const shape = await db
    .selectFrom('comments')
    .select(['id', 'parent_id', 'created_at', 'status'])
    .where('post_id', '=', postId)
    .execute();
  const chosen = choosePage(shape, query);
  const full = await wholeComments(db, idsOnPage(chosen.onPage));
  return pageFrom(chosen, full);
}

/**
 * The first page of the public thread of each of many posts, in two queries for them all (the
 * static mirror, which shows each post's first page): what approvedThreadPage gives one by one.
 */
export async function approvedFirstPages(
  db: Kysely<Database>,
  postIds: number[],
): Promise<Map<number, ThreadPage>> {
  const shapes = new Map<number, ShapeRow[]>(postIds.map((id) => [id, []]));
  for (let i = 0; i < postIds.length; i += 1000) {
    const rows = await db
      .selectFrom('comments')
      .select(['id', 'post_id', 'parent_id', 'created_at', 'status'])
      .where('post_id', 'in', postIds.slice(i, i + 1000))
      .execute();
    for (const row of rows) shapes.get(row.post_id)!.push(row);
  }
  const chosen = new Map([...shapes].map(([id, shape]) => [id, choosePage(shape, {})]));
  const full = await wholeComments(
    db,
    [...chosen.values()].flatMap((c) => idsOnPage(c.onPage)),
  );
  return new Map([...chosen].map(([id, c]) => [id, pageFrom(c, full)]));
}

type ShapeRow = Pick<Comment, 'id' | 'parent_id' | 'created_at' | 'status'>;

/** The whole thread's order (ids, parents, dates) decides the page and which comments are on it. */
function choosePage(shape: ShapeRow[], query: { commentPage?: string; showComment?: string }) {
  const order = threadOrder(buildThread(shape, (c) => c.status === 'approved'));
  const page = chosenCommentPage(order, query);
  return {
    onPage: rowsOfPage(order, page),
    page,
    pages: commentPageCount(order.length),
    count: order.length,
  };
}

/** The comments a page shows and those they answer. */
function idsOnPage(onPage: ThreadRow<ShapeRow>[]): number[] {
  const ids = new Set<number>();
  for (const row of onPage) {
    ids.add(row.comment.id);
    if (row.parent) ids.add(row.parent.id);
  }
  return [...ids];
}

async function wholeComments(db: Kysely<Database>, wanted: number[]): Promise<Map<number, PublicComment>> {
  const full = new Map<number, PublicComment>();
  // In slices: SQLite binds at most 32,766 values, PostgreSQL 65,535 (a page holds 200 and parents).
  for (let i = 0; i < wanted.length; i += 1000) {
    const rows = await db
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
      ])
      .where('id', 'in', wanted.slice(i, i + 1000))
      .execute();
    for (const row of rows) full.set(row.id, row);
  }
  return full;
}

function pageFrom(chosen: ReturnType<typeof choosePage>, full: Map<number, PublicComment>): ThreadPage {
  const rows = chosen.onPage.map((row) => ({
    comment: full.get(row.comment.id)!,
    depth: row.depth,
    parent: row.parent ? full.get(row.parent.id) : undefined,
  }));
  return { rows, page: chosen.page, pages: chosen.pages, count: chosen.count };
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
