// Replying from the admin's comment queue: a reply box per comment, sent with the session's CSRF
// token, stored as the signed-in user, approved at once and threaded under the comment.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { form, ORIGIN, type SignedIn, signedInAs } from '../../test/helpers/admin.ts';
import { commentApp, formToken, sendComment } from '../../test/helpers/comments.ts';
import { eachDatabase } from '../../test/helpers/databases.ts';
import { createPost } from '../posts/save.ts';
import { writeSettings } from '../settings/settings.ts';
import type { Post } from '../storage/schema.ts';

const ZONE = 'Asia/Phnom_Penh';

eachDatabase('replying from the comment queue', (store) => {
  let blog: ReturnType<typeof commentApp>;
  let moderator: SignedIn;
  let target: Post;
  const db = () => store().db;
  const get = (p: string, who: SignedIn) =>
    blog.app.request(`${ORIGIN}${p}`, { headers: { cookie: who.cookie } });
  const post = (p: string, fields: Record<string, string>, who: SignedIn, csrf = true) =>
    blog.app.request(`${ORIGIN}${p}`, {
      method: 'POST',
      headers: { ...who.headers, 'content-type': 'application/x-www-form-urlencoded' },
      body: csrf ? form(who, fields) : new URLSearchParams(fields),
    });

  before(async () => {
    await writeSettings(db(), { title: 'Queue', timeZone: ZONE, commentPolicy: 'moderated' });
    moderator = await signedInAs(store(), 'moderator');
    target = await createPost(db(), { title: 'Asked about', bodyHtml: '<p>Text</p>', authorId: null }, ZONE);
    blog = commentApp(store());
  });

  async function readerComment(body: string): Promise<number> {
    const token = await formToken(blog.app, target.path);
    blog.wait(5);
    await sendComment(blog.app, target.id, { token, author: 'Dara', body }, { address: '198.51.100.70' });
    const row = await db()
      .selectFrom('comments')
      .select('id')
      .where('body_text', '=', body)
      .executeTakeFirstOrThrow();
    return row.id;
  }

  it('shows a reply box per comment and publishes the reply under it as the signed-in user', async () => {
    const question = await readerComment('When was the treaty signed?');
    const queue = await (await get('/admin/comments?status=pending', moderator)).text();
    assert.match(
      queue,
      new RegExp(`<form id="reply-${question}" method="post" action="/admin/comments/${question}/reply"`),
    );
    assert.match(queue, new RegExp(`<textarea form="reply-${question}" name="body"`));

    const context = await (await get(`/admin/comments/${question}`, moderator)).text();
    assert.match(context, new RegExp(`<textarea form="reply-${question}" name="body"`), 'in context too');
    assert.match(context, new RegExp(`<form id="reply-${question}" method="post"`));

    const res = await post(
      `/admin/comments/${question}/reply`,
      { body: 'On 23 October 1991.', back: '/admin/comments?status=pending' },
      moderator,
    );
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), '/admin/comments?status=pending&done=replied');
    const reply = await db()
      .selectFrom('comments')
      .selectAll()
      .where('body_text', '=', 'On 23 October 1991.')
      .executeTakeFirstOrThrow();
    assert.equal(reply.parent_id, question);
    assert.equal(reply.status, 'approved', 'no moderation for staff, though the blog moderates');
    assert.equal(reply.author_user_id, moderator.user.id);
    assert.equal(reply.author_name, moderator.user.name);
    const parent = await db()
      .selectFrom('comments')
      .select('status')
      .where('id', '=', question)
      .executeTakeFirstOrThrow();
    assert.equal(parent.status, 'approved', 'answering a held comment approves it');

    const html = await (await blog.app.request(`${ORIGIN}${target.path}`)).text();
    assert.match(
      html,
      new RegExp(
        `id="c${question}"[\\s\\S]*<ol class="comment-replies"><li class="comment" id="c${reply.id}">[\\s\\S]*?class="comment-badge"[^>]*>Staff<`,
      ),
    );
  });

  it('refuses a reply without the CSRF token, an empty one, and one to spam', async () => {
    const question = await readerComment('Is this spam?');
    const before = await db().selectFrom('comments').select('id').execute();
    const forged = await post(`/admin/comments/${question}/reply`, { body: 'Forged.' }, moderator, false);
    assert.equal(forged.status, 403);
    const empty = await post(`/admin/comments/${question}/reply`, { body: '  ' }, moderator);
    assert.equal(empty.status, 400);
    assert.match(await empty.text(), /Write your reply/);
    await db().updateTable('comments').set({ status: 'spam' }).where('id', '=', question).execute();
    const spam = await post(`/admin/comments/${question}/reply`, { body: 'Hello.' }, moderator);
    assert.equal(spam.status, 400);
    assert.match(await spam.text(), /restore it before replying/);
    const missing = await post('/admin/comments/999999/reply', { body: 'Hello.' }, moderator);
    assert.equal(missing.status, 404);
    assert.equal((await db().selectFrom('comments').select('id').execute()).length, before.length);
  });
});
