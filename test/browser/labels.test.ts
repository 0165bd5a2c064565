// The editor's label tokens in Chromium: an imported label holding commas is one chip and stays
// one label through saving; a comma or Enter ends a typed label, Backspace in the empty box and
// the × button remove one, a known label picked whole keeps its commas. Screenshots at desktop
// and phone width go to test-artifacts/screenshots/.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createUser } from '../../src/auth/users.ts';
import { labelsOf } from '../../src/posts/queries.ts';
import { createPost } from '../../src/posts/save.ts';
import type { Post } from '../../src/storage/schema.ts';
import { artifactPath, browserSkip, launchBrowser, PHONE } from '../helpers/browser.ts';
import { freshDatabase } from '../helpers/databases.ts';
import { startServer } from '../helpers/server.ts';

const EMAIL = 'labels@example.org';
const PASSWORD = 'a long enough password';
const WIDE = { width: 1366, height: 900 };

describe('label tokens in Chromium', { skip: browserSkip() }, () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startServer>>;
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let post: Post;
  const errors: string[] = [];

  before(async () => {
    database = await freshDatabase('sqlite');
    await createUser(database.store.db, {
      email: EMAIL,
      name: 'Sok Dara',
      role: 'owner',
      password: PASSWORD,
    });
    const base = { kind: 'post' as const, status: 'published' as const, bodyHtml: '<p>Text.</p>' };
    post = await createPost(
      database.store.db,
      {
        ...base,
        title: 'GWT for a Java shop',
        publishedAt: '2012-03-04T05:06:07.000Z',
        labels: ['MVP, GWT, Java', 'Java'],
      },
      'UTC',
    );
    await createPost(
      database.store.db,
      {
        ...base,
        title: 'Tools',
        publishedAt: '2012-03-05T05:06:07.000Z',
        labels: ['Go', 'Tools, old and new'],
      },
      'UTC',
    );
    server = await startServer(database.store);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await database?.drop();
  });

  async function signedInPage(viewport: { width: number; height: number }): Promise<Page> {
    const page = await (await browser.newContext({ viewport })).newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`${page.url()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
    await page.goto(`${server.base}/admin/posts/${post.id}/edit`);
    await page.fill('input[name="email"]', EMAIL);
    await page.fill('input[name="password"]', PASSWORD);
    await Promise.all([
      page.waitForURL((u) => u.pathname.endsWith('/edit')),
      page.click('button[type="submit"]'),
    ]);
    return page;
  }

  const chips = (page: Page) => page.locator('.label-chip span').allTextContents();
  const save = async (page: Page) => {
    await Promise.all([page.waitForURL(/done=/), page.click('button[name="action"][value="save"]')]);
  };
  const stored = async () => ((await labelsOf(database.store.db, [post.id])).get(post.id) ?? []).sort();

  it('keeps a label holding commas as one token through saving, and edits tokens', async () => {
    const page = await signedInPage(WIDE);
    assert.deepEqual((await chips(page)).sort(), ['Java', 'MVP, GWT, Java']);
    assert.equal(await page.locator('.label-chip input[type="checkbox"]').first().isVisible(), false);
    await page.locator('.label-tokens').scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifactPath('editor-labels-desktop.png') });
    await save(page);
    assert.deepEqual(await stored(), ['Java', 'MVP, GWT, Java']);

    const entry = page.locator('input.label-entry');
    await entry.click();
    await entry.pressSequentially('Rust, Elm,');
    assert.deepEqual((await chips(page)).slice(-2), ['Rust', 'Elm']);
    assert.equal(await entry.inputValue(), '');
    await entry.press('Backspace');
    assert.deepEqual((await chips(page)).slice(-1), ['Rust']);
    await page.locator('button[aria-label="Remove label Java"]').click();
    // A known label typed in full is taken whole, its commas included.
    await entry.pressSequentially('Tools, old and new');
    await entry.press('Enter');
    await entry.pressSequentially('Go');
    await save(page);
    assert.deepEqual(await stored(), ['Go', 'MVP, GWT, Java', 'Rust', 'Tools, old and new']);
    assert.deepEqual(errors, []);
  });

  it('fits the tokens on a phone', async () => {
    const page = await signedInPage(PHONE);
    await page.locator('.label-tokens').scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifactPath('editor-labels-phone.png') });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`);
    assert.deepEqual(errors, []);
  });
});
