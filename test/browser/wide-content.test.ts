// Code blocks and wide tables on a phone: they scroll inside the column (the page itself never
// scrolls sideways), with a shadow at the edge where content is hidden, and the table's frame can
// be scrolled from the keyboard. Screenshots at 1366 and 390 px.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createPost } from '../../src/posts/save.ts';
import { artifactPath, browserSkip, launchBrowser, PHONE } from '../helpers/browser.ts';
import { freshDatabase } from '../helpers/databases.ts';
import { startServer } from '../helpers/server.ts';

const WIDE = { width: 1366, height: 900 };
const columns = [
  'Province',
  'Population 1998',
  'Population 2008',
  'Population 2019',
  'Area (km²)',
  'Capital',
];
const row = ['Banteay Meanchey', '577,772', '677,872', '859,545', '6,679', 'Serei Saophoan'];
const BODY = [
  '<p>The census in one table, then the script that made it.</p>',
  `<table><thead><tr>${columns.map((c) => `<th>${c}</th>`).join('')}</tr></thead><tbody>`,
  `${Array.from({ length: 4 }, () => `<tr>${row.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody></table>`,
  '<pre><code>const provinces = await fetch("https://www.nis.gov.kh/census/2019/provinces.json").then((r) =&gt; r.json()); // every province</code></pre>',
  '<p>That is all.</p>',
].join('');

describe('wide tables and code blocks in Chromium', { skip: browserSkip() }, () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startServer>>;
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let path: string;

  before(async () => {
    database = await freshDatabase('sqlite');
    path = (await createPost(database.store.db, { title: 'Census tables', bodyHtml: BODY }, 'UTC')).path;
    server = await startServer(database.store);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await database?.drop();
  });

  const box = (page: Page, selector: string) =>
    page.locator(selector).evaluate((el) => ({
      scrollable: el.scrollWidth - el.clientWidth,
      shadows: (getComputedStyle(el).backgroundImage.match(/radial-gradient/g) ?? []).length,
      right: el.getBoundingClientRect().right,
    }));

  it('scroll inside the column on a phone, with a shadow cue', async () => {
    const context = await browser.newContext({ viewport: PHONE });
    const page = await context.newPage();
    await page.goto(`${server.base}${path}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`);
    for (const selector of ['.post-body .scroll-x', '.post-body pre']) {
      const b = await box(page, selector);
      assert.ok(b.scrollable > 20, `${selector} scrolls (${b.scrollable}px hidden)`);
      assert.ok(b.right <= PHONE.width, `${selector} stays inside the screen`);
      assert.equal(b.shadows, 2, `${selector} has its edge shadows`);
    }
    // A cell's words stay whole: the table is wider than the screen rather than broken up.
    const cell = await page
      .locator('.scroll-x td')
      .first()
      .evaluate((td) => td.getBoundingClientRect().width);
    assert.ok(cell > 80, `a cell is ${cell}px wide`);
    await page.locator('.scroll-x').focus();
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => (document.querySelector('.scroll-x')?.scrollLeft ?? 0) > 0);
    await page.locator('.scroll-x').evaluate((el) => {
      el.scrollLeft = 0;
    });
    await page.locator('.post-body').screenshot({ path: artifactPath('wide-content-390.png') });
    await context.close();
  });

  it('fit the column on a wide screen', async () => {
    const context = await browser.newContext({ viewport: WIDE });
    const page = await context.newPage();
    await page.goto(`${server.base}${path}`);
    assert.ok((await box(page, '.post-body .scroll-x')).scrollable <= 0, 'the table fits');
    await page.locator('.post-body').screenshot({ path: artifactPath('wide-content-1366.png') });
    await context.close();
  });
});
