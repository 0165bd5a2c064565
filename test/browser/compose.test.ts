// Compose in Chromium: a post written with the rich editor — heading, list, bold, link, a block
// note, an inline note, one image uploaded by button and one pasted from the clipboard — saved,
// reloaded unchanged, published and found on the public page with srcset; switching to Markdown
// and back keeps the body; a saved news page pasted in keeps its structure and loses its scripts.
// A second post reuses a library image by "From library" (found by its credit, put in with its
// srcset, no upload) and builds a table with the table tools; the library then replaces that
// picture and both posts show the new one. No console error and no CSP violation on the way.
// Screenshots at 1366 and 390 px.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { createUser } from '../../src/auth/users.ts';
import { seedEmptyBlog } from '../../src/clippings/seed.ts';
import { sanitizePostHtml } from '../../src/lib/sanitize.ts';
import { normalizeHtml } from '../../src/posts/html-markdown.ts';
import { artifactPath, browserSkip, launchBrowser, PHONE } from '../helpers/browser.ts';
import { freshDatabase } from '../helpers/databases.ts';
import { startServer } from '../helpers/server.ts';

const EMAIL = 'compose@example.org';
const PASSWORD = 'a long enough password';
const NEWS = path.resolve('../shared/corpora/readability/test-pages/guardian-1');

