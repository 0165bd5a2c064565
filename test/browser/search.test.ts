// The search page in Chromium at desktop and phone width (screenshots in test-artifacts/), used
// through its forms without JavaScript; and a post page's JSON-LD block passing the CSP.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { seedEmptyBlog } from '../../src/clippings/seed.ts';
import { createPost } from '../../src/posts/save.ts';
import { artifactPath, browserSkip, DESKTOP, launchBrowser, PHONE } from '../helpers/browser.ts';
import { freshDatabase } from '../helpers/databases.ts';
import { startServer } from '../helpers/server.ts';

describe('search in Chromium', { skip: browserSkip() }, () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startServer>>;
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let postPath: string;

  before(async () => {
    database = await freshDatabase('sqlite');
    postPath = (await seedEmptyBlog(database.store.db))!;
    const { db } = database.store;
    await createPost(
      db,
      {
        title: 'Japan and Cambodia sign a new infrastructure partnership',
        bodyHtml:
          '<p>Japan will finance a second Mekong bridge and upgrade National Road 5, officials in Phnom Penh said on Monday. The partnership follows years of Japanese aid.</p><aside class="editor-note"><p>Compare the 2015 loan agreement.</p></aside>',
        publishedAt: '2018-02-03T03:00:00Z',
        labels: ['Japan', 'Infrastructure'],
        source: { outlet: 'The Japan Times', authors: ['Kiyoshi Takenaka'] },
      },
      'Asia/Phnom_Penh',
    );
    await createPost(
      db,
      {
        title: 'ជប៉ុន​ជួយ​សាងសង់​ស្ពាន​ថ្មី​នៅ​ខេត្តកំពង់ចាម',
        bodyHtml:
          '<p>រដ្ឋាភិបាល​ជប៉ុន​បាន​សន្យា​ផ្តល់​ជំនួយ​ដើម្បី​សាងសង់​ស្ពាន​ឆ្លង​ទន្លេមេគង្គ​នៅ​ខេត្តកំពង់ចាម ដែល​នឹង​ជួយ​ដល់​ពាណិជ្ជកម្ម​របស់​ប្រជាជន។</p>',
        publishedAt: '2019-05-04T03:00:00Z',
        labels: ['Japan'],
      },
      'Asia/Phnom_Penh',
    );
    server = await startServer(database.store);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await database?.drop();
  });

  for (const [name, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    it(`searches from the masthead box and filters, without JavaScript, at ${name} width`, async () => {
      const context = await browser.newContext({ viewport, javaScriptEnabled: false });
      const page = await context.newPage();
      await page.goto(`${server.base}/`);
      await page.fill('#site-search', 'Japan');
      await page.press('#site-search', 'Enter');
      await page.waitForURL(/\/search\?q=Japan/);
      assert.equal(await page.locator('.search-result').count(), 3);
      assert.ok((await page.locator('.search-result mark').count()) >= 3);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `the page is ${overflow}px wider than the viewport`);
      await page.screenshot({ path: artifactPath(`search-${name}.png`), fullPage: true });

      await page.selectOption('#search-year', '2018');
      await page.click('.search-filters button[type=submit]');
      await page.waitForURL(/year=2018/);
      assert.equal(await page.locator('.search-result').count(), 1);

      await page.goto(`${server.base}/search?q=${encodeURIComponent('ស្ពាន')}`);
      assert.equal(await page.locator('.search-result').count(), 1);
      assert.equal(await page.locator('.search-result-title mark').first().textContent(), 'ស្ពាន');
      await page.screenshot({ path: artifactPath(`search-khmer-${name}.png`), fullPage: true });

      await page.goto(`${server.base}/search?q=${encodeURIComponent('"no such thing" -x')}`);
      assert.match((await page.locator('.search-none').textContent()) ?? '', /No posts match/);
      await page.screenshot({ path: artifactPath(`search-none-${name}.png`) });
      await context.close();
    });
  }

  it('carries JSON-LD and OpenGraph on a post page with no CSP complaint', async () => {
    const context = await browser.newContext({ viewport: DESKTOP });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(`${server.base}${postPath}`);
    const ld = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent()) ?? '{}');
    assert.equal(ld['@type'], 'BlogPosting');
    assert.equal(ld.isBasedOn.publisher.name, 'Khmer Times');
    assert.equal(
      await page.locator('meta[property="og:title"]').getAttribute('content'),
      'Hun Sen to visit Japan',
    );
    assert.deepEqual(errors, []);
    await context.close();
  });
});
