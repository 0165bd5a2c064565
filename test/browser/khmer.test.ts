// A Khmer post in a real browser: lang="km" on the post (and its listing), and a title whose
// lines do not overlap (stacked vowels and subscripts need more than Latin's line-height 1.15).
// Screenshots at 1366 and 390 px land in test-artifacts/screenshots/.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { createPost } from '../../src/posts/save.ts';
import { artifactPath, browserSkip, launchBrowser, PHONE } from '../helpers/browser.ts';
import { freshDatabase } from '../helpers/databases.ts';
import { startServer } from '../helpers/server.ts';

const WIDE = { width: 1366, height: 900 };
const TITLE = 'ឃាត់ជនសង្ស័យម្នាក់ បន្ទាប់ពីធ្វើសកម្មភាព លួចយកកាបូបលុយ ជនរងគ្រោះ ក្នុងផ្សារលើធំថ្មី ក្រុងសៀមរាប';
const BODY =
  '<p>ក្រុងសៀមរាប : កាលថ្ងៃទី២៤ខែកក្កដា ឆ្នាំ២០១៩ វេលាម៉ោង ៨:០០នាទីព្រឹក មានករណីជនសង្ស័យម្នាក់ បានធ្វើសកម្មភាពលូកយកកាបូបលុយជនរងគ្រោះ។</p>' +
  '<h2>ក្រោយធ្វើសកម្មភាពហើយ ជនសង្ស័យ បានយកកាបូបដែលលួចបាន</h2><p>Reported by Fresh News.</p>';

describe('a Khmer post in Chromium', { skip: browserSkip() }, () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startServer>>;
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let path: string;

  before(async () => {
    database = await freshDatabase('sqlite');
    const post = await createPost(
      database.store.db,
      { title: TITLE, bodyHtml: BODY, publishedAt: '2019-07-24T02:00:00.000Z', labels: ['សង្គម'] },
      'Asia/Phnom_Penh',
    );
    await createPost(
      database.store.db,
      {
        title: 'An English post',
        bodyHtml: '<p>Plain English.</p>',
        publishedAt: '2019-07-23T02:00:00.000Z',
      },
      'Asia/Phnom_Penh',
    );
    path = post.path;
    server = await startServer(database.store);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await database?.drop();
  });

  for (const [name, viewport] of [
    ['1366', WIDE],
    ['390', PHONE],
  ] as const) {
    it(`carries lang="km" and gives its title room at ${name} px`, async () => {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      await page.goto(`${server.base}${path}`);
      assert.equal(await page.locator('article.post').getAttribute('lang'), 'km');
      const title = await page.locator('h1.post-title').evaluate((h) => {
        const style = getComputedStyle(h);
        return {
          lineHeight: Number.parseFloat(style.lineHeight),
          fontSize: Number.parseFloat(style.fontSize),
        };
      });
      assert.ok(
        title.lineHeight >= 1.6 * title.fontSize,
        `the Khmer title's line-height is ${(title.lineHeight / title.fontSize).toFixed(2)} of its size`,
      );
      const heading = await page
        .locator('.post-body h2')
        .evaluate(
          (h) =>
            Number.parseFloat(getComputedStyle(h).lineHeight) /
            Number.parseFloat(getComputedStyle(h).fontSize),
        );
      assert.ok(heading >= 1.6, `the Khmer heading's line-height is ${heading.toFixed(2)}`);
      await page.screenshot({ path: artifactPath(`khmer-post-${name}.png`), fullPage: true });

      await page.goto(`${server.base}/`);
      const langs = await page
        .locator('article.summary')
        .evaluateAll((els) => els.map((e) => e.getAttribute('lang')));
      assert.deepEqual(langs, ['km', null], 'the Khmer summary is marked, the English one is not');
      await page.screenshot({ path: artifactPath(`khmer-home-${name}.png`) });
      await context.close();
    });
  }
});