describe('Compose in Chromium', { skip: browserSkip() }, () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startServer>>;
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let mediaDir: string;
  let photo: string;
  let screenshot: Buffer;
  const errors: string[] = [];

  before(async () => {
    database = await freshDatabase('sqlite');
    await seedEmptyBlog(database.store.db);
    await createUser(database.store.db, {
      email: EMAIL,
      name: 'Sok Dara',
      role: 'owner',
      password: PASSWORD,
    });
    mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gloss-compose-'));
    photo = path.join(mediaDir, 'harbour.jpg');
    await sharp({ create: { width: 1600, height: 900, channels: 3, background: '#3d6a8a' } })
      .composite([
        {
          input: Buffer.from(
            '<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="900"><circle cx="1100" cy="300" r="160" fill="#f0d9a8"/><rect x="120" y="560" width="700" height="240" fill="#22313d"/></svg>',
          ),
        },
      ])
      .jpeg()
      .toFile(photo);
    screenshot = await sharp({ create: { width: 900, height: 500, channels: 3, background: '#e8e2d4' } })
      .composite([
        {
          input: Buffer.from(
            '<svg xmlns="http://www.w3.org/2000/svg" width="900" height="500"><rect x="60" y="60" width="500" height="60" fill="#8a1c1c"/></svg>',
          ),
        },
      ])
      .png()
      .toBuffer();
    server = await startServer(database.store, { mediaDir });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await database?.drop();
    if (mediaDir) fs.rmSync(mediaDir, { recursive: true, force: true });
  });

  async function open(viewport = { width: 1366, height: 900 }): Promise<Page> {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    // Image uploads are resized by sharp, two at a time: on a loaded 2-core machine that can take
    // far longer than Playwright's 30 s default, which would fail the test for the machine's load.
    page.setDefaultTimeout(90_000);
    page.on('console', (m) => {
      // A pasted article's own images point at its site, unreachable from the test machine.
      if (/ERR_NAME_NOT_RESOLVED/.test(m.text())) return;
      if (m.type() === 'error' || /Content.Security.Policy/i.test(m.text()))
        errors.push(`${page.url()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) =>
        console.error(
          `CSP ${e.violatedDirective} ${e.sourceFile}:${e.lineNumber}:${e.columnNumber} ${e.sample}`,
        ),
      );
    });
    await page.goto(`${server.base}/admin/login`);
    await page.fill('input[name="email"]', EMAIL);
    await page.fill('input[name="password"]', PASSWORD);
    await Promise.all([
      page.waitForURL((u) => !u.pathname.startsWith('/admin/login')),
      page.click('button[type="submit"]'),
    ]);
    return page;
  }

  const editor = (page: Page) => page.locator('.compose-surface .ProseMirror');
  const body = (page: Page) => page.locator('textarea[name="body"]').inputValue();

  async function uploadDialog(page: Page, alt: string, caption: string, credit: string) {
    await page.waitForSelector('dialog.compose-dialog[open]');
    await page.fill('dialog textarea[name="alt"]', alt);
    await page.fill('dialog input[name="caption"]', caption);
    await page.fill('dialog input[name="credit"]', credit);
    await page.click('dialog button[value="insert"]');
  }

  it('writes a post with notes and two body images, saves, reloads and publishes it', async () => {
    const page = await open();
    await page.goto(`${server.base}/admin/posts/new`);
    await page.waitForSelector('form[data-compose="ready"]');
    assert.equal(
      await page.locator('select[name="format"]').inputValue(),
      'compose',
      'Compose is the default',
    );
    assert.ok(await page.locator('textarea[name="body"]').isHidden());

    await page.fill('#title', 'A harbour, a chart and a map');
    await editor(page).click();
    await page.keyboard.type('## The harbour at dawn');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Ships came in ');
    await page.keyboard.press('Control+b');
    await page.keyboard.type('before six');
    await page.keyboard.press('Control+b');
    await page.keyboard.type(', the port authority said');
    // An inline note: typed, selected, marked.
    await page.keyboard.type(' in its report');
    for (let i = 0; i < ' in its report'.length - 1; i++) await page.keyboard.press('Shift+ArrowLeft');
    await page.click('.compose-toolbar button[data-cmd="Inline note"]');
    await page.keyboard.press('End');
    await page.keyboard.type('.');
    await page.keyboard.press('Enter');
    // A link by Ctrl+K on the selected words.
    await page.keyboard.type('Read the port figures');
    for (let i = 0; i < 'port figures'.length; i++) await page.keyboard.press('Shift+ArrowLeft');
    page.once('dialog', (d) => void d.accept('https://example.org/figures'));
    await page.keyboard.press('Control+k');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('- cranes');
    await page.keyboard.press('Enter');
    await page.keyboard.type('tugs');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.click('.compose-toolbar button[data-cmd="Note"]');
    await page.keyboard.type('Is this the same port as in the 1991 report?');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');

    // One image by the toolbar button...
    const chooser = page.waitForEvent('filechooser');
    await page.click('.compose-toolbar button[data-cmd="Image"]');
    await (await chooser).setFiles(photo);
    await uploadDialog(page, 'Ships at the harbour mouth', 'The harbour at 6 a.m.', 'Photo: Gloss');
    await page.waitForSelector('.ProseMirror figure img[srcset]');
    // ...one pasted from the clipboard, as a screenshot is, while the first image is selected (a
    // click on it): the new one goes after it and never replaces it.
    await page.click('.ProseMirror figure img');
    await page.waitForFunction(() => document.querySelector('.ProseMirror .ProseMirror-selectednode'));
    await page.evaluate((b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const data = new DataTransfer();
      data.items.add(new File([bytes], 'image.png', { type: 'image/png' }));
      document
        .querySelector('.ProseMirror')!
        .dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, screenshot.toString('base64'));
    await uploadDialog(page, 'A chart of arrivals', 'Arrivals by hour', 'Chart: Port authority');
    await page.waitForFunction(
      () =>
        document.querySelectorAll('.ProseMirror figure img').length === 2 ||
        document.querySelector('.compose-progress.warn'),
    );
    assert.equal(await page.locator('.compose-progress.warn').count(), 0, 'no upload failed');
    assert.deepEqual(
      await page
        .locator('.ProseMirror figure img')
        .evaluateAll((imgs) => imgs.map((i) => i.getAttribute('alt'))),
      ['Ships at the harbour mouth', 'A chart of arrivals'],
      'the pasted image comes after the selected one',
    );

    const written = await body(page);
    assert.match(written, /<h2>The harbour at dawn<\/h2>/);
    assert.match(written, /<strong>before six<\/strong>/);
    assert.match(written, /said <span class="editor-note">in its report<\/span>\.<\/p>/);
    assert.match(written, /<p>Read the <a href="https:\/\/example.org\/figures">port figures<\/a><\/p>/);
    assert.match(written, /<ul><li><p>cranes<\/p><\/li><li><p>tugs<\/p><\/li><\/ul>/);
    assert.match(
      written,
      /<aside class="editor-note"><p>Is this the same port as in the 1991 report\?<\/p><\/aside>/,
    );
    assert.equal((written.match(/<img [^>]*srcset="[^"]+"/g) ?? []).length, 2);
    assert.match(
      written,
      /<figcaption>The harbour at 6 a.m. <span class="credit">Photo: Gloss<\/span><\/figcaption>/,
    );
    assert.match((await page.locator('.compose-status').textContent()) ?? '', /\d+ words/);

    await page.screenshot({ path: artifactPath('compose-desktop.png'), fullPage: true });

    await Promise.all([page.waitForURL(/done=saved/), page.click('button[name="action"][value="draft"]')]);
    await page.waitForSelector('form[data-compose="ready"]');
    // Stored as the sanitiser writes it (rel=noopener on external links, lazy images).
    const stored = normalizeHtml(sanitizePostHtml(written));
    assert.equal(normalizeHtml(await body(page)), stored, 'reloaded as written');
    assert.equal(await editor(page).locator('figure img').count(), 2);

    // Markdown and back: the same body.
    await page.selectOption('select[name="format"]', 'markdown');
    await page.waitForFunction(
      () =>
        !document.querySelector<HTMLTextAreaElement>('textarea[name="body"]')!.hidden &&
        document.querySelector<HTMLTextAreaElement>('textarea[name="body"]')!.offsetParent !== null,
    );
    const markdown = await body(page);
    assert.match(markdown, /^# The harbour at dawn/);
    assert.match(markdown, /\[in its report\]/);
    assert.match(markdown, /^\[Is this the same port as in the 1991 report\?\]$/m);
    await page.selectOption('select[name="format"]', 'html');
    await page.selectOption('select[name="format"]', 'compose');
    await page.waitForSelector('.compose:not([hidden])');
    assert.equal(
      normalizeHtml(sanitizePostHtml(await body(page))),
      stored,
      'Compose → Markdown → HTML → Compose',
    );

    await Promise.all([page.waitForURL(/done=published/), page.click('button[data-publish]')]);
    const href = await page.locator('a.button', { hasText: 'View on the blog' }).getAttribute('href');
    await page.goto(`${server.base}${href}`);
    const article = page.locator('.post-body').first();
    assert.equal(await article.locator('h2', { hasText: 'The harbour at dawn' }).count(), 1);
    assert.equal(await article.locator('ul li').count(), 2);
    assert.equal(await article.locator('a[href="https://example.org/figures"]').count(), 1);
    assert.equal(await article.locator('aside.editor-note').count(), 1);
    assert.equal(await article.locator('span.editor-note').count(), 1);
    const imgs = article.locator('figure img[srcset][width][height]');
    assert.equal(await imgs.count(), 2);
    await page.waitForFunction(() =>
      [...document.querySelectorAll<HTMLImageElement>('.post-body figure img')].every(
        (i) => i.complete && i.naturalWidth > 0,
      ),
    );
    // Both images are in the library, each used by the post.
    await page.goto(`${server.base}/admin/media`);
    assert.equal(await page.locator('.media-card').count(), 2);
    assert.equal(await page.locator('.media-uses summary', { hasText: 'Used in 1 post' }).count(), 2);
    await page.screenshot({ path: artifactPath('media-library-desktop.png'), fullPage: true });
    await page.setViewportSize(PHONE);
    await page.screenshot({ path: artifactPath('media-library-phone.png'), fullPage: true });
    await page.context().close();
  });

  it('reuses a library image in another post, edits a table, and replaces the picture', async () => {
    const page = await open();
    await page.goto(`${server.base}/admin/posts/new`);
    await page.waitForSelector('form[data-compose="ready"]');
    await page.fill('#title', 'The harbour again');
    await editor(page).click();
    await page.keyboard.type('As seen last week:');
    await page.keyboard.press('Enter');

    // From the library: search by credit, choose, keep its words, insert. No upload happens.
    let uploads = 0;
    page.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/admin/media') uploads++;
    });
    await page.click('.compose-toolbar button[data-cmd="From library"]');
    await page.waitForSelector('dialog.compose-library[open] .compose-library-item');
    assert.equal(await page.locator('.compose-library-item').count(), 2);
    await page.fill('dialog.compose-library input[type="search"]', 'photo: gloss');
    await page.waitForFunction(() => document.querySelectorAll('.compose-library-item').length === 1);
    assert.match((await page.locator('.compose-library-status').textContent()) ?? '', /1 image matching/);
    await page.screenshot({ path: artifactPath('compose-library-desktop.png') });
    await page.click('.compose-library-item');
    await page.waitForSelector('dialog.compose-dialog[open] textarea[name="alt"]');
    assert.equal(await page.inputValue('dialog textarea[name="alt"]'), 'Ships at the harbour mouth');
    assert.equal(await page.inputValue('dialog input[name="credit"]'), 'Photo: Gloss');
    await page.fill('dialog input[name="caption"]', 'The harbour, a week earlier');
    await page.click('dialog button[value="insert"]');
    await page.waitForSelector('.ProseMirror figure img[srcset]');
    assert.equal(uploads, 0, 'nothing uploaded again');
    let written = await body(page);
    const reused =
      /<img src="(\/media\/[^"]+\.jpg)" srcset="([^"]+)"[^>]* width="1600" height="900" alt="Ships at the harbour mouth">/.exec(
        written,
      );
    assert.ok(reused, written);
    assert.match(
      written,
      /<figcaption>The harbour, a week earlier <span class="credit">Photo: Gloss<\/span>/,
    );

    // A table: inserted, then grown and shrunk with the table tools shown only inside it.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.type('Arrivals:');
    assert.ok(await page.locator('.compose-group[data-group="Table"]').isHidden());
    await page.click('.compose-toolbar button[data-cmd="Table"]');
    await page.waitForSelector('.compose-group[data-group="Table"]:not([hidden])');
    assert.ok(
      await page.locator('.compose-toolbar button[data-cmd="Table"]').isDisabled(),
      'no table in a table',
    );
    await page.keyboard.type('Hour');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Ships');
    const shape = async () => {
      const html = await body(page);
      const rows = html.match(/<tr>/g)?.length ?? 0;
      const firstRow = /<tr>(.*?)<\/tr>/.exec(html)?.[1] ?? '';
      return [rows, firstRow.match(/<t[hd]/g)?.length ?? 0];
    };
    assert.deepEqual(await shape(), [3, 3]);
    // Grown from the header's second cell: a row below it, a column after it...
    await page.click('.compose-toolbar button[data-cmd="+ Row"]');
    await page.click('.compose-toolbar button[data-cmd="+ Column"]');
    assert.deepEqual(await shape(), [4, 4]);
    // ...and shrunk again from a cell of each.
    const cell = (row: number, col: number) =>
      page.locator(`.ProseMirror table tr:nth-child(${row}) > :nth-child(${col})`);
    await cell(1, 3).click();
    await page.click('.compose-toolbar button[data-cmd="− Column"]');
    assert.deepEqual(await shape(), [4, 3]);
    await cell(2, 1).click();
    await page.click('.compose-toolbar button[data-cmd="− Row"]');
    assert.deepEqual(await shape(), [3, 3]);
    written = await body(page);
    assert.match(written, /<table><tbody><tr><th[^>]*><p>Hour<\/p><\/th><th[^>]*><p>Ships<\/p><\/th><th/);
    // The header row, off and on.
    await cell(1, 1).click();
    const header = page.locator('.compose-toolbar button[data-cmd="Header row"]');
    assert.equal(await header.getAttribute('aria-pressed'), 'true');
    await header.click();
    assert.equal(await header.getAttribute('aria-pressed'), 'false');
    assert.doesNotMatch(await body(page), /<th/);
    await header.click();
    assert.match(await body(page), /<th[^>]*><p>Hour/);
    await page.screenshot({ path: artifactPath('compose-table-desktop.png') });
    // A second table, removed whole.
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.click('.compose-toolbar button[data-cmd="Table"]');
    assert.equal((await body(page)).match(/<table>/g)?.length, 2);
    await page.click('.compose-toolbar button[data-cmd="Delete table"]');
    assert.equal((await body(page)).match(/<table>/g)?.length, 1);
    await page.waitForSelector('.compose-group[data-group="Table"][hidden]', { state: 'attached' });

    // A video by its page address, kept through Markdown and back.
    await page.keyboard.press('Control+End');
    page.once('dialog', (d) => void d.accept('https://youtu.be/dQw4w9WgXcQ?si=x'));
    await page.click('.compose-toolbar button[data-cmd="Embed"]');
    await page.waitForSelector('.ProseMirror .compose-embed iframe');
    const iframe =
      '<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ" width="560" height="315" title="Embedded video" allowfullscreen="">';
    assert.ok((await body(page)).includes(iframe), await body(page));
    await page.selectOption('select[name="format"]', 'markdown');
    await page.waitForSelector('.compose[hidden]', { state: 'attached' });
    await page.selectOption('select[name="format"]', 'compose');
    await page.waitForSelector('.compose:not([hidden]) .compose-embed iframe');
    assert.match(
      await body(page),
      /<iframe src="https:\/\/www\.youtube\.com\/embed\/dQw4w9WgXcQ" width="560" height="315" title="Embedded video" allowfullscreen/,
      'the embed survives Markdown and back',
    );
    await page.screenshot({ path: artifactPath('compose-embed-desktop.png'), fullPage: true });

    await Promise.all([page.waitForURL(/done=published/), page.click('button[data-publish]')]);
    const href = await page.locator('a.button', { hasText: 'View on the blog' }).getAttribute('href');

    // The library: the photo is used in two posts now; replace it from its card.
    await page.goto(`${server.base}/admin/media`);
    const card = page.locator('.media-card', { hasText: 'The harbour at 6 a.m.' });
    assert.equal(await card.locator('.media-uses summary', { hasText: 'Used in 2 posts' }).count(), 1);
    await card.locator('.media-replace summary').click();
    const fresh = path.join(mediaDir, 'harbour-new.png');
    await sharp({ create: { width: 1200, height: 1200, channels: 3, background: '#c8553d' } })
      .png()
      .toFile(fresh);
    await card.locator('.media-replace input[type="file"]').setInputFiles(fresh);
    await page.screenshot({ path: artifactPath('media-replace-desktop.png'), fullPage: true });
    await Promise.all([
      page.waitForURL(/done=replaced/),
      card.locator('.media-replace button[type="submit"]').click(),
    ]);
    assert.match((await page.locator('.notice').first().textContent()) ?? '', /Picture replaced/);
    assert.match(
      (await page.locator('.media-card', { hasText: 'The harbour at 6 a.m.' }).textContent()) ?? '',
      /1200 × 1200/,
    );

    await page.goto(`${server.base}${href}`);
    assert.equal(
      await page.locator('.post-body iframe[src="https://www.youtube.com/embed/dQw4w9WgXcQ"]').count(),
      1,
    );
    const shown = page.locator('.post-body figure img');
    assert.equal(await shown.count(), 1);
    const src = (await shown.getAttribute('src')) ?? '';
    assert.match(src, /^\/media\/.+\.png$/);
    assert.notEqual(src, reused![1]);
    assert.equal(await shown.getAttribute('width'), '1200');
    assert.equal(await shown.getAttribute('height'), '1200');
    assert.match(
      (await shown.getAttribute('srcset')) ?? '',
      /-480\.webp 480w, .*-800\.webp 800w, .*\.png 1200w$/,
    );
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('.post-body figure img');
      return img?.complete && img.naturalWidth > 0;
    });
    await page.setViewportSize(PHONE);
    await page.goto(`${server.base}/admin/media`);
    await page.screenshot({ path: artifactPath('media-library-replaced-phone.png'), fullPage: true });
    await page.context().close();
  });

  it('shows the library picker and table tools at phone width', async () => {
    const page = await open(PHONE);
    await page.goto(`${server.base}/admin/posts/new`);
    await page.waitForSelector('form[data-compose="ready"]');
    await editor(page).click();
    await page.click('.compose-toolbar button[data-cmd="Table"]');
    await page.waitForSelector('.compose-group[data-group="Table"]:not([hidden])');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow} px wider than the phone`);
    await page.screenshot({ path: artifactPath('compose-table-phone.png') });
    await page.click('.compose-toolbar button[data-cmd="From library"]');
    await page.waitForSelector('dialog.compose-library[open] .compose-library-item');
    await page.screenshot({ path: artifactPath('compose-library-phone.png') });
    await page.keyboard.press('Escape');
    await page.waitForSelector('dialog.compose-library', { state: 'detached' });
    await page.context().close();
  });

  it('pastes a saved news page: structure kept, scripts and styles dropped', {
    skip: !fs.existsSync(NEWS) && process.env.CI !== 'true' ? `no corpus at ${NEWS}` : false,
  }, async () => {
    const page = await open(PHONE);
    await page.goto(`${server.base}/admin/posts/new`);
    await page.waitForSelector('form[data-compose="ready"]');
    const article = fs.readFileSync(path.join(NEWS, 'expected.html'), 'utf8');
    const pasted = `<style>p{color:red}</style><script>window.pwned=1</script><meta charset="utf-8">${article}<div style="font-weight:700" class="ad-slot">Advertisement</div>`;
    await editor(page).click();
    await page.evaluate((html) => {
      const data = new DataTransfer();
      data.setData('text/html', html);
      data.setData('text/plain', 'fallback');
      document
        .querySelector('.ProseMirror')!
        .dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, pasted);
    await page.waitForFunction(
      () => (document.querySelector<HTMLTextAreaElement>('textarea[name="body"]')?.value.length ?? 0) > 1000,
    );
    const html = await body(page);
    assert.doesNotMatch(html, /<script|<style|pwned|color:red|class="ad-slot"|style=/);
    const source = (tag: RegExp) => (article.match(tag) ?? []).length;
    // Links to other pages (the article's in-page lightbox anchors around its pictures go).
    const links = (html.match(/<a [^>]*href="https?:/g) ?? []).length;
    const paragraphs = (html.match(/<p>/g) ?? []).length;
    const sourceLinks = source(/<a href="https?:/g);
    assert.ok(links >= sourceLinks * 0.9, `${links} of ${sourceLinks} links kept`);
    assert.ok(paragraphs >= source(/<p[ >]/g) * 0.9, `${paragraphs} of ${source(/<p[ >]/g)} paragraphs kept`);
    assert.equal(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned), undefined);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: artifactPath('compose-phone.png'), fullPage: false });
    await page.context().close();
  });

  it('raised no console error and no CSP violation', () => {
    assert.deepEqual(errors, []);
  });
});
