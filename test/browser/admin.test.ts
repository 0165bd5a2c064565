// The editor's desk in Chromium, end to end: sign in, write a post with an editor's note, a source
// and an uploaded image, schedule it a few seconds ahead, watch it appear on the public site at its
// time, moderate a comment, survive a session that ends mid-edit. Screenshots of every admin screen
// at desktop and phone width go to test-artifacts/screenshots/.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { createUser } from '../../src/auth/users.ts';
import { seedEmptyBlog } from '../../src/clippings/seed.ts';
import { startScheduledPublishing } from '../../src/posts/schedule.ts';
import { readSettings } from '../../src/settings/settings.ts';
import { artifactPath, browserSkip, DESKTOP, launchBrowser, PHONE } from '../helpers/browser.ts';
import { freshDatabase } from '../helpers/databases.ts';
import { startServer } from '../helpers/server.ts';

const EMAIL = 'editor@example.org';
const PASSWORD = 'a long enough password';

/** "YYYY-MM-DDTHH:MM:SS" for a datetime-local input, in the blog's zone. */
function localInput(date: Date, timeZone: string): string {
  const p = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date);
  const get = (type: string) => p.find((x) => x.type === type)!.value;
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}:${get('second')}`;
}

describe('the admin in Chromium', { skip: browserSkip() }, () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startServer>>;
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let stopPublishing: () => void;
  let mediaDir: string;
  let imageFile: string;
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
    mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gloss-media-'));
    imageFile = path.join(mediaDir, 'upload.jpg');
    // A photograph-like picture: a gradient with a few shapes, so the variants have something to show.
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="1000">
      <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#d7a86e"/><stop offset="1" stop-color="#5a3e2b"/></linearGradient></defs>
      <rect width="1600" height="1000" fill="url(#g)"/><circle cx="1150" cy="330" r="170" fill="#f3e2c0" opacity="0.8"/>
      <rect x="180" y="560" width="620" height="300" fill="#2f2a24" opacity="0.7"/></svg>`;
    await sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toFile(imageFile);
    server = await startServer(database.store, { mediaDir });
    stopPublishing = startScheduledPublishing(database.store.db, { intervalMs: 250 });
    browser = await launchBrowser();
  });

  after(async () => {
    stopPublishing?.();
    await browser?.close();
    await server?.close();
    await database?.drop();
    if (mediaDir) fs.rmSync(mediaDir, { recursive: true, force: true });
  });

  async function open(viewport: {
    width: number;
    height: number;
  }): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    // The one expected failure: the form posted after the session ended is answered 401.
    page.on('console', (m) => {
      if (m.type() === 'error' && !/status of 401/.test(m.text())) errors.push(`${page.url()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
    return { context, page };
  }

  async function signIn(page: Page, next = '/admin') {
    await page.goto(`${server.base}${next}`);
    assert.match(page.url(), /\/admin\/login/);
    await page.fill('input[name="email"]', EMAIL);
    await page.fill('input[name="password"]', PASSWORD);
    await Promise.all([
      page.waitForURL((u) => !u.pathname.startsWith('/admin/login')),
      page.click('button[type="submit"]'),
    ]);
  }

  it('writes, schedules and publishes a post with a note, a source and an image; moderates a comment', async () => {
    const { context, page } = await open(DESKTOP);
    const zone = (await readSettings(database.store.db)).timeZone;

    await page.goto(`${server.base}/admin/login`);
    await page.screenshot({ path: artifactPath('admin-login-desktop.png') });
    await signIn(page, '/admin/posts/new');
    assert.match(page.url(), /\/admin\/posts\/new$/, 'back where sign-in was asked for');

    await page.fill('#title', 'Hun Sen to visit Japan next month');
    // New posts open in Compose (test/browser/compose.test.ts); this one is written in Markdown.
    await page.selectOption('select[name="format"]', 'markdown');
    await page.fill(
      '#body',
      'Prime Minister Hun Sen will visit Japan [in late August] for talks on trade and infrastructure.\n\n' +
        '[Is this the same scholar who wrote on the 1991 accords?]\n\n' +
        'Officials said the visit would mark 65 years of relations. Item \\[3\\] of the agenda covers roads.',
    );
    await page.click('[data-tab="split"]');
    await page.waitForSelector('.preview-body aside.editor-note');
    assert.equal(await page.locator('.preview-body span.editor-note').textContent(), 'in late August');
    assert.match((await page.locator('.preview-body').textContent()) ?? '', /Item \[3\] of the agenda/);
    await page.fill('input[name="labels"]', 'Japan, Cambodia');
    await page.fill('input[name="source_title"]', 'Hun Sen to visit Japan in August');
    await page.fill('input[name="source_authors"]', 'Chheang Vannarith');
    await page.fill('input[name="source_outlet"]', 'Khmer Times');
    await page.fill('input[name="source_date"]', '2017-07-31');
    await page.fill('input[name="source_url"]', 'https://www.khmertimeskh.com/news/12345/');
    await page.setInputFiles('input[name="image_file"]', imageFile);
    await page.fill('input[name="image_alt"]', 'Hun Sen and Shinzo Abe shake hands');
    await page.fill('textarea[name="image_caption"]', 'Prime Minister Hun Sen with Shinzo Abe in Tokyo.');
    await page.fill('input[name="image_credit"]', 'AFP');
    await page.waitForFunction(() =>
      document.querySelector('.path-preview code')?.textContent?.includes('hun-sen-to-visit-japan'),
    );

    // Leaving now would lose the text: the browser asks first.
    const probe = await context.newPage();
    await probe.goto(page.url());
    await probe.fill('#title', 'Cambodia–Japan trade figures, 2010–2017');
    await probe.selectOption('select[name="format"]', 'markdown');
    await probe.fill('#body', 'Notes for a follow-up: exports doubled. [Check the customs figures.]');
    const asked = new Promise<string>((resolve) =>
      probe.once('dialog', (d) => {
        resolve(d.type());
        void d.accept();
      }),
    );
    await probe.close({ runBeforeUnload: true });
    assert.equal(await asked, 'beforeunload');
    // Leaving anyway autosaves what was typed, as a draft.
    let autosaved: { status: string } | undefined;
    for (let i = 0; i < 40 && !autosaved; i++) {
      autosaved = await database.store.db
        .selectFrom('posts')
        .select('status')
        .where('title', '=', 'Cambodia–Japan trade figures, 2010–2017')
        .executeTakeFirst();
      if (!autosaved) await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(autosaved?.status, 'draft');

    // Far enough ahead that filling the form and saving, even on a loaded machine, end before it.
    const due = new Date(Date.now() + 10_000);
    await page.fill('input[name="date"]', localInput(due, zone));
    await page.dispatchEvent('input[name="date"]', 'input');
    assert.equal((await page.locator('[data-publish]').textContent())?.trim(), 'Schedule');
    await page.screenshot({ path: artifactPath('admin-editor-desktop.png'), fullPage: true });
    await Promise.all([page.waitForURL(/\/edit\?done=scheduled/), page.click('[data-publish]')]);
    assert.match((await page.locator('.notice').textContent()) ?? '', /Scheduled/);

    const stored = await database.store.db
      .selectFrom('posts')
      .selectAll()
      .where('title', '=', 'Hun Sen to visit Japan next month')
      .executeTakeFirstOrThrow();
    assert.equal(stored.status, 'scheduled');
    const publicUrl = `${server.base}${stored.path}`;
    const early = await (await context.request.get(publicUrl)).status();
    assert.equal(early, 404, 'not public before its time');

    // It appears at its time, through the page cache, without anyone touching it.
    let status = 0;
    const deadline = due.getTime() + 8000;
    while (Date.now() < deadline) {
      status = (await context.request.get(publicUrl)).status();
      if (status === 200) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.equal(status, 200, 'published at its time');
    assert.ok(Date.now() >= due.getTime() - 1000, 'not before its time');

    const reader = await context.newPage();
    await reader.goto(publicUrl);
    assert.equal(await reader.locator('h1').textContent(), 'Hun Sen to visit Japan next month');
    assert.equal(await reader.locator('.post-body aside.editor-note').count(), 1);
    assert.equal(await reader.locator('.post-body span.editor-note').count(), 1);
    assert.match((await reader.locator('.source').textContent()) ?? '', /Khmer Times/);
    const img = reader.locator('.lead-image img');
    assert.match((await img.getAttribute('srcset')) ?? '', /480w, .*800w, .*1200w, .*1600w/);
    assert.equal(await img.getAttribute('alt'), 'Hun Sen and Shinzo Abe shake hands');
    assert.ok(
      await img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0),
      'the image loads',
    );
    await reader.screenshot({ path: artifactPath('admin-published-post-desktop.png'), fullPage: true });

    // A reader's comment waits in the queue; the moderator approves it.
    const at = new Date().toISOString();
    await database.store.db
      .insertInto('comments')
      .values({
        post_id: stored.id,
        parent_id: null,
        author_name: 'Vannak',
        author_email: 'vannak@example.org',
        author_url: null,
        author_user_id: null,
        body_text: 'Which scholar? The 1991 one was at Sophia University.',
        body_html: '<p>Which scholar? The 1991 one was at Sophia University.</p>',
        status: 'pending',
        ip_hash: null,
        user_agent: null,
        spam_reason: null,
        created_at: at,
        updated_at: at,
        external_id: null,
        body_hash: null,
      })
      .execute();
    await page.goto(`${server.base}/admin/comments`);
    assert.match((await page.locator('.tabs a.active').textContent()) ?? '', /Pending\s*1/);
    await page.screenshot({ path: artifactPath('admin-comments-desktop.png'), fullPage: true });
    await Promise.all([
      page.waitForURL(/done=moderated/),
      page.click('.queue-actions button:has-text("Approve")'),
    ]);
    assert.match((await page.locator('.empty-state').textContent()) ?? '', /Nothing waits/);
    await reader.reload();
    assert.match((await reader.locator('#comments').textContent()) ?? '', /Sophia University/);
    await context.close();
  });

  it('keeps the text when the session ends in the middle of an edit', async () => {
    const { context, page } = await open(DESKTOP);
    await signIn(page, '/admin/posts?status=published');
    await page.click('.row-title >> nth=0');
    await page.waitForSelector('#editor');
    await database.store.db.deleteFrom('sessions').execute(); // the session ends (timeout, revoked elsewhere)
    await page.fill('#title', 'Retitled after the session ended');
    await Promise.all([page.waitForURL(/\/admin\//), page.click('.publish-buttons button.primary')]);
    assert.match((await page.locator('.auth-message').textContent()) ?? '', /session has ended/);
    await page.fill('input[name="password"]', PASSWORD);
    await page.fill('input[name="email"]', EMAIL);
    await Promise.all([page.waitForURL(/done=/), page.click('button[type="submit"]')]);
    assert.equal(await page.inputValue('#title'), 'Retitled after the session ended');
    const titles = await database.store.db.selectFrom('posts').select('title').execute();
    assert.ok(titles.some((t) => t.title === 'Retitled after the session ended'));
    await context.close();
  });

  it('fills the blog with what a week of work leaves behind', async () => {
    const { createPost } = await import('../../src/posts/save.ts');
    const { db } = database.store;
    const zone = (await readSettings(db)).timeZone;
    const day = 86_400_000;
    const clips: [string, string, string[]][] = [
      ['Cambodia, Japan sign $90m loan for Phnom Penh water', 'Khmer Times', ['Japan', 'Infrastructure']],
      ['ASEAN ministers meet in Manila on South China Sea code', 'The Phnom Penh Post', ['ASEAN']],
      [
        'Paris accords anniversary marked with quiet ceremony',
        'VOD English',
        ['Paris Peace Accords', 'History'],
      ],
      ['Rice exports to EU rise 12 percent in first half', 'Nikkei Asia', ['Economy']],
    ];
    let i = 1;
    for (const [title, outlet, labels] of clips) {
      await createPost(
        db,
        {
          title,
          bodyHtml: `<p>${title}.</p><aside class="editor-note"><p>Compare with last year.</p></aside>`,
          publishedAt: new Date(Date.now() - i++ * day).toISOString(),
          labels,
          source: { outlet, authors: ['Staff reporter'], url: 'https://example.org/news' },
        },
        zone,
      );
    }
    await createPost(
      db,
      {
        title: 'Sihanoukville port expansion: what the contract says',
        bodyHtml: '<p>Soon.</p>',
        status: 'scheduled',
        publishedAt: new Date(Date.now() + 2 * day).toISOString(),
        labels: ['Infrastructure'],
      },
      zone,
    );
    await createPost(
      db,
      { kind: 'page', title: 'About this blog', bodyHtml: '<p>Clippings since 2009.</p>' },
      zone,
    );
    const post = await db
      .selectFrom('posts')
      .select('id')
      .where('title', 'like', 'Cambodia, Japan sign%')
      .executeTakeFirstOrThrow();
    const at = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
    const comment = async (
      author: string,
      text: string,
      status: 'pending' | 'approved' | 'spam',
      minutes: number,
      parent: number | null = null,
      reason: string | null = null,
    ) =>
      (
        await db
          .insertInto('comments')
          .values({
            post_id: post.id,
            parent_id: parent,
            author_name: author,
            author_email: `${author.toLowerCase().replace(/\W+/g, '.')}@example.org`,
            author_url: null,
            author_user_id: null,
            body_text: text,
            body_html: `<p>${text}</p>`,
            status,
            ip_hash: null,
            user_agent: null,
            spam_reason: reason,
            created_at: at(minutes),
            updated_at: at(minutes),
            external_id: null,
            body_hash: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    const first = await comment(
      'Chan Sophea',
      'The loan was first announced in March; this is the signing.',
      'approved',
      300,
    );
    await comment(
      'Mark Ellis',
      'Does anyone know the interest rate? The article does not say.',
      'pending',
      45,
    );
    await comment('Chan Sophea', 'It is 0.01 percent over 40 years, per JICA.', 'pending', 30, first);
    await comment(
      'Noun Vichet',
      'Good to see the water authority getting investment at last.',
      'pending',
      12,
    );
    await comment(
      'cheap-pills-online',
      'Best prices!!! visit now',
      'spam',
      5,
      null,
      'blocklisted word: pills',
    );

    const owner = await db
      .selectFrom('users')
      .selectAll()
      .where('email', '=', EMAIL)
      .executeTakeFirstOrThrow();
    await createUser(db, {
      email: 'sreymom@example.org',
      name: 'Srey Mom',
      role: 'author',
      password: PASSWORD,
    });
    await createUser(db, {
      email: 'vuthy@example.org',
      name: 'Vuthy Keo',
      role: 'moderator',
      password: PASSWORD,
    });
    const gone = await createUser(db, {
      email: 'intern@example.org',
      name: 'Former Intern',
      role: 'author',
      password: PASSWORD,
    });
    await db.updateTable('users').set({ active: 0 }).where('id', '=', gone.id).execute();
    const { createInvitation } = await import('../../src/auth/invitations.ts');
    await createInvitation(db, owner, { email: 'bopha@example.org', name: 'Bopha Chea', role: 'author' });
  });

  for (const [name, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    it(`screens look finished at ${name} width`, async () => {
      const { context, page } = await open(viewport);
      await signIn(page);
      const shots: [string, string][] = [
        ['dashboard', '/admin'],
        ['posts', '/admin/posts'],
        ['editor', '/admin/posts/new'],
        ['comments-pending', '/admin/comments'],
        ['comments', '/admin/comments?status=approved'],
        ['settings', '/admin/settings'],
        ['users', '/admin/users'],
      ];
      for (const [shot, url] of shots) {
        if (shot === 'editor' && name === 'desktop') continue; // taken with content above
        await page.goto(`${server.base}${url}`);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `${url} is ${overflow}px wider than the viewport`);
        await page.screenshot({ path: artifactPath(`admin-${shot}-${name}.png`), fullPage: true });
      }
      const reply = await database.store.db
        .selectFrom('comments')
        .select('id')
        .where('body_text', 'like', 'It is 0.01%')
        .executeTakeFirstOrThrow();
      await page.goto(`${server.base}/admin/comments/${reply.id}`);
      await page.screenshot({ path: artifactPath(`admin-comment-context-${name}.png`), fullPage: true });
      if (name === 'phone') {
        const edit = await database.store.db
          .selectFrom('posts')
          .select('id')
          .where('title', 'like', 'Retitled%')
          .executeTakeFirstOrThrow();
        await page.goto(`${server.base}/admin/posts/${edit.id}/edit`);
        await page.screenshot({ path: artifactPath('admin-editor-filled-phone.png'), fullPage: true });
      }
      await context.close();
    });
  }

  it('ran without script errors or CSP violations', () => {
    assert.deepEqual(errors, []);
  });
});
