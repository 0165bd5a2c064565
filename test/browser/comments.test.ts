// Readers commenting in a real browser without JavaScript: a comment and a reply through the real
// form (fill, submit), a deep thread, a held comment and an error, at desktop and phone width.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { seedEmptyBlog } from '../../src/clippings/seed.ts';
import { postComment } from '../../src/comments/post-comment.ts';
import { signFormToken } from '../../src/comments/token.ts';
import { createPost } from '../../src/posts/save.ts';
import { readSettings, serverSecret, writeSettings } from '../../src/settings/settings.ts';
import type { Post } from '../../src/storage/schema.ts';
import { artifactPath, browserSkip, DESKTOP, launchBrowser, PHONE } from '../helpers/browser.ts';
import { freshDatabase } from '../helpers/databases.ts';
import { startServer } from '../helpers/server.ts';

/** The seconds a reader must keep the form open; short here, so the test need not wait long. */
const MIN_SECONDS = 1;

describe('commenting in Chromium', { skip: browserSkip() }, () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startServer>>;
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let post: Post;
  let moderated: Post;
  let context: BrowserContext;
  let page: Page;

  before(async () => {
    database = await freshDatabase('sqlite');
    const db = database.store.db;
    const path = (await seedEmptyBlog(db))!;
    post = await db.selectFrom('posts').selectAll().where('path', '=', path).executeTakeFirstOrThrow();
    moderated = await createPost(
      db,
      { title: 'A moderated post', bodyHtml: '<p>Comments wait here.</p>', commentPolicy: 'moderated' },
      'UTC',
    );
    await writeSettings(db, { commentMinSeconds: MIN_SECONDS });
    server = await startServer(database.store);
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: DESKTOP, javaScriptEnabled: false });
    page = await context.newPage();
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
    await database?.drop();
  });

  /** Like a reader: read the page a moment, then send. */
  async function submit(form = page.locator('form.comment-form')) {
    await page.waitForTimeout(MIN_SECONDS * 1000 + 100);
    await Promise.all([page.waitForLoadState('load'), form.locator('button[type="submit"]').click()]);
  }

  it('posts a comment and a reply through the form, and the reply nests in its parent', async () => {
    await page.goto(`${server.base}${post.path}`);
    const form = page.locator('form.comment-form');
    assert.equal(await form.locator('h3').textContent(), 'Post a Comment');
    await form
      .locator('textarea[name="body"]')
      .fill(
        'Twenty-six years on, the accords still read well.\n\nThe UN mission that followed (UNTAC) is described at https://en.wikipedia.org/wiki/UNTAC — worth a read.',
      );
    await form.locator('input[name="author"]').fill('Sokha Chan');
    await form.locator('input[name="email"]').fill('sokha@example.org');
    await form.locator('input[name="url"]').fill('example.org/sokha');
    await submit(form);

    const first = /#c(\d+)$/.exec(page.url());
    assert.ok(first, `landed on the comment's anchor: ${page.url()}`);
    const comment = page.locator(`li#c${first[1]}`);
    assert.ok(await comment.isVisible());
    assert.match((await comment.locator('.comment-author').textContent()) ?? '', /Sokha Chan/);
    assert.equal(await comment.locator('.comment-body a').getAttribute('rel'), 'nofollow ugc noopener');
    assert.equal(await page.locator('#comments-heading').textContent(), '1 comment');
    assert.ok(!(await page.content()).includes('sokha@example.org'), 'the e-mail address stays private');

    await Promise.all([page.waitForLoadState('load'), comment.locator('a.comment-reply').first().click()]);
    assert.match(page.url(), new RegExp(`\\?replyTo=${first[1]}#comment-form$`));
    assert.equal(await page.locator('form.comment-form input[name="parent"]').inputValue(), first[1]);
    assert.match((await page.locator('.comment-replying').textContent()) ?? '', /Replying to Sokha Chan/);
    await page.locator('form.comment-form textarea[name="body"]').fill('And the refugees came home in 1993.');
    await page.locator('form.comment-form input[name="author"]').fill('Dara');
    await submit();

    const reply = /#c(\d+)$/.exec(page.url());
    assert.ok(reply, `landed on the reply: ${page.url()}`);
    assert.equal(await page.locator(`li#c${first[1]} > ol.comment-replies > li#c${reply[1]}`).count(), 1);
    assert.equal(await page.locator('#comments-heading').textContent(), '2 comments');
  });

  it('says a held comment awaits moderation, and names a problem keeping the text', async () => {
    await page.goto(`${server.base}${moderated.path}`);
    await page.locator('textarea[name="body"]').fill('Does this need approval?');
    await submit();
    assert.match((await page.locator('.form-ok').textContent()) ?? '', /awaits moderation/);
    await page.screenshot({ path: artifactPath('comment-held-desktop.png') });

    await page.goto(`${server.base}${post.path}`);
    await page.locator('textarea[name="body"]').fill('My text must survive the error.');
    await page.locator('#comment-form input[name="email"]').fill('me@localhost');
    await submit();
    assert.match(
      (await page.locator('.form-error').textContent()) ?? '',
      /e-mail address does not look right/,
    );
    assert.equal(await page.locator('textarea[name="body"]').inputValue(), 'My text must survive the error.');
    assert.equal(
      await page.locator('#comment-form input[name="email"]').getAttribute('aria-invalid'),
      'true',
    );
    await page.locator('#comment-form').screenshot({ path: artifactPath('comment-error-desktop.png') });
  });

  it('keeps a deep thread readable at desktop and phone width', async () => {
    const db = database.store.db;
    const settings = await readSettings(db);
    const secret = await serverSecret(db);
    const voices = [
      ['Vannak', 'The <b>Paris</b> conference had nineteen signatories, not eighteen — check the annex.'],
      ['Maly', 'Eighteen states plus Cambodia itself. Both counts appear in the press of the time.'],
      ['Rithy', 'ការប្រជុំនៅទីក្រុងប៉ារីស គឺជាចំណុចរបត់ដ៏សំខាន់មួយ។'],
      [
        'Sophea',
        'A very long address to test wrapping: https://www.example.org/archives/1991/10/23/paris-peace-agreements-full-text-and-annexes.html',
      ],
      ['Bora', 'Still replying, five levels down.\nWith a second line.'],
      ['Kanha', 'Six levels deep: the indentation stops growing here, and the reply says whom it answers.'],
      ['Vannak', 'And seven. <i>Thank you all.</i>'],
    ] as const;
    let parent: number | undefined;
    for (const [author, body] of voices) {
      const now = new Date();
      const result = await postComment(
        db,
        {
          postId: post.id,
          author,
          body,
          parent: parent === undefined ? '' : String(parent),
          token: signFormToken(secret, post.id, new Date(now.getTime() - 60_000)),
        },
        { settings, secret, now, address: null, addressHash: null, userAgent: null, baseUrl: server.base },
      );
      assert.equal(result.kind, 'stored');
      if (result.kind === 'stored') parent = result.comment.id;
    }

    for (const [name, viewport] of [
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ] as const) {
      const ctx = await browser.newContext({ viewport, javaScriptEnabled: false });
      const p = await ctx.newPage();
      await p.goto(`${server.base}${post.path}#comments`);
      assert.equal(await p.locator('#comments-heading').textContent(), '9 comments');
      const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `the page is ${overflow}px wider than the ${name} viewport`);
      // The deepest reply keeps most of the column: indentation stops growing.
      const widths = await p.evaluate(() => {
        const bodies = [...document.querySelectorAll<HTMLElement>('.comment-body')];
        return bodies.map((b) => b.getBoundingClientRect().width);
      });
      const narrowest = Math.min(...widths);
      assert.ok(
        narrowest > Math.max(...widths) * (name === 'phone' ? 0.7 : 0.75),
        `deep replies are ${narrowest}px wide`,
      );
      await p.locator('#comments').screenshot({ path: artifactPath(`comments-thread-${name}.png`) });
      await ctx.close();
    }
  });

  it('tells a reader who sent too much to wait, keeping their text (phone width)', async () => {
    await writeSettings(database.store.db, { commentLimitPerAddress: 1 });
    const ctx = await browser.newContext({ viewport: PHONE, javaScriptEnabled: false });
    const p = await ctx.newPage();
    await p.goto(`${server.base}${post.path}`);
    await p.locator('textarea[name="body"]').fill('One more thought, kept safe while I wait.');
    await p.waitForTimeout(MIN_SECONDS * 1000 + 100);
    const [response] = await Promise.all([
      p.waitForResponse((r) => r.request().method() === 'POST'),
      p.locator('form.comment-form button[type="submit"]').click(),
    ]);
    assert.equal(response.status(), 429);
    assert.ok(Number(response.headers()['retry-after']) > 0);
    assert.match((await p.locator('.form-error').textContent()) ?? '', /send it again in \d+ minutes/);
    assert.equal(
      await p.locator('textarea[name="body"]').inputValue(),
      'One more thought, kept safe while I wait.',
    );
    await p.screenshot({ path: artifactPath('comment-rate-limited-phone.png'), fullPage: true });
    await ctx.close();
  });
});
