// Following the blog by e-mail in Chromium, against a real SMTP server in process: sign up from the
// sidebar, receive the confirmation, open its link and press the button, receive a new post, one-
// click unsubscribe by POST from the mail's List-Unsubscribe header, receive nothing more. Then a
// commenter ticks "Notify me of replies", confirms, is mailed a reply and stops the thread's mail;
// and the owner's test send from the subscribers page.
// Screenshots of the widget and every subscription page at 1366 and 390 px go to test-artifacts/.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { replyAsStaff } from '../../src/comments/staff.ts';
import { createPost } from '../../src/posts/save.ts';
import { DEFAULT_SETTINGS } from '../../src/settings/settings.ts';
import { queueNewPosts } from '../../src/subscriptions/publish.ts';
import { queueReplyMails } from '../../src/subscriptions/replies.ts';
import { type Sender, startSender } from '../../src/subscriptions/sender.ts';
import { signedInAs } from '../helpers/admin.ts';
import { artifactPath, browserSkip, launchBrowser, PHONE } from '../helpers/browser.ts';
import { freshDatabase } from '../helpers/databases.ts';
import { startServer } from '../helpers/server.ts';
import { headerOf, startSmtp, type TestSmtp } from '../helpers/smtp.ts';

const WIDE = { width: 1366, height: 900 };
const FROM = 'Clippings <blog@blog.test>';

