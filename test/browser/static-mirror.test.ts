// The static mirror in a real browser, opened from the disk (file://): the shared sidebar fills
// every page, opens the year of the page, leads to files that exist, and the search form answers
// from the mirror's index.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { createApp } from '../../src/app.tsx';
import { loadConfig } from '../../src/config.ts';
import { exportStatic } from '../../src/export/static.ts';
import { mirrorSearchEntries } from '../../src/export/static-search.ts';
import { createPost } from '../../src/posts/save.ts';
import { browserSkip, launchBrowser } from '../helpers/browser.ts';
import { freshDatabase } from '../helpers/databases.ts';

describe('the static mirror in Chromium, from file://', { skip: browserSkip() }, () => {
  let browser: Browser;
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let dir = '';

  before(async () => {
    database = await freshDatabase('sqlite');
    const { db } = database.store;
    await createPost(
      db,
      {
        title: 'Rice prices in 2019',
        bodyHtml: '<p>Harvest news.</p>',
        publishedAt: '2019-05-02T00:00:00Z',
        labels: ['Farming'],
      },
      'UTC',
    );
    await createPost(
      db,
      {
        title: 'Floods in 2021',
        bodyHtml: '<p>Mekong water.</p>',
        publishedAt: '2021-09-10T00:00:00Z',
        labels: ['Weather'],
      },
      'UTC',
    );
    const { app, deps } = createApp({ store: database.store, config: loadConfig({}, process.cwd()) });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gloss-mirror-browser-'));
    const source = { app, db, chrome: await deps.site.chrome(), origin: await deps.origin() };
    await exportStatic(source, dir, { search: await mirrorSearchEntries(db, new Date()) });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await database?.drop();
  });

  it('fills the sidebar, opens the page’s year, and its links lead to files of the mirror', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(pathToFileURL(path.join(dir, '2019/05/rice-prices-in-2019.html')).href);
    const sidebar = page.locator('aside.sidebar');
    await sidebar.locator('.widget-archive').waitFor();
    assert.equal(await page.locator('aside.sidebar aside').count(), 0, 'one sidebar, not one inside another');
    const open = await page.locator('aside.sidebar details[open] summary a').allTextContents();
    assert.deepEqual(open, ['2019']);
    const hrefs = await sidebar
      .locator('a[href]')
      .evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href));
    assert.ok(hrefs.length > 3, hrefs.join(' '));
    for (const href of hrefs) assert.ok(fs.existsSync(fileURLToPath(href.replace(/#.*$/, ''))), href);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('answers the search form from the mirror’s index', async () => {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(path.join(dir, 'index.html')).href);
    await page.locator('aside.sidebar input[name="q"]').fill('mekong');
    await page.locator('aside.sidebar form[role="search"] button').click();
    await page.locator('.search-results').waitFor();
    assert.deepEqual(await page.locator('.search-results a').allTextContents(), ['Floods in 2021']);
    await page.close();
  });
});
