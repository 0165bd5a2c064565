// Imported bodies carry what other platforms allowed: long code lines, wide tables, unbroken
// words. In Chromium at phone width no imported page may be wider than the screen; screenshots
// of an imported post are kept as artifacts.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { artifactPath, browserSkip, DESKTOP, launchBrowser, PHONE } from '../../test/helpers/browser.ts';
import { startServer } from '../../test/helpers/server.ts';
import { openStore, type Store } from '../storage/db.ts';
import { runImport } from './run.ts';
import { CORPORA, corpusSkip } from './test-support.ts';

describe('imported pages in Chromium', {
  skip: browserSkip() || corpusSkip('blogger') || corpusSkip('wordpress'),
}, () => {
  let store: Store;
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startServer>>;
  before(async () => {
    store = await openStore(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gloss-pages-')), 'gloss.db'));
    await runImport({
      store,
      file: path.join(CORPORA, 'blogger/blogger2jekyll-blog-03-28-2014.xml'),
      format: 'blogger',
    });
    await runImport({
      store,
      file: path.join(CORPORA, 'wordpress/theme-test-data/themeunittestdata.wordpress.xml'),
      format: 'wordpress',
    });
    server = await startServer(store);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await store?.close();
  });

  it('fit a phone screen: code scrolls, long words and tables stay in the column', async () => {
    const posts = await store.db
      .selectFrom('posts')
      .select('path')
      .where('status', '=', 'published')
      .where((eb) =>
        eb.or([
          eb('external_id', 'like', 'tag:blogger%'),
          eb('title', 'like', 'Markup%'),
          eb('title', 'like', '%Overflow%'),
          eb('title', 'like', 'Edge Case%'),
          eb('path', '=', '/p/greek.html'),
        ]),
      )
      .execute();
    assert.ok(posts.length > 20);
    const page = await browser.newPage({ viewport: PHONE });
    // The bodies link images on their old hosts: nothing leaves 127.0.0.1.
    await page.route('**/*', (route) =>
      new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort(),
    );
    const wide: string[] = [];
    for (const { path: p } of posts) {
      await page.goto(server.base + p, { waitUntil: 'load' });
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > PHONE.width) wide.push(`${p} (${width}px)`);
    }
    await page.close();
    assert.deepEqual(wide, []);
  });

  it('keep their screenshots', async () => {
    for (const [name, viewport] of [
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ] as const) {
      const page = await browser.newPage({ viewport });
      await page.route('**/*', (route) =>
        new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort(),
      );
      await page.goto(`${server.base}/2013/08/jvm-le-prix-de-limmutabilite.html`);
      await page.screenshot({ path: artifactPath(`imported-blogger-post-${name}.png`), fullPage: false });
      await page.close();
    }
  });
});
