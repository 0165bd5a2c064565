// Staff commenting on the public page while signed in: stored with their user id, approved at
// once past the moderation queue, the rate limit and the spam rules, and shown with a badge that a
// reader typing a staff member's name never gets.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { ORIGIN, type SignedIn, sessionFor, signedInAs } from '../../test/helpers/admin.ts';
import { commentApp, formToken, sendComment } from '../../test/helpers/comments.ts';
import { eachDatabase } from '../../test/helpers/databases.ts';
import { createPost } from '../posts/save.ts';
import { writeSettings } from '../settings/settings.ts';
import type { Post } from '../storage/schema.ts';

const ZONE = 'Asia/Phnom_Penh';

eachDatabase('staff comments on the public page', (store) => {
  let blog: ReturnType<typeof commentApp>;
  let author: SignedIn;
  let moderator: SignedIn;
  let moderated: Post;
  const db = () => store().db;
  const page = async (path: string, who?: SignedIn) =>
    (await blog.app.request(`${ORIGIN}${path}`, { headers: who ? { cookie: who.cookie } : {} })).text();

  before(async () => {
    // Strict limits: one comment per address, moderation on: staff must pass them all.
    await writeSettings(db(), { title: 'Staff', timeZone: ZONE, commentLimitPerAddress: 1 });
    author = await signedInAs(store(), 'author');
    moderator = await signedInAs(store(), 'moderator');
    moderated = await createPost(
      db(),
      { title: 'Moderated', bodyHtml: '<p>Text</p>', authorId: author.user.id, commentPolicy: 'moderated' },
      ZONE,
    );
    blog = commentApp(store());
  });

  it('shows a signed-in staff member who they comment as, without name or e-mail fields', async () => {
    const html = await page(moderated.path, author);
    const form = /<form class="comment-form"[\s\S]*?<\/form>/.exec(html)?.[0] ?? '';
    assert.match(form, /Commenting as <strong>Author \d+<\/strong>/);
    assert.doesNotMatch(form, /name="author"/);
    assert.doesNotMatch(form, /name="email"/);
    const reader = await page(moderated.path);
    assert.match(reader, /name="author"/, 'readers still get the fields');
  });

  it('publishes the post author’s comment at once, linked to the user, with an Author badge', async () => {
    // Sent at once after the page (a robot's timing), with the honeypot filled: still staff.
    const fields = { body: 'Thanks for reading, I will follow up.', website: 'http://spam.example' };
    const res = await sendComment(blog.app, moderated.id, fields, {
      address: '203.0.113.9',
      headers: author.headers,
    });
    assert.equal(res.status, 303);
    const id = Number(res.headers.get('location')!.split('#c')[1]);
    const row = await db().selectFrom('comments').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(row.status, 'approved');
    assert.equal(row.author_user_id, author.user.id);
    assert.equal(row.author_name, author.user.name);
    assert.equal(row.author_email, null);
    const log = await db().selectFrom('moderation_log').selectAll().where('comment_id', '=', id).execute();
    assert.equal(log[0]?.user_id, author.user.id);
    const html = await page(moderated.path);
    assert.match(
      html,
      new RegExp(
        `id="c${id}"[\\s\\S]*?${author.user.name}</span> <span class="comment-badge"[^>]*>Author</span>`,
      ),
    );

    // A second one from the same address: over the reader limit of one, still published.
    const reply = await sendComment(
      blog.app,
      moderated.id,
      { body: 'And a reply to myself.', parent: String(id) },
      { address: '203.0.113.9', headers: moderator.headers },
    );
    assert.equal(reply.status, 303);
    const replyId = Number(reply.headers.get('location')!.split('#c')[1]);
    const stored = await db()
      .selectFrom('comments')
      .selectAll()
      .where('id', '=', replyId)
      .executeTakeFirstOrThrow();
    assert.equal(stored.parent_id, id);
    assert.equal(stored.status, 'approved');
    assert.match(await page(moderated.path), />Staff<\/span>/, 'another staff member: a Staff badge');
  });

  it('gives no badge to a reader who types a staff member’s name, nor to a session from another site', async () => {
    const token = await formToken(blog.app, moderated.path);
    blog.wait(5);
    const res = await sendComment(
      blog.app,
      moderated.id,
      { token, author: author.user.name, body: 'I am the author, trust me.' },
      { address: '203.0.113.50' },
    );
    assert.equal(res.status, 200, 'held for moderation');
    const row = await db()
      .selectFrom('comments')
      .selectAll()
      .where('body_text', '=', 'I am the author, trust me.')
      .executeTakeFirstOrThrow();
    assert.equal(row.status, 'pending');
    assert.equal(row.author_user_id, null);

    // A page of another site posting with the editor's cookie: treated as a reader.
    const other = await sessionFor(store(), author.user);
    const forged = await sendComment(
      blog.app,
      moderated.id,
      { token: await formToken(blog.app, moderated.path), body: 'Forged from elsewhere.' },
      { address: '203.0.113.51', headers: { cookie: other.cookie, origin: 'https://evil.example' } },
    );
    assert.notEqual(forged.status, 303);
    const forgedRow = await db()
      .selectFrom('comments')
      .select(['author_user_id', 'status'])
      .where('body_text', '=', 'Forged from elsewhere.')
      .executeTakeFirst();
    assert.ok(!forgedRow || (forgedRow.author_user_id === null && forgedRow.status !== 'approved'));

    // Approved by a moderator, the impersonation shows the name but no badge.
    await db().updateTable('comments').set({ status: 'approved' }).where('id', '=', row.id).execute();
    const html = await page(moderated.path);
    const item = new RegExp(`id="c${row.id}"[\\s\\S]*?</article>`).exec(html)?.[0] ?? '';
    assert.match(item, /I am the author/);
    assert.doesNotMatch(item, /comment-badge/);
  });
});
