import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { formToken, fromAddress } from '../../test/helpers/comments.ts';
import { eachDatabase } from '../../test/helpers/databases.ts';
import { headerOf, startSmtp, type TestSmtp } from '../../test/helpers/smtp.ts';
import { createApp } from '../app.tsx';
import { createUser } from '../auth/users.ts';
import { setCommentStatus } from '../comments/moderation.ts';
import { replyAsStaff } from '../comments/staff.ts';
import { loadConfig } from '../config.ts';
import { createPost } from '../posts/save.ts';
import { DEFAULT_SETTINGS } from '../settings/settings.ts';
import type { Post } from '../storage/schema.ts';
import { type MailContext, messageIdFor } from './compose.ts';
import { queueReplyMails } from './replies.ts';
import { sendRound } from './sender.ts';
import { suppressAddress } from './suppressions.ts';

const BASE = 'http://blog.test';
const FROM = 'Gloss test <blog@blog.test>';

eachDatabase('subscriptions: reply notifications', (store, kind) => {
  let smtp: TestSmtp;
  let post: Post;
  const clock = { now: new Date('2026-12-01T10:00:00Z') };
  const tick = (seconds: number) => {
    clock.now = new Date(clock.now.getTime() + seconds * 1000);
  };
  before(async () => {
    smtp = await startSmtp();
    post = await createPost(
      store().db,
      { title: 'Rice prices', bodyHtml: '<p>Up again.</p>', publishedAt: '2026-11-30T08:00:00Z' },
      'UTC',
      { now: new Date('2026-11-30T08:00:00Z') },
    );
  });
  after(() => smtp.close());

  const appOf = (mail = true) =>
    createApp({
      store: store(),
      config: {
        ...loadConfig({}, process.cwd()),
        baseUrl: BASE,
        smtp: mail
          ? { host: '127.0.0.1', port: smtp.port, user: null, password: null, from: FROM, secure: false }
          : null,
      },
      now: () => clock.now,
    }).app;
  const ctx = (): MailContext => ({ blogTitle: 'My Blog', baseUrl: BASE, from: FROM, now: clock.now });
  const send = () =>
    sendRound({
      db: store().db,
      dialect: kind,
      transport: smtp.transport(),
      from: FROM,
      holder: 'test',
      now: () => clock.now,
    });

  /** A reader's comment through the post page's form, as a browser sends it. */
  const comment = async (fields: Record<string, string>, address = '198.51.100.7') => {
    const app = appOf();
    const token = await formToken(app, post.path, fields.parent ? Number(fields.parent) : undefined);
    tick(20);
    const res = await app.request(
      `${BASE}/comments/${post.id}`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token, ...fields }).toString(),
      },
      fromAddress(address),
    );
    return res;
  };
  const latestComment = () =>
    store().db.selectFrom('comments').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
  const requestOf = (commentId: number) =>
    store()
      .db.selectFrom('reply_subscriptions')
      .selectAll()
      .where('comment_id', '=', commentId)
      .executeTakeFirst();
  const pathOf = (url: string) => url.slice(BASE.length);
  const linkIn = (text: string, path: string) => {
    const match = new RegExp(`${BASE}${path.replace(/[?]/g, '\\?')}[^\\s>]*`).exec(text);
    assert.ok(match, `no ${path} link in:\n${text}`);
    return pathOf(match[0]);
  };

  it('offers "Notify me" only when the blog can send mail, and asks for the address it needs', async () => {
    const page = await (await appOf().request(`${BASE}${post.path}`)).text();
    assert.match(page, /name="notify" value="1"/);
    const without = await (await appOf(false).request(`${BASE}${post.path}`)).text();
    assert.doesNotMatch(without, /name="notify"/);

    const res = await comment({ author: 'Ann', body: 'No address given.', notify: '1' });
    assert.equal(res.status, 400);
    const html = await res.text();
    assert.match(html, /To be told of replies, give your e-mail address/);
    assert.match(html, /name="notify" value="1" checked/, 'the box stays ticked');
  });

  it('confirms by mail, then mails each approved reply once, staff replies too, never the replier’s own', async () => {
    const db = store().db;
    const asked = await comment({ author: 'Ann', email: 'Ann@Example.COM', body: 'Who pays?', notify: '1' });
    assert.equal(asked.status, 303);
    const ann = await latestComment();
    assert.equal(asked.headers.get('location'), `${post.path}?showComment=${ann.id}#c${ann.id}`);
    // A comment without the box asks for nothing; the reader sees the same kind of answer.
    const plain = await comment(
      { author: 'Bo', email: 'bo@example.com', body: 'Farmers do.' },
      '198.51.100.8',
    );
    assert.equal(plain.status, 303);
    assert.equal(await requestOf((await latestComment()).id), undefined);

    assert.equal(await send(), 1);
    const [confirmation] = await smtp.waitFor(1);
    assert.deepEqual(confirmation!.to, ['ann@example.com']);
    assert.match(confirmation!.mail.subject ?? '', /Confirm: replies to your comment on “Rice prices”/);
    assert.ok(confirmation!.mail.html, 'an HTML part');
    const link = linkIn(confirmation!.mail.text ?? '', '/subscriptions/replies/confirm?token=');

    // A reply before confirmation is not mailed yet.
    await comment(
      { author: 'Bo', email: 'bo@example.com', body: 'Consumers.', parent: String(ann.id) },
      '198.51.100.8',
    );
    const early = await latestComment();
    assert.equal(await queueReplyMails(db, ctx()), 0);

    // A scanner's GET changes nothing; the button's POST confirms.
    const app = appOf();
    for (let i = 0; i < 2; i++)
      assert.match(await (await app.request(`${BASE}${link}`)).text(), /Tell me of replies/);
    assert.equal((await requestOf(ann.id))!.status, 'pending');
    const token = new URL(link, BASE).searchParams.get('token')!;
    const confirmed = await app.request(`${BASE}/subscriptions/replies/confirm`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token }).toString(),
    });
    assert.equal(confirmed.status, 200);
    assert.match(await confirmed.text(), /You will be told of replies/);
    assert.equal((await requestOf(ann.id))!.status, 'confirmed');

    // Ann answering in her own thread is not news to Ann; a reply held for moderation waits.
    await comment({ author: 'Ann', email: 'ann@example.com', body: 'Thanks!', parent: String(ann.id) });
    const staff = await createUser(db, {
      email: 'editor@example.org',
      name: 'The Editor',
      role: 'admin',
      password: 'a long enough password',
    });
    const staffReply = await replyAsStaff(
      db,
      ann.id,
      'We asked the ministry.',
      staff,
      DEFAULT_SETTINGS,
      clock.now,
    );
    assert.equal(staffReply.kind, 'stored');
    assert.equal(await queueReplyMails(db, ctx()), 2, 'the early reply and the staff reply');
    assert.equal(await queueReplyMails(db, ctx()), 0, 'each reply once');
    const held = await db
      .insertInto('comments')
      .values({
        post_id: post.id,
        parent_id: ann.id,
        author_name: 'Cy',
        author_email: null,
        author_url: null,
        author_user_id: null,
        body_text: 'Held reply.',
        body_html: '<p>Held reply.</p>',
        body_hash: 'held',
        status: 'pending',
        ip_hash: null,
        user_agent: null,
        spam_reason: null,
        created_at: clock.now.toISOString(),
        updated_at: clock.now.toISOString(),
        external_id: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    assert.equal(await queueReplyMails(db, ctx()), 0);
    await setCommentStatus(db, [held.id], 'approved', staff.id, clock.now);
    assert.equal(await queueReplyMails(db, ctx()), 1, 'approved by a moderator, then mailed');

    assert.equal(await send(), 3);
    const received = (await smtp.waitFor(4)).slice(1);
    assert.ok(received.every((r) => r.to[0] === 'ann@example.com'));
    const byBo = received.find((r) => /Bo replied/.test(r.mail.subject ?? ''))!;
    assert.ok(byBo, 'the reply by Bo');
    assert.ok(
      received.some((r) => /The Editor replied/.test(r.mail.subject ?? '')),
      'the staff reply',
    );
    assert.ok(
      received.some((r) => /Cy replied/.test(r.mail.subject ?? '')),
      'the approved held reply',
    );
    const mail = byBo.mail;
    assert.match(mail.text ?? '', /Consumers\./);
    assert.match(mail.html || '', /<p>Consumers\.<\/p>/);
    assert.equal(mail.messageId, messageIdFor(`reply:${early.id}:${(await requestOf(ann.id))!.id}`, BASE));
    assert.equal(headerOf(byBo.raw, 'List-Unsubscribe-Post'), 'List-Unsubscribe=One-Click');
    assert.equal(headerOf(byBo.raw, 'List-Id'), 'My Blog <replies.blog.test>');
    const unsubscribe = headerOf(byBo.raw, 'List-Unsubscribe');
    const https = /<(http[^>]+)>/.exec(unsubscribe)![1]!;
    assert.match(unsubscribe, /<mailto:blog@blog\.test\?subject=unsubscribe%20replies%20/);
    // The mail's link to the reply works against the running blog.
    const readIt = linkIn(mail.text ?? '', post.path);
    const shown = await appOf().request(`${BASE}${readIt}`);
    assert.equal(shown.status, 200);
    assert.match(await shown.text(), /Consumers\./);

    // A reply queued but not yet sent is cancelled by the one-click POST, which needs nothing else.
    await comment({ author: 'Dee', body: 'Late reply.', parent: String(ann.id) }, '198.51.100.9');
    assert.equal(await queueReplyMails(db, ctx()), 1);
    const stop = await appOf().request(https, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    assert.equal(stop.status, 200);
    assert.equal((await requestOf(ann.id))!.status, 'unsubscribed');
    assert.equal(await send(), 0, 'the waiting reply mail was cancelled');
    await comment({ author: 'Eve', body: 'After the end.', parent: String(ann.id) }, '198.51.100.10');
    assert.equal(await queueReplyMails(db, ctx()), 0);
    assert.equal(smtp.received.length, 4, 'nothing more reached the inbox');
  });

  it('lets the link expire, limits confirmations per address, and never mails a suppressed one', async () => {
    const db = store().db;
    const before = smtp.received.length;
    await comment(
      { author: 'Fay', email: 'fay@example.com', body: 'Slow reader.', notify: '1' },
      '198.51.100.11',
    );
    const fay = await latestComment();
    await send();
    const [mail] = (await smtp.waitFor(before + 1)).slice(before);
    const link = linkIn(mail!.mail.text ?? '', '/subscriptions/replies/confirm?token=');
    tick(49 * 60 * 60);
    const late = await appOf().request(`${BASE}${link}`);
    assert.equal(late.status, 410);
    assert.match(await late.text(), /This link has expired/);
    assert.equal((await requestOf(fay.id))!.status, 'pending');

    // Three sign-up mails a day per address (the follow form's allowance), then nothing more.
    for (let i = 0; i < 4; i++) {
      const res = await comment(
        { author: 'Gus', email: 'gus@example.com', body: `Comment number ${i + 1}.`, notify: '1' },
        `198.51.100.${20 + i}`,
      );
      assert.equal(res.status, 303, 'the same answer every time');
    }
    // A suppressed address is asked nothing, and a mail queued before it was suppressed is not sent.
    await suppressAddress(db, 'hal@example.com', 'complaint', null, clock.now);
    await comment(
      { author: 'Hal', email: 'hal@example.com', body: 'Complainer.', notify: '1' },
      '198.51.100.30',
    );
    assert.equal(await requestOf((await latestComment()).id), undefined);
    assert.equal(await send(), 3);
    const after = (await smtp.waitFor(before + 4)).slice(before + 1);
    assert.deepEqual(
      after.map((r) => r.to[0]),
      ['gus@example.com', 'gus@example.com', 'gus@example.com'],
    );

    const ivy = await comment(
      { author: 'Ivy', email: 'ivy@example.com', body: 'Hello.', notify: '1' },
      '198.51.100.31',
    );
    assert.equal(ivy.status, 303);
    await suppressAddress(db, 'ivy@example.com', 'bounce', null, clock.now);
    assert.equal(await send(), 0);
    const row = await db
      .selectFrom('mail_queue')
      .select('status')
      .where('to_address', '=', 'ivy@example.com')
      .executeTakeFirstOrThrow();
    assert.equal(row.status, 'suppressed');
  });

  it('answers an unknown link with a clear 404, by page and by one-click', async () => {
    const app = appOf();
    const page = await app.request(`${BASE}/subscriptions/replies/confirm?token=1.AAAA`);
    assert.equal(page.status, 404);
    assert.match(await page.text(), /This link does not work/);
    const click = await app.request(`${BASE}/subscriptions/replies/unsubscribe?token=${'A'.repeat(32)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    assert.equal(click.status, 404);
    assert.match(await click.text(), /names no subscription/);
  });
});
