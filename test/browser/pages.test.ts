// The public pages in a real browser: home and post at desktop and phone width, saved as
// screenshots in test-artifacts/screenshots/, with checks a reader would notice.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { seedEmptyBlog } from '../../src/clippings/seed.ts';
import { artifactPath, browserSkip, DESKTOP, launchBrowser, PHONE } from '../helpers/browser.ts';
import { freshDatabase } from '../helpers/databases.ts';
import { startServer } from '../helpers/server.ts';

describe('public pages in Chromium', { skip: browserSkip() }, () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startServer>>;
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let postPath: string;

  before(async () => {
    database = await freshDatabase('sqlite');
    postPath = (await seedEmptyBlog(database.store.db))!;
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
    it(`home and post read well at ${name} width, without JavaScript`, async () => {
      const context = await browser.newContext({ viewport, javaScriptEnabled: false });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));

      await page.goto(`${server.base}/`);
      assert.equal(await page.locator('h2.date-header').first().textContent(), 'Monday, July 31, 2017');
      assert.equal(await page.locator('.masthead-title').textContent(), 'Paris Peace Accords 23 Oct. 1991');
      await page.screenshot({ path: artifactPath(`home-${name}.png`), fullPage: true });

      await page.goto(`${server.base}${postPath}`);
      assert.equal(await page.evaluate(() => document.compatMode), 'CSS1Compat', 'standards mode');
      assert.equal(await page.locator('h1').count(), 1, 'one h1');
      assert.equal(await page.locator('main').count(), 1, 'a main landmark');
      assert.ok(await page.locator('.editor-note').first().isVisible());
      assert.match((await page.locator('.source').textContent()) ?? '', /Khmer Times/);
      assert.match((await page.locator('#comments-heading').textContent()) ?? '', /No comments/);
      // Nothing wider than the viewport: no sideways scrolling on a phone.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `the page is ${overflow}px wider than the viewport`);
      await page.screenshot({ path: artifactPath(`post-${name}.png`), fullPage: true });

      assert.deepEqual(errors, [], 'no console errors on the home and post pages');

      const missing = await page.goto(`${server.base}/2099/01/nothing-here.html`);
      assert.equal(missing?.status(), 404);
      await page.screenshot({ path: artifactPath(`not-found-${name}.png`) });
      await context.close();
    });
  }
});
