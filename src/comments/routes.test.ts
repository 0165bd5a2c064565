// The comment form's endpoint end to end, in process, on both databases: what readers see after
// posting, what is stored, every 4xx, the spam queues, the rate limits and cache invalidation.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { commentApp, formToken, fromAddress, problemIn, sendComment } from '../../test/helpers/comments.ts';
import { eachDatabase } from '../../test/helpers/databases.ts';
import { createPost } from '../posts/save.ts';
import { writeSettings } from '../settings/settings.ts';
import type { Post } from '../storage/schema.ts';
import { setCommentStatus } from './moderation.ts';

const ZONE = 'Asia/Phnom_Penh';
let addresses = 0;
/** A fresh client address per test, so one test's rate limit never touches another's. */
const nextAddress = () => `198.51.100.${++addresses}`;

eachDatabase('posting comments', (store) => {
  let blog: ReturnType<typeof commentApp>;
  let open: Post;
  let moderated: Post;
  let closed: Post;
  let old: Post;
  let draft: Post;
  let page: Post;
  let other: Post;
  const get = async (path: string) => blog.app.request(`http://blog.test${path}`);
  const html = async (path: string) => (await get(path)).text();
  const db = () => store().db;

  /** Shows the form, lets the reader take their time, sends it. */
  async function post(target: Post, fields: Record<string, string>, address = nextAddress()) {
    const token = await formToken(blog.app, target.path);
    blog.wait(5);
    return sendComment(blog.app, target.id, { token, ...fields }, { address });
  }

  before(async () => {
    await writeSettings(db(), { title: 'Paris Peace Accords', timeZone: ZONE, commentCloseDays: 365 });
    const author = await db()
      .insertInto('users')
      .values({
        email: 'editor@example.org',
        name: 'Editor',
        role: 'author',
        password_hash: null,
        profile_url: null,
        external_id: null,
        created_at: '2024-01-01T00:00:00.000Z',
        updated_at: '2024-01-01T00:00:00.000Z',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const make = (title: string, extra: Partial<Parameters<typeof createPost>[1]> = {}) =>
      createPost(db(), { title, bodyHtml: `<p>${title}</p>`, authorId: author.id, ...extra }, ZONE);
    open = await make('Open for comments');
    moderated = await make('Moderated post', { commentPolicy: 'moderated' });
    closed = await make('Closed post', { commentPolicy: 'closed' });
    old = await make('An old post', { publishedAt: '2001-05-01T00:00:00Z' });
    draft = await make('A draft', { status: 'draft' });
    page = await make('About', { kind: 'page' });
    other = await make('Another post');
    blog = commentApp(store());
  });

  it('publishes a comment, sends the reader to its anchor, and nests a reply inside it', async () => {
    const res = await post(open, { author: 'Sok', body: 'The accords were <b>signed</b> in Paris.' });
    assert.equal(res.status, 303);
    const location = res.headers.get('location')!;
    assert.match(location, new RegExp(`^${open.path}\\?showComment=(\\d+)#c\\1$`));
    const id = Number(location.split('#c')[1]);
    let page = await html(open.path);
    assert.match(page, /<h2 id="comments-heading">1 comment<\/h2>/);
    assert.match(page, new RegExp(`<li class="comment" id="c${id}">[\\s\\S]*Sok[\\s\\S]*<b>signed</b>`));

    // "Reply" leads to the form with parent set, without JavaScript.
    assert.ok(page.includes(`href="${open.path}?replyTo=${id}#comment-form"`));
    const replyForm = await html(`${open.path}?replyTo=${id}`);
    assert.match(replyForm, new RegExp(`name="parent" value="${id}"`));
    assert.match(replyForm, /Replying to <a href="[^"]+#c\d+">Sok<\/a>/);
    const token = /name="token" value="([^"]+)"/.exec(replyForm)![1]!;
    blog.wait(5);
    const reply = await sendComment(
      blog.app,
      open.id,
      { token, parent: String(id), author: 'Dara', body: 'And witnessed by 18 countries.' },
      { address: nextAddress() },
    );
    assert.equal(reply.status, 303);
    const replyId = Number(reply.headers.get('location')!.split('#c')[1]);
    page = await html(open.path);
    assert.match(page, /<h2 id="comments-heading">2 comments<\/h2>/);
    assert.match(
      page,
      new RegExp(
        `<li class="comment" id="c${id}">(?:(?!</li>)[\\s\\S])*<ol class="comment-replies"><li class="comment" id="c${replyId}">`,
      ),
      'the reply sits inside its parent',
    );
    assert.match(await html('/'), /2 comments/);
  });

  it('stores what the reader wrote, its HTML, a hashed address, and never shows the e-mail', async () => {
    const address = nextAddress();
    const res = await post(
      other,
      {
        author: '  Chan  Thy ',
        email: 'chan@example.net',
        url: 'example.net/me',
        body: 'Line one\nline two\n\nSee https://example.org/report',
      },
      address,
    );
    assert.equal(res.status, 303);
    const row = await db()
      .selectFrom('comments')
      .selectAll()
      .where('post_id', '=', other.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.author_name, 'Chan Thy');
    assert.equal(row.author_email, 'chan@example.net');
    assert.equal(row.author_url, 'https://example.net/me');
    assert.equal(row.body_text, 'Line one\nline two\n\nSee https://example.org/report');
    assert.equal(
      row.body_html,
      '<p>Line one<br />line two</p><p>See <a href="https://example.org/report" rel="nofollow ugc noopener">https://example.org/report</a></p>',
    );
    assert.equal(row.status, 'approved');
    assert.ok(row.ip_hash && !row.ip_hash.includes(address), 'the address is stored as a keyed hash');
    assert.equal(row.parent_id, null);
    const page = await html(other.path);
    assert.ok(!page.includes('chan@example.net'), 'the e-mail address is never shown');
    assert.match(
      page,
      /<a class="comment-author" href="https:\/\/example.net\/me" rel="nofollow ugc noopener">Chan Thy<\/a>/,
    );
    const log = await db()
      .selectFrom('moderation_log')
      .selectAll()
      .where('comment_id', '=', row.id)
      .execute();
    assert.deepEqual(
      log.map((l) => [l.action, l.from_status, l.to_status]),
      [['posted', null, 'approved']],
    );
  });

  it('holds comments on a moderated post, says so, and shows them once approved (cache invalidated)', async () => {
    const before = await html(moderated.path); // now in the page cache
    assert.match(before, /Comments are moderated/);
    const res = await post(moderated, { author: 'Vanna', body: 'Waiting for a moderator.' });
    assert.equal(res.status, 200);
    const answer = await res.text();
    assert.match(answer, /your comment awaits moderation/i);
    assert.match(answer, /Waiting for a moderator\./, 'the reader sees what they sent');
    assert.doesNotMatch(await html(moderated.path), /Waiting for a moderator/);
    assert.match(await html(moderated.path), /No comments/);

    const row = await db()
      .selectFrom('comments')
      .select(['id', 'status'])
      .where('post_id', '=', moderated.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.status, 'pending');
    const homeBefore = await html('/');
    assert.equal(await setCommentStatus(db(), [row.id], 'approved', null), 1);
    const after = await html(moderated.path);
    assert.match(after, /<h2 id="comments-heading">1 comment<\/h2>/);
    assert.match(after, new RegExp(`id="c${row.id}"[\\s\\S]*Waiting for a moderator`));
    assert.notEqual(homeBefore, await html('/'), 'the home page count changed too');
  });

  it('refuses comments on closed posts, and N days after publication, keeping the text', async () => {
    const page = await html(closed.path);
    assert.match(page, /Comments are closed on this post/);
    assert.doesNotMatch(page, /<form class="comment-form"/);
    const token = await formToken(blog.app, open.path); // any token: the post is closed anyway
    blog.wait(5);
    for (const target of [closed, old]) {
      const res = await sendComment(
        blog.app,
        target.id,
        { token, body: 'Let me in' },
        { address: nextAddress() },
      );
      assert.equal(res.status, 403);
      const text = await res.text();
      assert.equal(problemIn(text), 'Comments are closed on this post.');
      assert.match(text, /<blockquote>Let me in<\/blockquote>/);
    }
    assert.match(await html(old.path), /Comments are closed on this post/);
  });

  it('names each problem with a 4xx and keeps the text, never a 500', async () => {
    const token = await formToken(blog.app, open.path);
    blog.wait(5);
    const send = (fields: Record<string, string>, postId = open.id) =>
      sendComment(blog.app, postId, fields, { address: nextAddress() });
    const cases: [Record<string, string>, number, RegExp, number?][] = [
      [{ token, body: '   ' }, 400, /Write your comment/],
      [{ token, author: 'Sok' }, 400, /no comment field/],
      [{ token, body: 'x'.repeat(4001) }, 400, /4,001 characters long; the limit is 4,000/],
      [{ token, body: 'Fine', author: 'n'.repeat(101) }, 400, /name is too long/],
      [{ token, body: 'Fine', email: 'not-an-address' }, 400, /e-mail address does not look right/],
      [{ token, body: 'Fine', url: 'javascript:alert(1)' }, 400, /must be a web page/],
      [{ token, body: 'Fine', parent: '999999' }, 400, /not on this post/],
      [{ token, body: 'Fine', parent: '2147483648' }, 400, /not on this post/],
      [{ body: 'Fine' }, 400, /without its security token/],
      [{ token: 'forged.1.abc', body: 'Fine' }, 400, /security token was not valid/],
      [{ token, body: 'Fine' }, 400, /security token was not valid/, other.id],
      [{ token, body: 'Fine' }, 404, /no published post with the number 987654/, 987654],
      [{ token, body: 'Fine' }, 404, /no published post/, draft.id],
      [{ token, body: 'Fine' }, 404, /no published post/, page.id],
    ];
    for (const [fields, status, message, postId] of cases) {
      const res = await send(fields, postId);
      const text = await res.text();
      assert.equal(res.status, status, `${JSON.stringify(fields).slice(0, 80)} → ${status}`);
      assert.match(problemIn(text) ?? '', message);
      if (status === 400 && fields.body?.trim()) {
        assert.ok(text.includes(`>${fields.body}</textarea>`), 'the text is kept in the form');
        assert.match(text, /name="token" value="\d+\.\d+\.[\w-]{22}"/, 'with a fresh token');
      }
    }
    // Reply to a comment on another post: the form comes back without the parent.
    const elsewhere = await db()
      .selectFrom('comments')
      .select('id')
      .where('post_id', '=', other.id)
      .executeTakeFirstOrThrow();
    const wrongParent = await send({ token, body: 'Hm', parent: String(elsewhere.id) });
    assert.equal(wrongParent.status, 400);
    assert.match(await wrongParent.text(), /name="parent" value=""/);

    assert.equal((await blog.app.request(`http://blog.test/comments/abc`, { method: 'POST' })).status, 404);
    // Someone who opens the form's address sees the post's form.
    const visit = await get(`/comments/${open.id}`);
    assert.equal(visit.status, 302);
    assert.equal(visit.headers.get('location'), `${open.path}#comment-form`);
    assert.equal((await get(`/comments/${draft.id}`)).status, 404);
  });

  it('refuses text that is not UTF-8, other content types, and oversized bodies', async () => {
    const token = await formToken(blog.app, open.path);
    blog.wait(5);
    const raw = (body: BodyInit, headers: Record<string, string>, extra: RequestInit = {}) =>
      blog.app.request(
        `http://blog.test/comments/${open.id}`,
        { method: 'POST', headers, body, ...extra },
        fromAddress(nextAddress()),
      );
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    for (const body of [
      `token=${token}&body=%FF%FEbad`,
      new Uint8Array([...Buffer.from(`token=${token}&body=`), 0xc3, 0x28]),
    ]) {
      const res = await raw(body, form);
      assert.equal(res.status, 400);
      assert.match(problemIn(await res.text()) ?? '', /not valid UTF-8/);
    }
    const json = await raw(JSON.stringify({ body: 'hi' }), { 'content-type': 'application/json' });
    assert.equal(json.status, 415);

    const multipart = new FormData();
    multipart.set('token', token);
    multipart.set('body', 'Sent as multipart/form-data');
    const sent = await raw(multipart, {});
    assert.equal(sent.status, 303);

    const huge = `token=${token}&body=${'a'.repeat(70 * 1024)}`;
    const tooBig = await raw(huge, { ...form, 'content-length': String(huge.length) });
    assert.equal(tooBig.status, 413);
    assert.match(problemIn(await tooBig.text()) ?? '', /more than 64 KB/);
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 80; i++) controller.enqueue(new TextEncoder().encode('a'.repeat(1024)));
        controller.close();
      },
    });
    const chunked = await raw(stream, form, { duplex: 'half' } as RequestInit);
    assert.equal(chunked.status, 413, 'a body without Content-Length is measured as it arrives');
  });

  it('sends what the rules catch to the spam or pending queue, destroying nothing', async () => {
    await writeSettings(db(), { commentBlocklist: ['casino'] });
    const statusOf = async (res: Response) => {
      assert.equal(res.status, 200);
      assert.match(await res.text(), /awaits moderation/, 'spam is told the same as held comments');
      return db()
        .selectFrom('comments')
        .select(['status', 'spam_reason'])
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
    };
    assert.deepEqual(
      await statusOf(await post(other, { body: 'Nice post', website: 'http://spam.example' })),
      {
        status: 'spam',
        spam_reason: 'the hidden field was filled in',
      },
    );
    const token = await formToken(blog.app, other.path);
    const fast = await statusOf(
      await sendComment(blog.app, other.id, { token, body: 'Sent at once' }, { address: nextAddress() }),
    );
    assert.equal(fast.status, 'spam');
    assert.match(fast.spam_reason!, /after the form was shown/);
    const links = await statusOf(
      await post(other, { body: 'https://a.example https://b.example https://c.example https://d.example' }),
    );
    assert.deepEqual(links, { status: 'pending', spam_reason: '4 links (more than 3)' });
    assert.equal((await statusOf(await post(other, { body: 'Visit my Casino' }))).status, 'spam');

    const text = 'The election results were announced on Sunday evening.';
    assert.equal((await post(other, { body: text })).status, 303);
    const copy = await statusOf(await post(other, { body: text.toUpperCase() }));
    assert.equal(copy.status, 'spam');
    assert.match(copy.spam_reason!, /the same text as comment #\d+/);

    // The same reader sending the same form twice (back button, double click) gets their comment.
    const address = nextAddress();
    const first = await post(other, { body: 'Posted once, sent twice.' }, address);
    const count = async () =>
      (
        await db()
          .selectFrom('comments')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n;
    const before = Number(await count());
    const again = await post(other, { body: 'Posted once, sent twice.' }, address);
    assert.equal(again.status, 303);
    assert.equal(again.headers.get('location'), first.headers.get('location'));
    assert.equal(Number(await count()), before);
    await writeSettings(db(), { commentBlocklist: [] });
  });

  it('counts every POST from an address, answering the excess with 429, Retry-After and the text', async () => {
    await writeSettings(db(), { commentLimitPerAddress: 3 });
    const address = nextAddress();
    const token = await formToken(blog.app, open.path);
    blog.wait(5);
    for (let i = 0; i < 3; i++) {
      // Invalid posts count too.
      assert.equal((await sendComment(blog.app, open.id, { token, body: '' }, { address })).status, 400);
    }
    const limited = await sendComment(blog.app, open.id, { token, body: 'My careful reply' }, { address });
    assert.equal(limited.status, 429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    assert.ok(retryAfter > 0 && retryAfter <= 600, `Retry-After ${retryAfter}`);
    const text = await limited.text();
    assert.match(problemIn(text) ?? '', /Too many comments .* your address/);
    assert.ok(text.includes('>My careful reply</textarea>'), 'the text is kept');

    // A forged X-Forwarded-For does not escape the limit when no proxy is declared...
    const spoofed = await sendComment(
      blog.app,
      open.id,
      { token, body: 'x' },
      { address, headers: { 'x-forwarded-for': '192.0.2.1' } },
    );
    assert.equal(spoofed.status, 429);
    // ...another address is not affected...
    assert.equal(
      (await sendComment(blog.app, open.id, { token, body: 'Other reader' }, { address: nextAddress() }))
        .status,
      303,
    );
    // ...and behind a declared proxy, each forwarded address has its own allowance.
    await writeSettings(db(), { behindProxy: true });
    const proxied = await sendComment(
      blog.app,
      open.id,
      { token, body: 'Via the proxy' },
      { address, headers: { 'x-forwarded-for': '192.0.2.1' } },
    );
    assert.equal(proxied.status, 303);
    await writeSettings(db(), { behindProxy: false });

    blog.wait(retryAfter + 1);
    const later = await formToken(blog.app, open.path);
    blog.wait(5);
    assert.equal(
      (await sendComment(blog.app, open.id, { token: later, body: 'After the wait' }, { address })).status,
      303,
    );
    await writeSettings(db(), { commentLimitPerAddress: 10 });
  });

  it('limits the whole blog too', async () => {
    blog.wait(3600); // a fresh window
    await writeSettings(db(), { commentLimitGlobal: 2 });
    const token = await formToken(blog.app, open.path);
    blog.wait(5);
    const statuses = [];
    for (let i = 0; i < 3; i++) {
      statuses.push(
        (
          await sendComment(
            blog.app,
            open.id,
            { token, body: `Reader ${i} here` },
            { address: nextAddress() },
          )
        ).status,
      );
    }
    assert.deepEqual(statuses, [303, 303, 429]);
    blog.wait(3600);
    await writeSettings(db(), { commentLimitGlobal: 300 });
  });

  it("queues an e-mail to the post's author for each new comment, none for spam", async () => {
    const outbox = await db().selectFrom('outbox').selectAll().orderBy('id').execute();
    assert.ok(outbox.length > 0);
    assert.ok(outbox.every((m) => m.to_address === 'editor@example.org' && m.sent_at === null));
    const held = outbox.find((m) => m.subject.includes('awaiting moderation on “Moderated post”'));
    assert.ok(held, 'a mail for the held comment');
    assert.match(held.body, /Vanna wrote on “Moderated post”:\n\nWaiting for a moderator\./);
    assert.ok(!outbox.some((m) => m.body.includes('Visit my Casino')), 'spam is not mailed');
    const published = outbox.find((m) => m.subject.includes('New comment on “Open for comments”'));
    assert.match(
      published?.body ?? '',
      new RegExp(`It is published: http://127\\.0\\.0\\.1:8080${open.path}\\?showComment=\\d+#c\\d+`),
    );
    assert.ok(!outbox.some((m) => m.body.includes('blog.test')), "links never come from the request's Host");
    assert.ok(
      !outbox.some((m) => m.body.includes('chan@example.net')),
      "commenters' addresses are not mailed",
    );
  });
});
