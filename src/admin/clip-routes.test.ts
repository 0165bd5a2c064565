// The admin clip page in process (app.request) on both databases: sign-in and roles, the form
// prefilled by the bookmarklet's query, clipping, duplicates, errors and the snapshot view.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { ORIGIN, type SignedIn, signedInAs, form as withToken } from '../../test/helpers/admin.ts';
import { eachDatabase } from '../../test/helpers/databases.ts';
import { PATHS, startNewsSite } from '../../test/helpers/news-site.ts';
import { createApp } from '../app.tsx';
import { loadConfig } from '../config.ts';

let site: Awaited<ReturnType<typeof startNewsSite>>;

before(async () => {
  site = await startNewsSite();
});

after(async () => {
  await site?.close();
});

eachDatabase('admin: Clip a URL', (store) => {
  let app: ReturnType<typeof createApp>['app'];
  let author: SignedIn;
  let moderator: SignedIn;

  const get = (path: string, who?: SignedIn) =>
    app.request(`${ORIGIN}${path}`, { headers: who?.headers ?? {} });
  const post = (who: SignedIn | null, fields: Record<string, string>, token = true) =>
    app.request(`${ORIGIN}/admin/clip`, {
      method: 'POST',
      headers: {
        ...(who?.headers ?? { origin: ORIGIN }),
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: token ? withToken(who, fields) : new URLSearchParams(fields),
    });

  before(async () => {
    const config = { ...loadConfig({}, process.cwd()), fetchAllowPrivate: true, baseUrl: 'http://blog.test' };
    app = createApp({ store: store(), config }).app;
    author = await signedInAs(store(), 'author');
    moderator = await signedInAs(store(), 'moderator');
  });

  it('needs a session, and a role that writes posts', async () => {
    const anonymous = await get('/admin/clip');
    assert.equal(anonymous.status, 302);
    assert.match(anonymous.headers.get('location') ?? '', /^\/admin\/login\?next=%2Fadmin%2Fclip/);
    assert.equal((await get('/admin/clip', moderator)).status, 403);
    assert.equal((await get('/admin/clip/snapshots/1', moderator)).status, 403);
  });

  it('opens prefilled from the bookmarklet, which carries the page address and the selection', async () => {
    const url = site.url(PATHS.story);
    const res = await get(
      `/admin/clip?url=${encodeURIComponent(url)}&note=${encodeURIComponent('A quote')}`,
      author,
    );
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, new RegExp(`name="url" value="${url.replace(/[.]/g, '\\.')}"`));
    assert.match(html, /<textarea id="clip-note" name="note" rows="4">A quote<\/textarea>/);
    const bookmarklet = /class="bookmarklet" href="([^"]+)"/.exec(html)?.[1] ?? '';
    assert.match(bookmarklet, /^javascript:/);
    const code = decodeURI(
      bookmarklet.slice('javascript:'.length).replace(/&amp;/g, '&').replace(/&#39;/g, "'"),
    );
    assert.match(code, /"http:\/\/blog\.test\/admin\/clip"\+'\?url='\+encodeURIComponent\(location\.href\)/);
    assert.match(code, /window\.getSelection\(\)/);
    assert.match(html, /Clip a URL/);
  });

  it('refuses a post without the form token', async () => {
    const res = await post(author, { url: site.url(PATHS.story) }, false);
    assert.equal(res.status, 403);
  });

  let snapshotPath = '';

  it('clips the article into a draft and shows the result', async () => {
    const res = await post(author, { url: site.url(PATHS.story), note: 'Worth reading' });
    assert.equal(res.status, 303);
    const location = res.headers.get('location') ?? '';
    assert.match(location, /^\/admin\/clip\?clipped=\d+$/);
    const page = await (await get(location, author)).text();
    assert.match(page, /Clipped as a draft/);
    assert.match(page, /Governor opens the new river bridge/);
    assert.match(page, /By Sokha Chan · River Times · 9 March 2024/);
    snapshotPath = /href="(\/admin\/clip\/snapshots\/\d+)"/.exec(page)?.[1] ?? '';
    assert.ok(snapshotPath, 'links the snapshot');
    const saved = await store()
      .db.selectFrom('posts')
      .select(['status', 'author_id', 'body_html'])
      .where('title', '=', 'Governor opens the new river bridge')
      .executeTakeFirstOrThrow();
    assert.equal(saved.status, 'draft');
    assert.equal(saved.author_id, author.user.id);
    assert.match(saved.body_html, /^<aside class="editor-note"><p>Worth reading<\/p><\/aside>/);
  });

  it('shows the snapshot read-only to staff', async () => {
    const res = await get(snapshotPath, author);
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, /Snapshot of the original/);
    assert.match(html, /<p>The provincial governor opened the new bridge/);
    assert.match(html, /The new bridge at dawn\./);
    assert.match(html, /Dara Kim/);
    assert.doesNotMatch(html, /<form method="post" action="\/admin\/clip"/, 'nothing to submit');
    assert.equal((await get('/admin/clip/snapshots/999999', author)).status, 404);
  });

  it('says when the article was clipped before, and clips it again only when asked', async () => {
    const again = await post(author, { url: site.url(PATHS.syndicated) });
    assert.equal(again.status, 409);
    const html = await again.text();
    assert.match(html, /Already clipped/);
    assert.match(html, /same text, from another address/);
    assert.match(html, /name="force" value="1"/);
    const forced = await post(author, { url: site.url(PATHS.syndicated), force: '1' });
    assert.equal(forced.status, 303);
  });

  it('explains what cannot be clipped, keeping what was typed', async () => {
    const missing = await post(author, { url: site.url('/gone.html'), note: 'keep me' });
    assert.equal(missing.status, 422);
    const html = await missing.text();
    assert.match(html, /This page cannot be clipped: .*answered 404/);
    assert.match(html, />keep me<\/textarea>/);
    const empty = await post(author, { url: '  ' });
    assert.equal(empty.status, 422);
  });

  it('refuses a private address without telling the editor to set a variable meant for tests', async () => {
    const config = loadConfig({}, process.cwd());
    const strict = createApp({ store: store(), config }).app;
    const res = await strict.request(`${ORIGIN}/admin/clip`, {
      method: 'POST',
      headers: { ...author.headers, 'content-type': 'application/x-www-form-urlencoded' },
      body: withToken(author, { url: site.url('/article.html') }),
    });
    assert.equal(res.status, 422);
    const html = await res.text();
    assert.match(
      html,
      /refused to fetch 127\.0\.0\.1[^<]*Only pages on the public internet can be clipped\./,
    );
    assert.doesNotMatch(html, /GLOSS_|ALLOW_PRIVATE|environment variable/);
  });
});