describe('e-mail subscriptions in Chromium', { skip: browserSkip() }, () => {
  let browser: Browser;
  let smtp: TestSmtp;
  let server: Awaited<ReturnType<typeof startServer>>;
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let sender: Sender;
  const errors: string[] = [];

  before(async () => {
    database = await freshDatabase('sqlite');
    smtp = await startSmtp();
    server = await startServer(database.store, {
      smtp: { host: '127.0.0.1', port: smtp.port, user: null, password: null, from: FROM },
    });
    server.deps.config.baseUrl = server.base; // links in mails lead back to this server
    sender = startSender({
      db: database.store.db,
      dialect: 'sqlite',
      transport: smtp.transport(),
      from: FROM,
      holder: 'browser-test',
      now: () => new Date(),
      idleMs: 100,
    });
    await createPost(
      database.store.db,
      { title: 'A first clipping', bodyHtml: '<p>Already here.</p>', labels: ['News'] },
      'UTC',
    );
    browser = await launchBrowser();
  });

  after(async () => {
    await sender?.stop();
    await browser?.close();
    await server?.close();
    await smtp?.close();
    await database?.drop();
  });

  async function shoot(page: Page, name: string) {
    for (const [size, label] of [
      [WIDE, '1366'],
      [PHONE, '390'],
    ] as const) {
      await page.setViewportSize(size);
      await page.screenshot({ path: artifactPath(`subscriptions-${name}-${label}.png`), fullPage: true });
    }
    await page.setViewportSize(WIDE);
  }

  it('subscribes, confirms from the mail, receives a post, unsubscribes in one click', {
    timeout: 90_000,
  }, async () => {
    const page = await browser.newPage({ viewport: WIDE });
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(`${server.base}/`);
    await shoot(page, 'home-widget');
    const post = await page
      .$eval('.post-title a, h2 a, h3 a', (a) => (a as HTMLAnchorElement).href)
      .catch(() => null);
    if (post) {
      await page.goto(post);
      await page.locator('#follow-post').scrollIntoViewIfNeeded();
      await shoot(page, 'under-post');
      await page.goto(`${server.base}/`);
    }

    await page.fill('#follow-sidebar', 'reader@example.com');
    await page.click('.widget-follow button[type=submit]');
    await page.waitForSelector('h1:has-text("Check your inbox")');
    await shoot(page, 'check-inbox');

    const [confirmation] = await smtp.waitFor(1);
    const link = /http:\/\/127\.0\.0\.1:\d+\/subscriptions\/confirm\?token=\S+/.exec(
      confirmation!.mail.text ?? '',
    )![0];
    await page.goto(link);
    await page.waitForSelector('button:has-text("Confirm my subscription")');
    await shoot(page, 'confirm');
    await page.click('button:has-text("Confirm my subscription")');
    await page.waitForSelector('h1:has-text("You are subscribed")');
    await shoot(page, 'subscribed');

    await page.click('a:has-text("Choose what you receive")');
    await page.waitForSelector('h1:has-text("Your subscription")');
    await shoot(page, 'manage');

    const db = database.store.db;
    const ctx = () => ({ blogTitle: 'Gloss', baseUrl: server.base, from: FROM, now: new Date() });
    await createPost(db, { title: 'Fresh news', bodyHtml: '<p>Just published.</p>' }, 'UTC');
    assert.equal(await queueNewPosts(db, ctx()), 1);
    const [, news] = await smtp.waitFor(2);
    assert.match(news!.mail.subject ?? '', /Fresh news/);
    const header = news!.raw
      .split(/\r?\n\r?\n/)[0]!
      .replace(/\r?\n[ \t]+/g, ' ')
      .split(/\r?\n/)
      .find((l) => /^list-unsubscribe:/i.test(l))!;
    const oneClick = /<(http[^>]+)>/.exec(header)![1]!;

    // What a mail client does with RFC 8058's header: a POST, no cookies, no token.
    const res = await fetch(oneClick, {
      method: 'POST',
      body: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(res.status, 200);

    await page.goto(oneClick);
    await page.waitForSelector('h1:has-text("You are unsubscribed")');
    await shoot(page, 'unsubscribed');

    await new Promise((r) => setTimeout(r, 1100)); // a later second than the first post
    await createPost(db, { title: 'Nobody gets this', bodyHtml: '<p>Quiet.</p>' }, 'UTC');
    assert.equal(await queueNewPosts(db, ctx()), 0);
    await sender.idle();
    assert.equal(smtp.received.length, 2);
    assert.deepEqual(errors, []);
  });

  it('tells a commenter of replies once confirmed, and stops in one click', { timeout: 90_000 }, async () => {
    const db = database.store.db;
    const page = await browser.newPage({ viewport: WIDE });
    page.on('pageerror', (err) => errors.push(err.message));
    const before = smtp.received.length;
    const post = await createPost(db, { title: 'Talk of rice', bodyHtml: '<p>Prices.</p>' }, 'UTC');
    await page.goto(`${server.base}${post.path}`);
    await page.fill('#comment-form textarea[name=body]', 'Who pays for this?');
    await page.fill('#comment-form input[name=author]', 'Ann');
    await page.fill('#comment-form input[name=email]', 'ann@example.com');
    await page.check('#comment-form input[name=notify]');
    await page.locator('.comment-notify').scrollIntoViewIfNeeded();
    await shoot(page, 'comment-notify');
    await page.waitForTimeout(DEFAULT_SETTINGS.commentMinSeconds * 1000 + 100);
    await page.click('#comment-form button[type=submit]');
    await page.waitForSelector('.comment-body:has-text("Who pays for this?")');

    const confirmation = (await smtp.waitFor(before + 1))[before]!;
    assert.deepEqual(confirmation.to, ['ann@example.com']);
    const link = /http:\/\/127\.0\.0\.1:\d+\/subscriptions\/replies\/confirm\?token=\S+/.exec(
      confirmation.mail.text ?? '',
    )![0];
    await page.goto(link);
    await shoot(page, 'reply-confirm');
    await page.click('button:has-text("Tell me of replies")');
    await page.waitForSelector('h1:has-text("You will be told of replies")');
    await shoot(page, 'replies-confirmed');

    const ann = await db.selectFrom('comments').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow();
    const owner = await signedInAs(database.store, 'owner', 'owner@example.org');
    const ctx = () => ({ blogTitle: 'Gloss', baseUrl: server.base, from: FROM, now: new Date() });
    await replyAsStaff(db, ann.id, 'The ministry does.', owner.user, DEFAULT_SETTINGS, new Date());
    assert.equal(await queueReplyMails(db, ctx()), 1);
    const reply = (await smtp.waitFor(before + 2))[before + 1]!;
    assert.match(reply.mail.subject ?? '', /replied to your comment on “Talk of rice”/);
    const oneClick = /<(http[^>]+)>/.exec(headerOf(reply.raw, 'List-Unsubscribe'))![1]!;
    const res = await fetch(oneClick, {
      method: 'POST',
      body: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(res.status, 200);
    await page.goto(oneClick);
    await page.waitForSelector('h1:has-text("No more mail about replies")');
    await shoot(page, 'replies-stopped');
    await replyAsStaff(db, ann.id, 'And the farmers.', owner.user, DEFAULT_SETTINGS, new Date());
    assert.equal(await queueReplyMails(db, ctx()), 0);

    // The owner's test send, from the subscribers page, as a browser sends it (CSRF token included).
    const [name, ...value] = owner.cookie.split('=');
    await page.context().addCookies([{ name: name!, value: value.join('='), url: server.base }]);
    await page.goto(`${server.base}/admin/subscribers`);
    await page.click('button:has-text("Send a test mail to me")');
    await page.waitForSelector('.notice-ok:has-text("Sent:")');
    await page.locator('#test-h').scrollIntoViewIfNeeded();
    await shoot(page, 'admin-test-send');
    const sample = (await smtp.waitFor(before + 3))[before + 2]!;
    assert.deepEqual(sample.to, ['owner@example.org']);
    assert.match(sample.mail.subject ?? '', /\(test send\)$/);
    await sender.idle();
    assert.equal(smtp.received.length, before + 3);
    assert.deepEqual(errors, []);
  });
});
