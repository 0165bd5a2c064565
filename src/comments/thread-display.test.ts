// Threads as shown: thread order, depth capped, pages, stable addresses, all without recursion.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { buildThread } from './thread.ts';
import {
  chosenCommentPage,
  commentPageCount,
  nestForDisplay,
  rowsOfPage,
  type ShownNode,
  threadOrder,
} from './thread-display.ts';

type C = { id: number; parent_id: number | null; created_at: string };
const at = (n: number) => new Date(Date.UTC(2020, 0, 1) + n * 1000).toISOString();
const comment = (id: number, parent: number | null): C => ({ id, parent_id: parent, created_at: at(id) });

function levels(nodes: ShownNode<C>[]): Map<number, { level: number; lifted: boolean }> {
  const out = new Map<number, { level: number; lifted: boolean }>();
  const stack = nodes.map((n) => ({ n, level: 0 }));
  while (stack.length) {
    const { n, level } = stack.pop()!;
    out.set(n.comment.id, { level, lifted: n.lifted });
    for (const r of n.replies) stack.push({ n: r, level: level + 1 });
  }
  return out;
}

it('flattens a 10,000-deep reply chain and shows it at most the set depth', () => {
  const chain = Array.from({ length: 10_000 }, (_, i) => comment(i + 1, i === 0 ? null : i));
  const rows = threadOrder(buildThread(chain));
  assert.equal(rows.length, 10_000);
  assert.deepEqual(
    rows.slice(0, 3).map((r) => [r.comment.id, r.depth]),
    [
      [1, 0],
      [2, 1],
      [3, 2],
    ],
  );
  const shown = levels(nestForDisplay(rows, 5));
  assert.equal(Math.max(...[...shown.values()].map((v) => v.level)), 4);
  assert.deepEqual(shown.get(5), { level: 4, lifted: false });
  assert.deepEqual(shown.get(6), { level: 4, lifted: true });
  assert.deepEqual(shown.get(9999), { level: 4, lifted: true });
});

it('keeps siblings and thread order, and lifts a reply whose parent is on an earlier page', () => {
  // 1 ─ 2 ─ 3, 1 ─ 4, 5
  const all = [comment(1, null), comment(2, 1), comment(3, 2), comment(4, 1), comment(5, null)];
  const rows = threadOrder(buildThread(all));
  assert.deepEqual(
    rows.map((r) => r.comment.id),
    [1, 2, 3, 4, 5],
  );
  const shown = levels(nestForDisplay(rows, 2));
  assert.deepEqual(shown.get(3), { level: 1, lifted: true }, 'past the depth: beside its parent');
  assert.deepEqual(shown.get(4), { level: 1, lifted: false });
  assert.deepEqual(shown.get(5), { level: 0, lifted: false });
  const second = levels(nestForDisplay(rowsOfPage(rows, 2, 3), 5));
  assert.deepEqual(second.get(4), { level: 0, lifted: true }, 'its parent is on page 1');
});

it('pages 200 at a time and opens the page holding ?showComment', () => {
  const all = Array.from({ length: 450 }, (_, i) => comment(i + 1, null));
  const rows = threadOrder(buildThread(all));
  assert.equal(commentPageCount(rows.length), 3);
  assert.equal(chosenCommentPage(rows, {}), 1);
  assert.equal(chosenCommentPage(rows, { commentPage: '3' }), 3);
  assert.equal(chosenCommentPage(rows, { commentPage: '99' }), 3);
  assert.equal(chosenCommentPage(rows, { commentPage: 'x' }), 1);
  assert.equal(chosenCommentPage(rows, { showComment: '201' }), 2);
  assert.equal(chosenCommentPage(rows, { showComment: '450', commentPage: '1' }), 3);
  assert.equal(chosenCommentPage(rows, { showComment: '9999' }), 1);
  assert.equal(rowsOfPage(rows, 3).length, 50);
});
