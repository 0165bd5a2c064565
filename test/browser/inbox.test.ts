// The inbox in Chromium: an editor follows one outlet by its site address and one by an OPML
// file, the poller brings their articles (one story carried by both shows once), the keyboard
// moves (j/k), keeps for later (l), dismisses (d) and clips (c) into a draft with its source.
// Screenshots at 1366 and 390 px go to test-artifacts/screenshots/.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createUser } from '../../src/auth/users.ts';
import { seedEmptyBlog } from '../../src/clippings/seed.ts';
import { pollDue } from '../../src/inbox/poll.ts';
import { PASSWORD } from '../helpers/admin.ts';
import { artifactPath, browserSkip, launchBrowser, PHONE } from '../helpers/browser.ts';
import { freshDatabase } from '../helpers/databases.ts';
import { type FeedServer, rssFeed, startFeedServer } from '../helpers/feed-server.ts';
import { articlePage } from '../helpers/news-site.ts';
import { startServer } from '../helpers/server.ts';

const EMAIL = 'desk@example.org';
const PICTURE = `<svg xmlns="http://www.w3.org/2000/svg" width="240" height="160"><rect width="240" height="160" fill="#7aa6c2"/><path d="M0 120 Q120 60 240 120" stroke="#fff" stroke-width="8" fill="none"/></svg>`;

