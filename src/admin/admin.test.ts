// The editor's desk through the app: writing, scheduling, trash, lists, moderation, settings, users.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, it } from 'node:test';
import sharp from 'sharp';
import { form, ORIGIN, PASSWORD, type SignedIn, signedInAs } from '../../test/helpers/admin.ts';
import { eachDatabase } from '../../test/helpers/databases.ts';
import { createApp } from '../app.tsx';
import { findByEmail } from '../auth/users.ts';
import { loadConfig } from '../config.ts';
import { createPost } from '../posts/save.ts';
import { publishDuePosts } from '../posts/schedule.ts';
import { readSettings, writeSettings } from '../settings/settings.ts';
import type { Store } from '../storage/db.ts';

const ZONE = 'Asia/Phnom_Penh';
type App = ReturnType<typeof createApp>['app'];

eachDatabase('the editor’s desk', (getStore) => {
  let store: Store;
  let app: App;
  let ed: SignedIn;
  let now = new Date('2030-03-25T03:00:00Z'); // 10:00 in Phnom Penh
  const mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gloss-media-'));

  const get = (p: string, who: SignedIn = ed) =>
    app.request(`${ORIGIN}${p}`, { headers: { cookie: who.cookie } });
  const post = (p: string, fields: Record<string, string | string[]>, who: SignedIn = ed) =>
    app.request(`${ORIGIN}${p}`, { method: 'POST', headers: who.headers, body: form(who, fields) });
  const row = (id: number) =>
    store.db.selectFrom('posts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const idFrom = (res: Response) =>
    Number(/\/admin\/posts\/(\d+)\/edit/.exec(res.headers.get('location') ?? '')?.[1]);
  const editorFields = (over: Record<string, string>) => ({
    title: '',
    body: '',
    format: 'markdown',
    kind: 'post',
    slug: '',
    date: '',
    labels: '',
    ...over,
  });

  before(async () => {
    store = getStore();
    await writeSettings(store.db, { timeZone: ZONE, title: 'Desk test' });
    ({ app } = createApp({
      store,
      config: loadConfig({ GLOSS_MEDIA_DIR: mediaDir }, process.cwd()),
      now: () => now,
    }));
    ed = await signedInAs(store, 'owner', undefined, now);
  });
  after(() => fs.rmSync(mediaDir, { recursive: true, force: true }));

  it('saves a draft with an automatic date, then publishes it at the moment of publishing', async () => {
    const res = await post(
      '/admin/posts',
      editorFields({
        title: 'Hun Sen to visit Japan',
        body: 'Text [sic] here.\n\n[Same scholar?]',
        labels: 'Japan, Cambodia',
        action: 'draft',
      }),
    );
    assert.equal(res.status, 303);
    const id = idFrom(res);
    let p = await row(id);
    assert.equal(p.status, 'draft');
    assert.equal(p.published_at, p.created_at, 'automatic date');
    assert.equal(p.body_source, 'Text [sic] here.\n\n[Same scholar?]');
    assert.match(p.body_html, /Text \[sic\] here\./, 'a short bracket stays text');
    assert.match(p.body_html, /<aside class="editor-note"><p>Same scholar\?<\/p><\/aside>/);
    assert.equal((await app.request(`${ORIGIN}${p.path}`)).status, 404, 'a draft is not public');
    const edit = await (await get(`/admin/posts/${id}/edit`)).text();
    assert.match(edit, /name="date" value=""/);
    assert.match(edit, /name="label" value="Japan" checked/);
    assert.match(edit, /name="label" value="Cambodia" checked/);

    now = new Date('2030-04-02T02:00:00Z');
    const published = await post(
      `/admin/posts/${id}`,
      editorFields({
        title: 'Hun Sen to visit Japan',
        body: 'Text [sic] here.',
        labels: 'Japan',
        action: 'publish',
      }),
    );
    assert.equal(published.headers.get('location'), `/admin/posts/${id}/edit?done=published`);
    p = await row(id);
    assert.equal(p.status, 'published');
    assert.equal(p.published_at, '2030-04-02T02:00:00.000Z');
    assert.equal(p.path, '/2030/04/hun-sen-to-visit-japan.html');
    assert.equal(p.author_id, ed.user.id);
    const page = await app.request(`${ORIGIN}${p.path}`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /Text \[sic\] here\./);
  });

  it('stores the source, labels, an uploaded lead image with variants served with srcset', async () => {
    const jpeg = await sharp({ create: { width: 1500, height: 1000, channels: 3, background: '#6b4f2a' } })
      .jpeg()
      .withMetadata({ exif: { IFD0: { Artist: 'Someone' } } })
      .toBuffer();
    const body = new FormData();
    body.set('_csrf', ed.csrf);
    for (const [k, v] of Object.entries(
      editorFields({
        title: 'Abe meets Hun Sen',
        body: 'Quoted text.',
        labels: 'Japan',
        source_title: 'Abe meets Cambodian PM',
        source_authors: 'Chheang Vannarith, Kim Sok',
        source_outlet: 'Khmer Times',
        source_date: '2017-07-31',
        source_url: 'https://www.khmertimeskh.com/news/1/',
        image_alt: 'Two men shake hands',
        image_caption: 'Shinzo Abe and Hun Sen in Tokyo.',
        image_credit: 'AFP',
        action: 'publish',
      }),
    ))
      body.set(k, v);
    body.set('image_file', new File([jpeg], 'abe.jpg', { type: 'image/jpeg' }));
    const res = await app.request(`${ORIGIN}/admin/posts`, { method: 'POST', headers: ed.headers, body });
    assert.equal(res.status, 303);
    const p = await row(idFrom(res));
    assert.deepEqual(JSON.parse(p.source_authors), ['Chheang Vannarith', 'Kim Sok']);
    assert.equal(p.source_outlet, 'Khmer Times');
    assert.match(p.image_src ?? '', /^\/media\/2030\/04\/[0-9a-f]{16}\.jpg$/);
    assert.ok(p.image_media_id);
    const media = await store.db
      .selectFrom('media')
      .selectAll()
      .where('id', '=', p.image_media_id!)
      .executeTakeFirstOrThrow();
    assert.deepEqual(
      JSON.parse(media.variants).map((v: { width: number }) => v.width),
      [480, 800, 1200],
    );
    const stored = await sharp(fs.readFileSync(path.join(mediaDir, media.path))).metadata();
    assert.equal(stored.exif, undefined, 'metadata is stripped');
    const html = await (await app.request(`${ORIGIN}${p.path}`)).text();
    assert.match(
      html,
      /srcset="\/media\/[^"]+-480\.webp 480w, [^"]+-800\.webp 800w, [^"]+-1200\.webp 1200w, [^"]+\.jpg 1500w"/,
    );
    assert.match(html, /alt="Two men shake hands"/);
    assert.match(html, /Khmer Times/);
    const image = await app.request(`${ORIGIN}${p.image_src}`);
    assert.equal(image.status, 200);
    assert.equal(image.headers.get('content-type'), 'image/jpeg');
    assert.match(image.headers.get('cache-control') ?? '', /immutable/);
    assert.equal((await app.request(`${ORIGIN}/media/../gloss.db`)).status, 404);
    assert.equal((await app.request(`${ORIGIN}/media/%2e%2e/%2e%2e/etc/passwd.jpg`)).status, 404);
    // Not an image: refused with the reason, the text kept.
    const bad = new FormData();
    bad.set('_csrf', ed.csrf);
    for (const [k, v] of Object.entries(
      editorFields({ title: 'Bad file', body: 'Keep me', action: 'draft' }),
    ))
      bad.set(k, v);
    bad.set('image_file', new File(['<svg onload=alert(1)>'], 'x.svg', { type: 'image/svg+xml' }));
    const refused = await app.request(`${ORIGIN}/admin/posts`, {
      method: 'POST',
      headers: ed.headers,
      body: bad,
    });
    assert.equal(refused.status, 400);
    const text = await refused.text();
    assert.match(text, /not an image Gloss can read/);
    assert.match(text, /Keep me/);
  });

  it('schedules a post for its time and publishes it then', async () => {
    const res = await post(
      '/admin/posts',
      editorFields({ title: 'Later news', body: 'Soon.', date: '2030-04-02T12:30', action: 'publish' }),
    );
    const id = idFrom(res);
    assert.match(res.headers.get('location') ?? '', /done=scheduled/);
    let p = await row(id);
    assert.equal(p.status, 'scheduled');
    assert.equal(p.published_at, '2030-04-02T05:30:00.000Z', 'the date is read in the blog’s zone');
    assert.equal((await app.request(`${ORIGIN}${p.path}`)).status, 404);
    assert.deepEqual(await publishDuePosts(store.db, new Date('2030-04-02T05:29:59Z')), []);
    assert.deepEqual(await publishDuePosts(store.db, new Date('2030-04-02T05:30:00Z')), [id]);
    p = await row(id);
    assert.equal(p.status, 'published');
    assert.equal((await app.request(`${ORIGIN}${p.path}`)).status, 200);
  });

  it('moves a public post’s path only when asked, and redirects the old one', async () => {
    const res = await post('/admin/posts', editorFields({ title: 'Old slug', body: 'x', action: 'publish' }));
    const id = idFrom(res);
    const before = await row(id);
    await post(
      `/admin/posts/${id}`,
      editorFields({ title: 'A new title', body: 'y', action: 'save', date: '2030-04-02T09:00' }),
    );
    let p = await row(id);
    assert.equal(p.path, before.path, 'a title change keeps the address');
    await post(
      `/admin/posts/${id}`,
      editorFields({
        title: 'A new title',
        body: 'y',
        slug: 'new-slug',
        action: 'save',
        date: '2030-04-02T09:00',
      }),
    );
    p = await row(id);
    assert.equal(p.path, '/2030/04/new-slug.html');
    const old = await app.request(`${ORIGIN}${before.path}`);
    assert.equal(old.status, 301);
    assert.equal(old.headers.get('location'), '/2030/04/new-slug.html');
  });

  it('keeps an imported post’s address and identity when it is edited', async () => {
    const imported = await createPost(
      store.db,
      {
        title: 'Imported',
        path: '/2012/05/blogger-style-slug.html',
        bodyHtml: '<p>From Blogger</p>',
        publishedAt: '2012-05-04T10:00:00Z',
        externalId: 'tag:blogger.com,1999:blog-1.post-2',
        importHash: 'abc',
      },
      ZONE,
    );
    const edit = await (await get(`/admin/posts/${imported.id}/edit`)).text();
    assert.match(edit, /<option value="html" selected="">HTML<\/option>/, 'imported HTML is edited as HTML');
    await post(
      `/admin/posts/${imported.id}`,
      editorFields({
        title: 'Imported, edited',
        body: '<p>From Blogger, fixed</p>',
        format: 'html',
        date: '2012-05-04T17:00',
        action: 'save',
      }),
    );
    const p = await row(imported.id);
    assert.equal(p.path, '/2012/05/blogger-style-slug.html');
    assert.equal(p.external_id, 'tag:blogger.com,1999:blog-1.post-2');
    assert.equal(p.body_source, null);
    assert.equal(p.body_html, '<p>From Blogger, fixed</p>');
  });

  it('makes static pages under /p/', async () => {
    const res = await post(
      '/admin/posts',
      editorFields({ title: 'About this blog', body: 'Who we are.', kind: 'page', action: 'publish' }),
    );
    const p = await row(idFrom(res));
    assert.equal(p.kind, 'page');
    assert.equal(p.path, '/p/about-this-blog.html');
    assert.equal((await app.request(`${ORIGIN}/p/about-this-blog.html`)).status, 200);
  });

  it('trashes, restores and deletes for good', async () => {
    const res = await post(
      '/admin/posts',
      editorFields({ title: 'Short-lived', body: 'x', action: 'publish' }),
    );
    const id = idFrom(res);
    const { path: where } = await row(id);
    assert.equal((await post(`/admin/posts/${id}/delete`, {})).status, 409, 'only from the trash');
    assert.equal((await post(`/admin/posts/${id}/trash`, {})).status, 303);
    assert.equal((await app.request(`${ORIGIN}${where}`)).status, 404);
    assert.match(await (await get('/admin/posts?status=trash')).text(), /Short-lived/);
    assert.equal(
      (
        await post(
          `/admin/posts/${id}`,
          editorFields({ title: 'Edited in trash', body: 'x', action: 'save' }),
        )
      ).status,
      409,
    );
    await post(`/admin/posts/${id}/restore`, {});
    assert.equal((await app.request(`${ORIGIN}${where}`)).status, 200);
    await post('/admin/posts/bulk', { ids: [String(id)], bulk: 'trash' });
    assert.ok((await row(id)).trashed_at);
    await post('/admin/posts/bulk', { ids: [String(id)], bulk: 'delete' });
    assert.equal(
      await store.db.selectFrom('posts').select('id').where('id', '=', id).executeTakeFirst(),
      undefined,
    );
  });

  it('autosaves: a new post becomes a draft, a public post keeps the text aside', async () => {
    const headers = { ...ed.headers, 'x-csrf-token': ed.csrf, accept: 'application/json' };
    const first = await app.request(`${ORIGIN}/admin/posts/autosave`, {
      method: 'POST',
      headers,
      body: new URLSearchParams(editorFields({ title: 'Typing…', body: 'half a sentence' })),
    });
    const data = await first.json();
    assert.equal(data.kept, 'draft');
    assert.equal((await row(data.id)).status, 'draft');
    const live = idFrom(
      await post(
        '/admin/posts',
        editorFields({ title: 'Live', body: 'Published words.', action: 'publish' }),
      ),
    );
    const aside = await app.request(`${ORIGIN}/admin/posts/${live}/autosave`, {
      method: 'POST',
      headers,
      body: new URLSearchParams(editorFields({ title: 'Live', body: 'Unfinished edit.' })),
    });
    assert.equal((await aside.json()).kept, 'aside');
    assert.equal((await row(live)).body_source, 'Published words.', 'the public post is untouched');
    now = new Date(now.getTime() + 60_000);
    const offer = await (await get(`/admin/posts/${live}/edit`)).text();
    assert.match(offer, /Restore it/);
    const restored = await (await get(`/admin/posts/${live}/edit?autosave=1`)).text();
    assert.match(restored, /Unfinished edit\./);
    await post(
      `/admin/posts/${live}`,
      editorFields({
        title: 'Live',
        body: 'Unfinished edit, finished.',
        action: 'save',
        date: '2030-04-02T09:00',
      }),
    );
    assert.doesNotMatch(
      await (await get(`/admin/posts/${live}/edit`)).text(),
      /Restore it/,
      'saving spends the autosave',
    );
    // Signed out: 401 for the script, which keeps the text in the browser.
    const out = await app.request(`${ORIGIN}/admin/posts/${live}/autosave`, {
      method: 'POST',
      headers: { origin: ORIGIN, accept: 'application/json' },
      body: new URLSearchParams(editorFields({ title: 'x' })),
    });
    assert.equal(out.status, 401);
  });

  it('previews Markdown with notes and the path it will have', async () => {
    const res = await app.request(`${ORIGIN}/admin/posts/preview`, {
      method: 'POST',
      headers: { ...ed.headers, 'x-csrf-token': ed.csrf },
      body: new URLSearchParams(
        editorFields({
          title: 'Preview me',
          body: '[A note]\n\nAnd \\[not\\] one.',
          date: '2030-05-01T08:00',
        }),
      ),
    });
    const data = await res.json();
    assert.equal(data.html, '<aside class="editor-note"><p>A note</p></aside>\n<p>And [not] one.</p>\n');
    assert.equal(data.path, '/2030/05/preview-me.html');
    const page = await post(
      '/admin/posts/preview-page',
      editorFields({ title: 'Whole page', body: 'Hello [sic].', source_outlet: 'Phnom Penh Post' }),
    );
    const html = await page.text();
    assert.match(html, /<h1 class="post-title p-name">Whole page<\/h1>/);
    assert.match(html, /Phnom Penh Post/);
    assert.equal(page.headers.get('cache-control'), 'no-store');
  });

  it('lists posts with filters and paging', async () => {
    for (let i = 0; i < 23; i++) {
      await createPost(
        store.db,
        {
          title: `Filler ${i}`,
          bodyHtml: '<p>x</p>',
          publishedAt: `2011-01-${String(i + 1).padStart(2, '0')}T00:00:00Z`,
          labels: i % 2 ? ['Odd'] : [],
        },
        ZONE,
      );
    }
    const page1 = await (await get('/admin/posts?status=published')).text();
    assert.match(page1, /Page 1 of \d/);
    const odd = await (await get('/admin/posts?label=Odd')).text();
    assert.equal((odd.match(/class="row-title"/g) ?? []).length, 11);
    const search = await (await get('/admin/posts?q=filler%2012')).text();
    assert.equal((search.match(/class="row-title"/g) ?? []).length, 1);
    const outlet = await (await get('/admin/posts?q=khmer%20times')).text();
    assert.match(outlet, /Abe meets Hun Sen/);
    const drafts = await (await get('/admin/posts?status=draft')).text();
    assert.match(drafts, /Typing…/);
    assert.doesNotMatch(drafts, /Filler/);
    const mine = await (await get(`/admin/posts?author=${ed.user.id}`)).text();
    assert.doesNotMatch(mine, /Filler/);
    const pages = await (await get('/admin/posts?kind=page')).text();
    assert.match(pages, /About this blog/);
    assert.doesNotMatch(pages, /Filler/);
    const weird = await get('/admin/posts?q=%25_%5C&page=99&status=bogus');
    assert.equal(weird.status, 200);
  });

  it('moderates comments in queues, in bulk and in context', async () => {
    const target = await createPost(store.db, { title: 'Commented post', bodyHtml: '<p>x</p>' }, ZONE);
    const at = new Date().toISOString();
    const base = {
      post_id: target.id,
      author_email: 'reader@example.org',
      author_url: null,
      author_user_id: null,
      ip_hash: null,
      user_agent: null,
      spam_reason: null,
      created_at: at,
      updated_at: at,
      external_id: null,
      body_hash: null,
    };
    const ids: number[] = [];
    for (const [name, status] of [
      ['Dara', 'pending'],
      ['Vanna', 'pending'],
      ['Spammer', 'spam'],
    ] as const) {
      const c = await store.db
        .insertInto('comments')
        .values({
          ...base,
          parent_id: ids[0] ?? null,
          author_name: name,
          body_text: `Words of ${name}`,
          body_html: `<p>Words of ${name}</p>`,
          status,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.push(c.id);
    }
    const moderator = await signedInAs(store, 'moderator', undefined, now);
    const queue = await (await get('/admin/comments', moderator)).text();
    assert.match(queue, /Words of Dara/);
    assert.match(queue, /reader@example\.org/, 'staff see the address');
    assert.doesNotMatch(queue, /Words of Spammer/);
    const one = await post(
      '/admin/comments/moderate',
      { one: `approve:${ids[0]}`, back: '/admin/comments?status=pending' },
      moderator,
    );
    assert.equal(one.headers.get('location'), '/admin/comments?status=pending&done=moderated');
    const status = async (id: number) =>
      (await store.db.selectFrom('comments').select('status').where('id', '=', id).executeTakeFirstOrThrow())
        .status;
    assert.equal(await status(ids[0]!), 'approved');
    const log = await store.db
      .selectFrom('moderation_log')
      .selectAll()
      .where('comment_id', '=', ids[0]!)
      .execute();
    assert.equal(log.at(-1)?.user_id, moderator.user.id);
    assert.match(await (await app.request(`${ORIGIN}${target.path}`)).text(), /Words of Dara/);
    await post(
      '/admin/comments/moderate',
      { bulk: 'spam', ids: [String(ids[0]), String(ids[1])] },
      moderator,
    );
    assert.equal(await status(ids[1]!), 'spam');
    await post(
      '/admin/comments/moderate',
      { bulk: 'restore', ids: [String(ids[0]), String(ids[1])] },
      moderator,
    );
    assert.equal(await status(ids[0]!), 'approved');
    assert.equal(
      await status(ids[1]!),
      'approved',
      'never approved or pending by hand: restored as approved',
    );
    await post('/admin/comments/moderate', { one: `delete:${ids[2]}` }, moderator);
    assert.equal(await status(ids[2]!), 'deleted');
    const context = await (await get(`/admin/comments/${ids[1]}`, moderator)).text();
    assert.match(context, /Commented post/);
    assert.match(context, /class="staff-comment status-approved focus" id="c\d+"/);
    assert.match(context, /Words of Dara[\s\S]*Words of Vanna/);
    assert.equal(
      (await post('/admin/comments/moderate', { one: `explode:${ids[0]}` }, moderator)).status,
      400,
    );
    const spamQueue = await (await get('/admin/comments?status=deleted&q=spammer', moderator)).text();
    assert.match(spamQueue, /Words of Spammer/);
  });

  it('saves settings, and refuses bad ones with the reason', async () => {
    const good = {
      title: 'Paris Peace Accords 23 Oct. 1991',
      description: 'A clipping blog.',
      timeZone: 'Asia/Phnom_Penh',
      language: 'km',
      postsPerPage: '10',
      commentPolicy: 'moderated',
      commentCloseDays: '30',
      sidebar: ['labels', 'archive'],
      sidebar_at_labels: '1',
      sidebar_at_archive: '2',
      commentMaxLinks: '2',
      commentMaxLength: '3000',
      commentMinSeconds: '2',
      commentLimitPerAddress: '5',
      commentLimitGlobal: '100',
      commentLimitWindowMinutes: '10',
      commentBlocklist: 'casino\nspam.example',
      commentNotify: ['0', '1'],
      behindProxy: '0',
    };
    assert.equal((await post('/admin/settings', good)).status, 303);
    const s = await readSettings(store.db);
    assert.equal(s.title, 'Paris Peace Accords 23 Oct. 1991');
    assert.equal(s.postsPerPage, 10);
    assert.equal(s.commentPolicy, 'moderated');
    assert.equal(s.commentCloseDays, 30);
    assert.deepEqual(s.sidebar, ['labels', 'archive']);
    assert.deepEqual(s.commentBlocklist, ['casino', 'spam.example']);
    assert.equal(s.commentNotify, true);
    assert.equal(s.behindProxy, false);
    assert.match(await (await app.request(`${ORIGIN}/`)).text(), /Paris Peace Accords 23 Oct\. 1991/);
    const bad = await post('/admin/settings', {
      ...good,
      title: '',
      timeZone: 'Mars/Olympus',
      postsPerPage: '0',
    });
    assert.equal(bad.status, 400);
    const html = await bad.text();
    assert.match(html, /The blog needs a title/);
    assert.match(html, /Choose a time zone/);
    assert.equal((await readSettings(store.db)).postsPerPage, 10, 'nothing saved');
    await writeSettings(store.db, { timeZone: ZONE });
  });

  it('invites a user with a one-time link, changes roles and deactivates', async () => {
    const res = await post('/admin/users', { email: 'x@example.org', name: 'X', role: 'author' });
    assert.equal(res.status, 404, 'inviting is /admin/users/invite');
    const invite = await post('/admin/users/invite', {
      email: 'Srey@Example.org',
      name: 'Srey',
      role: 'moderator',
    });
    assert.equal(invite.status, 200);
    const link = /id="invite-link" value="([^"]+)"/.exec(await invite.text())![1]!;
    const invitePath = new URL(link).pathname;
    const visit = await app.request(`${ORIGIN}${invitePath}`);
    const pre = visit.headers
      .getSetCookie()
      .find((l) => l.startsWith('gloss_pre='))!
      .split(';')[0]!;
    const token = /name="_csrf" value="([^"]+)"/.exec(await visit.text())![1]!;
    const accepted = await app.request(`${ORIGIN}${invitePath}`, {
      method: 'POST',
      headers: { origin: ORIGIN, cookie: pre },
      body: new URLSearchParams({
        _csrf: token,
        name: 'Srey Mom',
        email: 'ignored@example.org',
        password: PASSWORD,
        password2: PASSWORD,
      }),
    });
    assert.equal(accepted.status, 303);
    const srey = (await findByEmail(store.db, 'srey@example.org'))!;
    assert.equal(srey.role, 'moderator');
    assert.equal(srey.name, 'Srey Mom');
    assert.equal(await findByEmail(store.db, 'ignored@example.org'), undefined);
    assert.equal((await app.request(`${ORIGIN}${invitePath}`)).status, 404, 'used once');

    await post(`/admin/users/${srey.id}/role`, { role: 'author' });
    assert.equal((await findByEmail(store.db, 'srey@example.org'))!.role, 'author');
    await post(`/admin/users/${srey.id}/deactivate`, {});
    assert.equal((await findByEmail(store.db, 'srey@example.org'))!.active, 0);
    const users = await (await get('/admin/users')).text();
    assert.match(users, /Srey Mom/);
    assert.match(users, /deactivated/);
    await post(`/admin/users/${srey.id}/activate`, {});
    assert.equal((await findByEmail(store.db, 'srey@example.org'))!.active, 1);
    // A forgotten password: a one-time link sets a new one and ends the account's sessions.
    const { sessionFor } = await import('../../test/helpers/admin.ts');
    const { findSession } = await import('../auth/sessions.ts');
    const { verifyPassword } = await import('../auth/passwords.ts');
    const sreySession = await sessionFor(store, srey, now);
    const reset = await post(`/admin/users/${srey.id}/reset`, {});
    const resetPath = new URL(/id="invite-link" value="([^"]+)"/.exec(await reset.text())![1]!).pathname;
    const resetPage = await app.request(`${ORIGIN}${resetPath}`);
    const resetHtml = await resetPage.text();
    assert.match(resetHtml, /Choose a new password/);
    const resetPre = resetPage.headers
      .getSetCookie()
      .find((l) => l.startsWith('gloss_pre='))!
      .split(';')[0]!;
    const resetToken = /name="_csrf" value="([^"]+)"/.exec(resetHtml)![1]!;
    const NEW_PASSWORD = 'another long password';
    const done = await app.request(`${ORIGIN}${resetPath}`, {
      method: 'POST',
      headers: { origin: ORIGIN, cookie: resetPre },
      body: new URLSearchParams({
        _csrf: resetToken,
        name: 'Srey Mom',
        password: NEW_PASSWORD,
        password2: NEW_PASSWORD,
      }),
    });
    assert.equal(done.status, 303);
    const after = (await findByEmail(store.db, 'srey@example.org'))!;
    assert.ok(await verifyPassword(after.password_hash, NEW_PASSWORD));
    assert.equal(after.role, 'author', 'a reset changes nothing else');
    assert.equal(
      await findSession(store.db, sreySession.cookie.split('=')[1], now),
      undefined,
      'old sessions end',
    );
    assert.equal((await app.request(`${ORIGIN}${resetPath}`)).status, 404, 'the reset link works once');
    assert.doesNotMatch(await (await get('/admin/users')).text(), /Open invitations[\s\S]*srey@example\.org/);
    const ownerId = ed.user.id;
    const admin = await signedInAs(store, 'admin', undefined, now);
    assert.equal(
      (await post(`/admin/users/${ownerId}/reset`, {}, admin)).status,
      400,
      'not for the owner, by an admin',
    );

    // Withdrawing an invitation kills its link.
    const second = await post('/admin/users/invite', {
      email: 'late@example.org',
      name: 'Late',
      role: 'author',
    });
    const lateLink = new URL(/id="invite-link" value="([^"]+)"/.exec(await second.text())![1]!).pathname;
    const open = await store.db
      .selectFrom('invitations')
      .select('id')
      .where('email', '=', 'late@example.org')
      .executeTakeFirstOrThrow();
    await post(`/admin/users/invitations/${open.id}/revoke`, {});
    assert.equal((await app.request(`${ORIGIN}${lateLink}`)).status, 404);
  });

  it('shows a dashboard with counts and recent activity', async () => {
    const html = await (await get('/admin')).text();
    assert.match(html, /published posts/);
    assert.match(html, /drafts?<\/span>/);
    assert.match(html, /comments? awaits? moderation|comment awaits moderation/);
    assert.match(html, /Recently edited/);
    assert.match(html, /Latest comments/);
    const account = await get('/admin/account');
    assert.equal(account.status, 200);
  });
});
