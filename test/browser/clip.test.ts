// Clipping in a real browser: an editor signs in, reads an article on a "news site" (another
// origin on 127.0.0.1), selects a sentence, clicks the bookmarklet, clips it from the admin form,
// looks at the snapshot, and the published clipping reads well. Screenshots at desktop and phone
// width go to test-artifacts/screenshots/.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createUser } from '../../src/auth/users.ts';
import { seedEmptyBlog } from '../../src/clippings/seed.ts';
import { PASSWORD } from '../helpers/admin.ts';
import { artifactPath, browserSkip, DESKTOP, launchBrowser, PHONE } from '../helpers/browser.ts';
import { freshDatabase } from '../helpers/databases.ts';
import { PATHS, STORY, startNewsSite } from '../helpers/news-site.ts';
import { startServer } from '../helpers/server.ts';

const EMAIL = 'editor@example.org';

describe('clipping in Chromium', { skip: browserSkip() }, () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startServer>>;
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let site: Awaited<ReturnType<typeof startNewsSite>>;
  let desktop: BrowserContext;
  const errors: string[] = [];
  let postPath = '';
  let snapshotUrl = '';

  before(async () => {
    database = await freshDatabase('sqlite');
    await seedEmptyBlog(database.store.db);
    await createUser(database.store.db, {
      email: EMAIL,
      name: 'Dara Editor',
      role: 'admin',
      password: PASSWORD,
    });
    server = await startServer(database.store, { fetchAllowPrivate: true });
    site = await startNewsSite();
    browser = await launchBrowser();
    desktop = await browser.newContext({ viewport: DESKTOP });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await site?.close();
    await database?.drop();
  });

  function watch(page: Page) {
    page.on('console', (m) => {
      // The duplicate page answers 409 on purpose; Chromium logs any 4xx document as an error.
      if (m.type() === 'error' && !/status of 409/.test(m.text())) errors.push(`${page.url()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
    return page;
  }

  it('signs in, clips an article with the bookmarklet and the form, and shows the snapshot', async () => {
    const page = watch(await desktop.newPage());
    await page.goto(`${server.base}/admin/clip`);
    await page.fill('input[name="email"]', EMAIL);
    await page.fill('input[name="password"]', PASSWORD);
    await page.click('button[type="submit"]');
    await page.waitForURL(/\/admin\/clip$/);
    assert.equal(await page.locator('h1').textContent(), 'Clip a URL');
    assert.equal(await page.locator('.rail-nav a.active').textContent(), 'Clip a URL');
    const bookmarklet = (await page.locator('a.bookmarklet').getAttribute('href')) ?? '';
    assert.match(bookmarklet, /^javascript:/);

    // On the outlet's page: select a sentence, then use the bookmarklet (installed as a link).
    const article = watch(await desktop.newPage());
    await article.goto(site.url(PATHS.story));
    await article.evaluate((href) => {
      const p = document.querySelectorAll('article p')[1]!;
      const range = document.createRange();
      range.selectNodeContents(p);
      getSelection()!.removeAllRanges();
      getSelection()!.addRange(range);
      const link = document.createElement('a');
      link.href = href;
      link.id = 'bookmarklet';
      link.textContent = 'Clip to Gloss';
      document.body.append(link);
      link.focus();
    }, bookmarklet);
    const opened = desktop.waitForEvent('page', { timeout: 10_000 });
    await article.keyboard.press('Enter');
    const form = watch(await opened);
    await form.waitForLoadState();
    assert.match(form.url(), /\/admin\/clip\?url=/);
    assert.equal(await form.inputValue('#clip-url'), site.url(PATHS.story));
    assert.equal(await form.inputValue('#clip-note'), STORY[1]);
    await form.screenshot({ path: artifactPath('clip-form-desktop.png'), fullPage: true });

    await form.click('.clip-form button[type="submit"]');
    await form.waitForURL(/\/admin\/clip\?clipped=\d+$/);
    assert.equal(await form.locator('.clip-result-kicker').textContent(), 'Clipped as a draft');
    assert.equal(
      await form.locator('#clip-result-title').textContent(),
      'Governor opens the new river bridge',
    );
    assert.match((await form.locator('.clip-byline').textContent()) ?? '', /By Sokha Chan · River Times/);
    await form.screenshot({ path: artifactPath('clip-result-desktop.png'), fullPage: true });

    await form.click('text=View the snapshot');
    await form.waitForURL(/\/admin\/clip\/snapshots\/\d+$/);
    snapshotUrl = form.url();
    assert.equal(await form.locator('h1').textContent(), 'Snapshot of the original');
    assert.match(
      (await form.locator('.snapshot-body').textContent()) ?? '',
      /ending a decade of ferry crossings/,
    );
    assert.equal(
      await form.locator('.snapshot-image img').getAttribute('src'),
      site.url('/img/bridge-800x450.svg'),
    );
    await form.screenshot({ path: artifactPath('clip-snapshot-desktop.png'), fullPage: true });

    // Clipping it again names the earlier post instead of storing a second one.
    await form.goto(`${server.base}/admin/clip`);
    await form.fill('#clip-url', `${site.url(PATHS.story)}?utm_source=newsletter`);
    await form.click('.clip-form button[type="submit"]');
    assert.equal(await form.locator('.clip-duplicate .clip-result-kicker').textContent(), 'Already clipped');
    await form.screenshot({ path: artifactPath('clip-duplicate-desktop.png'), fullPage: true });

    const post = await database.store.db
      .selectFrom('posts')
      .select(['id', 'path', 'status', 'body_html'])
      .where('title', '=', 'Governor opens the new river bridge')
      .executeTakeFirstOrThrow();
    assert.equal(post.status, 'draft');
    assert.match(post.body_html, /^<aside class="editor-note"><p>Traders on both banks/);
    // The editor publishes the draft (the editor's own page does this; here, the row).
    await database.store.db
      .updateTable('posts')
      .set({ status: 'published' })
      .where('id', '=', post.id)
      .execute();
    postPath = post.path;
    await page.close();
    await article.close();
    await form.close();
  });

  for (const [name, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    it(`the clip page, the snapshot and the clipped post read well at ${name} width`, async () => {
      assert.ok(postPath && snapshotUrl, 'the clipping test ran first');
      const context = await browser.newContext({ viewport, storageState: await desktop.storageState() });
      const page = watch(await context.newPage());
      for (const [shot, url] of [
        ['clip-page', `${server.base}/admin/clip`],
        ['clip-snapshot', snapshotUrl],
        ['clipped-post', `${server.base}${postPath}`],
      ] as const) {
        await page.goto(url);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `${shot} is ${overflow}px wider than the viewport`);
        if (shot !== 'clip-snapshot' || name === 'phone') {
          await page.screenshot({ path: artifactPath(`${shot}-${name}.png`), fullPage: true });
        }
      }
      // The public post: source block, lead image with caption and credit, the note set apart.
      assert.match((await page.locator('.source').textContent()) ?? '', /Sokha Chan.*River Times/s);
      assert.match(
        (await page.locator('.lead-image figcaption').textContent()) ?? '',
        /The new bridge at dawn\./,
      );
      assert.equal(await page.locator('.lead-image .credit').textContent(), 'Dara Kim');
      assert.ok(await page.locator('.post-body aside.editor-note').first().isVisible());
      assert.match(
        (await page.locator('.source-link').getAttribute('href')) ?? '',
        /\/2024\/03\/bridge\.html$/,
      );
      await context.close();
    });
  }

  it('logged no errors in the browser', () => {
    assert.deepEqual(errors, []);
  });
});