describe('the inbox in Chromium', { skip: browserSkip() }, () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startServer>>;
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let feeds: FeedServer;
  const errors: string[] = [];

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
    feeds = await startFeedServer();
    const b = feeds.base;
    const now = Date.now();
    const ago = (h: number) => new Date(now - h * 3_600_000).toISOString();
    feeds.routes.set('/', () => ({
      headers: { 'content-type': 'text/html' },
      body: `<!doctype html><html><head><title>River Times</title><link rel="alternate" type="application/rss+xml" title="News" href="/news.rss"></head><body>River Times</body></html>`,
    }));
    for (const img of ['/img/river.svg', '/img/bridge-800x450.svg', '/img/bridge-1200x630.jpg']) {
      feeds.routes.set(img, () => ({ headers: { 'content-type': 'image/svg+xml' }, body: PICTURE }));
    }
    const riverItems = [
      {
        title: 'Governor opens the new river bridge',
        link: `${b}/2030/05/bridge.html`,
        date: ago(1),
        description: `<img src="${b}/img/river.svg"> The provincial governor opened the new bridge across the river on Saturday morning, ending a decade of ferry crossings.`,
      },
      {
        title: 'Market prices steady as the dry season ends',
        link: `${b}/2030/05/market.html`,
        date: ago(2),
        description: 'Traders said rice and fish prices held.',
      },
      {
        title: 'Fishermen report a poor catch on the Tonle Sap',
        link: `${b}/2030/05/catch.html`,
        date: ago(3),
        description: 'Low water levels kept boats at the shore.',
      },
    ];
    feeds.routes.set('/news.rss', () => ({
      headers: { 'content-type': 'application/rss+xml' },
      body: rssFeed('River Times', `${b}/`, riverItems),
    }));
    feeds.routes.set('/wire.rss', () => ({
      headers: { 'content-type': 'application/rss+xml' },
      body: rssFeed('Wire Service', `${b}/wire/`, [
        {
          title: 'Governor opens the new river bridge',
          link: `${b}/2030/05/bridge.html?utm_source=wire`,
          date: ago(0.5),
          description: 'Syndicated.',
        },
        {
          title: 'Schools reopen after the floods',
          link: `${b}/wire/schools`,
          date: ago(4),
          description: 'Pupils returned on Monday.',
        },
      ]),
    }));
    feeds.routes.set('/2030/05/bridge.html', () => ({
      headers: { 'content-type': 'text/html; charset=utf-8' },
      body: articlePage(b, '/2030/05/bridge.html', 'Governor opens the new river bridge'),
    }));
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await feeds?.close();
    await database?.drop();
  });

  function watch(page: Page) {
    page.on('console', (m) => {
      // Refusals answer 422 on purpose; Chromium logs any 4xx document as an error.
      if (m.type() === 'error' && !/status of 422/.test(m.text())) errors.push(`${page.url()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
    return page;
  }

  it('follows two outlets, merges a shared story, and moves, defers, dismisses and clips by keyboard', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = watch(await context.newPage());
    await page.goto(`${server.base}/admin/inbox/sources`);
    await page.fill('input[name="email"]', EMAIL);
    await page.fill('input[name="password"]', PASSWORD);
    await page.click('button[type="submit"]');
    await page.waitForURL(/\/admin\/inbox\/sources$/);

    await page.fill('input[name="address"]', `${feeds.base}/`);
    await page.click('form[action="/admin/inbox/sources"] button[type="submit"]');
    await page.waitForSelector('.notice-ok');
    assert.match((await page.locator('.notice').textContent()) ?? '', /Following River Times \(3 articles/);

    const opml = `<?xml version="1.0"?><opml version="2.0"><head><title>Mine</title></head><body><outline text="Wire Service" xmlUrl="${feeds.base}/wire.rss"/></body></opml>`;
    await page.setInputFiles('input[name="file"]', {
      name: 'feeds.opml',
      mimeType: 'text/x-opml',
      buffer: Buffer.from(opml),
    });
    await page.click('form[action="/admin/inbox/sources/opml"] button[type="submit"]');
    await page.waitForSelector('.notice-ok');
    assert.match((await page.locator('.notice').textContent()) ?? '', /Imported 1 new outlets/);

    await pollDue(database.store.db, { fetch: { allowPrivate: true }, now: () => new Date() });
    await page.goto(`${server.base}/admin/inbox/sources`);
    await page.screenshot({ path: artifactPath('inbox-sources-1366.png'), fullPage: true });

    await page.goto(`${server.base}/admin/inbox`);
    const titles = await page.locator('.inbox-item h2').allTextContents();
    assert.deepEqual(titles, [
      'Governor opens the new river bridge',
      'Market prices steady as the dry season ends',
      'Fishermen report a poor catch on the Tonle Sap',
      'Schools reopen after the floods',
    ]);
    assert.match((await page.locator('.inbox-item').first().textContent()) ?? '', /also in 1 more/);
    await page.screenshot({ path: artifactPath('inbox-1366.png'), fullPage: true });

    const current = () => page.locator('.inbox-item.current h2').textContent();
    assert.equal(await current(), 'Governor opens the new river bridge');
    await page.keyboard.press('j');
    assert.equal(await current(), 'Market prices steady as the dry season ends');
    await page.keyboard.press('l');
    await page.waitForFunction(() => document.querySelectorAll('.inbox-item').length === 3);
    assert.equal(await current(), 'Fishermen report a poor catch on the Tonle Sap');
    await page.keyboard.press('d');
    await page.waitForFunction(() => document.querySelectorAll('.inbox-item').length === 2);
    await page.keyboard.press('k');
    assert.equal(await current(), 'Governor opens the new river bridge');

    await page.keyboard.press('c');
    await page.waitForURL(/\/admin\/posts\/\d+\/edit$/);
    const html = await page.content();
    assert.match(html, /River Times/);
    assert.match(html, /Sokha Chan/);

    await page.goto(`${server.base}/admin/inbox?view=later`);
    assert.deepEqual(await page.locator('.inbox-item h2').allTextContents(), [
      'Market prices steady as the dry season ends',
    ]);
    await page.goto(`${server.base}/admin/inbox?view=clipped`);
    assert.match((await page.locator('.inbox-item').first().textContent()) ?? '', /Clipped: \//);
    await page.goto(`${server.base}/admin/inbox`);
    assert.deepEqual(await page.locator('.inbox-item h2').allTextContents(), [
      'Schools reopen after the floods',
    ]);

    const phone = await browser.newContext({ viewport: PHONE, storageState: await context.storageState() });
    const small = watch(await phone.newPage());
    await small.goto(`${server.base}/admin/inbox?view=clipped`);
    await small.screenshot({ path: artifactPath('inbox-390.png'), fullPage: true });
    const overflow = await small.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the inbox fits a phone (overflow ${overflow}px)`);
    await phone.close();
    await context.close();
    assert.deepEqual(errors, []);
  });
});
