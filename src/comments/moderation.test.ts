import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { eachDatabase } from '../../test/helpers/databases.ts';
import { createPost } from '../posts/save.ts';
import { DEFAULT_SETTINGS } from '../settings/settings.ts';
import type { Post } from '../storage/schema.ts';
import { restoreComments, setCommentStatus } from './moderation.ts';
import { postComment } from './post-comment.ts';
import { commentCountsByStatus, listComments } from './queries.ts';
import { signFormToken } from './token.ts';

eachDatabase('moderating comments', (store) => {
  const db = () => store().db;
  let first: Post;
  let second: Post;
  const ids: Record<string, number> = {};

  /** A comment through the real rules, as if the form had been open a minute. */
  async function comment(
    post: Post,
    body: string,
    extra: { author?: string; email?: string; honeypot?: string } = {},
  ) {
    const now = new Date();
    const result = await postComment(
      db(),
      {
        postId: post.id,
        body,
        token: signFormToken('s', post.id, new Date(now.getTime() - 60_000)),
        ...extra,
      },
      {
        settings: { ...DEFAULT_SETTINGS, commentPolicy: post.title === 'Second' ? 'moderated' : 'open' },
        secret: 's',
        now,
        address: null,
        addressHash: null,
        userAgent: null,
        baseUrl: 'http://blog.test',
      },
    );
    assert.equal(result.kind, 'stored');
    return result.kind === 'stored' ? result.comment.id : 0;
  }

  before(async () => {
    first = await createPost(db(), { title: 'First', bodyHtml: '<p>1</p>' }, 'UTC');
    second = await createPost(db(), { title: 'Second', bodyHtml: '<p>2</p>' }, 'UTC');
    ids.approved = await comment(first, 'An approved comment about 100% of the votes', {
      author: 'Sok',
      email: 'sok@example.org',
    });
    ids.pending = await comment(second, 'A comment that waits', { author: 'Dara' });
    ids.spam = await comment(first, 'Buy followers', { author: 'Bot', honeypot: 'x' });
    ids.other = await comment(first, 'Another approved one_with_underscore', { author: 'Vanna' });
  });

  it('counts each queue, every status present', async () => {
    assert.deepEqual(await commentCountsByStatus(db()), { pending: 1, approved: 2, spam: 1, deleted: 0 });
  });

  it('lists comments newest first with their post, filtered and paged', async () => {
    const all = await listComments(db(), { limit: 2, offset: 0 });
    assert.equal(all.total, 4);
    assert.deepEqual(
      all.items.map((c) => c.id),
      [ids.other, ids.spam],
    );
    assert.equal(all.items[0]!.post_title, 'First');
    assert.equal(all.items[0]!.post_path, first.path);
    const page2 = await listComments(db(), { limit: 2, offset: 2 });
    assert.deepEqual(
      page2.items.map((c) => c.id),
      [ids.pending, ids.approved],
    );
    assert.deepEqual(
      (await listComments(db(), { status: 'pending', limit: 10, offset: 0 })).items.map((c) => c.id),
      [ids.pending],
    );
    assert.equal((await listComments(db(), { postId: second.id, limit: 10, offset: 0 })).total, 1);
    // Text search: case-insensitive, in names, e-mail and text; % and _ are literal.
    const find = async (q: string) =>
      (await listComments(db(), { q, limit: 10, offset: 0 })).items.map((c) => c.id).sort((a, b) => a - b);
    assert.deepEqual(await find('SOK@EXAMPLE'), [ids.approved]);
    assert.deepEqual(await find('dara'), [ids.pending]);
    assert.deepEqual(await find('100%'), [ids.approved]);
    assert.deepEqual(await find('e_w'), [ids.other]);
    assert.deepEqual(await find('%'), [ids.approved]);
  });

  it('changes statuses with a log row per comment, and deleting keeps the comment', async () => {
    assert.equal(await setCommentStatus(db(), [ids.pending, ids.approved], 'approved', null), 1);
    assert.equal(await setCommentStatus(db(), [ids.approved, ids.spam, ids.pending], 'deleted', null), 3);
    const rows = await db().selectFrom('comments').select(['id', 'status']).orderBy('id').execute();
    assert.equal(rows.length, 4, 'nothing is removed');
    assert.deepEqual(await commentCountsByStatus(db()), { pending: 0, approved: 1, spam: 0, deleted: 3 });
    const log = await db()
      .selectFrom('moderation_log')
      .select(['action', 'from_status', 'to_status'])
      .where('comment_id', '=', ids.pending)
      .orderBy('id')
      .execute();
    assert.deepEqual(log, [
      { action: 'posted', from_status: null, to_status: 'pending' },
      { action: 'approved', from_status: 'pending', to_status: 'approved' },
      { action: 'deleted', from_status: 'approved', to_status: 'deleted' },
    ]);
    await assert.rejects(
      setCommentStatus(db(), [ids.other], 'gone' as never, null),
      /Unknown comment status/,
    );
    assert.equal(await setCommentStatus(db(), [], 'approved', null), 0);
  });

  it('restores to the status before deletion or spam, else approved', async () => {
    const pendingAgain = await comment(second, 'Pending, then deleted');
    await setCommentStatus(db(), [pendingAgain], 'deleted', null);
    await setCommentStatus(db(), [ids.other], 'spam', null);
    assert.equal(
      await restoreComments(db(), [ids.approved, ids.pending, ids.spam, ids.other, pendingAgain], null),
      5,
    );
    const status = async (id: number) =>
      (await db().selectFrom('comments').select('status').where('id', '=', id).executeTakeFirstOrThrow())
        .status;
    assert.equal(await status(ids.approved), 'approved');
    assert.equal(await status(ids.pending), 'approved', 'it had been approved before deletion');
    assert.equal(await status(ids.spam), 'approved', 'posted as spam, rescued as approved');
    assert.equal(await status(ids.other), 'approved');
    assert.equal(await status(pendingAgain), 'pending');
    assert.equal(await restoreComments(db(), [ids.approved], null), 0, 'nothing to restore');
    const last = await db()
      .selectFrom('moderation_log')
      .select(['action', 'from_status', 'to_status'])
      .where('comment_id', '=', ids.spam)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    assert.deepEqual(last, { action: 'restored', from_status: 'deleted', to_status: 'approved' });
  });

  it('bumps the content version on every status change, so cached pages are rendered again', async () => {
    const before = await store().contentVersion();
    await setCommentStatus(db(), [ids.other], 'pending', null);
    assert.ok((await store().contentVersion()) > before);
  });
});
