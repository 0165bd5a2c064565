import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { eachDatabase } from '../../test/helpers/databases.ts';
import { createApp } from '../app.tsx';
import { loadConfig } from '../config.ts';
import { writeSettings } from '../settings/settings.ts';
import { openStore } from '../storage/db.ts';
import { createPost } from './save.ts';

const ZONE = 'Asia/Phnom_Penh';

eachDatabase('public pages', (store, kind) => {
  let app: ReturnType<typeof createApp>['app'];
  const get = (path: string, headers: Record<string, string> = {}) =>
    app.request(`http://blog.test${path}`, { headers });

  before(async () => {
    const db = store().db;
    await writeSettings(db, {
      title: 'Paris Peace Accords 23 Oct. 1991',
      timeZone: ZONE,
      postsPerPage: 2,
      publicAddress: 'http://blog.test',
    });
    await createPost(
      db,
      {
        title: 'Hun Sen to visit Japan',
        publishedAt: '2017-07-31T05:00:00Z',
        bodyHtml:
          '<aside class="editor-note"><p>is this the same scholar?</p></aside><p>Prime Minister Hun Sen will visit.</p>' +
          '<p>Trade <span class="editor-note">sic</span> matters.</p>',
        labels: ['Japan', 'Cambodia'],
        image: {
          src: 'https://example.org/abe.jpg',
          caption: 'Shinzo Abe in Tokyo.',
          credit: 'AFP',
          alt: 'Shinzo Abe',
        },
        source: {
          title: 'Hun Sen to visit Japan next month',
          authors: ['Chheang Vannarith'],
          outlet: 'Khmer Times',
          date: '2017-07-31',
          url: 'https://www.khmertimeskh.com/news/1/',
        },
      },
      ZONE,
    );
    await createPost(
      db,
      { title: 'Second July post', publishedAt: '2017-07-31T09:00:00Z', bodyHtml: '<p>b</p>' },
      ZONE,
    );
    await createPost(
      db,
      { title: 'An August post', publishedAt: '2017-08-02T09:00:00Z', bodyHtml: '<p>c</p>' },
      ZONE,
    );
    await createPost(db, { title: 'A draft', status: 'draft', bodyHtml: '<p>d</p>' }, ZONE);
    await createPost(db, { kind: 'page', title: 'About', bodyHtml: '<p>About this blog</p>' }, ZONE);
    const post = await db
      .selectFrom('posts')
      .select('id')
      .where('title', '=', 'Hun Sen to visit Japan')
      .executeTakeFirstOrThrow();
    const at = '2017-08-01T07:05:00Z';
    const base = {
      post_id: post.id,
      author_email: null,
      author_url: null,
      author_user_id: null,
      ip_hash: null,
      user_agent: null,
      spam_reason: null,
      created_at: at,
      updated_at: at,
      external_id: null,
    };
    const first = await db
      .insertInto('comments')
      .values({
        ...base,
        parent_id: null,
        author_name: 'Sok',
        body_text: 'First',
        body_html: '<p>First</p>',
        status: 'approved',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('comments')
      .values({
        ...base,
        parent_id: first.id,
        author_name: 'Dara',
        body_text: 'Reply',
        body_html: '<p>Reply</p>',
        status: 'approved',
      })
      .execute();
    await db
      .insertInto('comments')
      .values({
        ...base,
        parent_id: null,
        author_name: 'Spammer',
        body_text: 'buy',
        body_html: '<p>buy</p>',
        status: 'spam',
      })
      .execute();
    app = createApp({ store: store(), config: loadConfig({}, process.cwd()) }).app;
  });

  it('home lists posts newest first under Blogger date headers, with paging', async () => {
    const res = await get('/');
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, /<h2 class="date-header">Wednesday, August 2, 2017<\/h2>/);
    assert.match(html, /<h2 class="date-header">Monday, July 31, 2017<\/h2>/);
    assert.ok(html.indexOf('An August post') < html.indexOf('Second July post'));
    assert.doesNotMatch(html, /A draft/);
    const older = /href="(\/search\?updated-max=[^"]+)"[^>]*>Older posts/.exec(html);
    assert.ok(older, 'an Older posts link');
    const page2 = await (await get(older[1]!.replaceAll('&amp;', '&'))).text();
    assert.match(page2, /Hun Sen to visit Japan/);
    assert.match(page2, /Newer posts/);
    assert.doesNotMatch(page2, /An August post/);
  });

  it('a post page shows every part of a clipping', async () => {
    const res = await get('/2017/07/hun-sen-to-visit-japan.html');
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, /<h1 class="post-title p-name">Hun Sen to visit Japan<\/h1>/);
    assert.match(html, /Monday, July 31, 2017/);
    assert.match(html, /<img src="https:\/\/example.org\/abe.jpg" alt="Shinzo Abe"/);
    assert.match(html, /Shinzo Abe in Tokyo\.<span class="credit">AFP<\/span>/);
    assert.match(html, /<cite class="source-title">Hun Sen to visit Japan next month<\/cite>/);
    assert.match(html, /By <a href="\/source\/Khmer%20Times\/Chheang%20Vannarith\/">Chheang Vannarith<\/a>/);
    assert.match(html, /Khmer Times/);
    assert.match(html, /31 July 2017/);
    assert.match(html, /href="https:\/\/www.khmertimeskh.com\/news\/1\/"/);
    assert.match(html, /<aside class="editor-note"><p>is this the same scholar\?<\/p><\/aside>/);
    assert.match(html, /<span class="editor-note">sic<\/span>/);
    assert.match(html, /href="\/search\/label\/Japan"/);
    assert.match(html, /<h2 id="comments-heading">2 comments<\/h2>/);
    assert.match(html, /id="c\d+"[\s\S]*First[\s\S]*class="comment-replies"[\s\S]*Reply/);
    assert.doesNotMatch(html, /Spammer/);
    assert.match(html, /Post a Comment/);
    assert.match(
      html,
      /<link rel="canonical" href="http:\/\/blog.test\/2017\/07\/hun-sen-to-visit-japan.html"/,
    );
  });

  it('says "No comments" and "1 comment" as Blogger does', async () => {
    const html = await (await get('/2017/07/second-july-post.html')).text();
    assert.match(html, /<h2 id="comments-heading">No comments<\/h2>/);
  });

  it('serves archives, labels and static pages at Blogger paths', async () => {
    const month = await (await get('/2017/07/')).text();
    assert.match(month, /July 2017/);
    assert.match(month, /Hun Sen to visit Japan/);
    assert.doesNotMatch(month, /An August post/);
    const year = await get('/2017/');
    assert.equal(year.status, 200);
    assert.equal((await get('/2017/07')).headers.get('location'), '/2017/07/');
    assert.equal((await get('/2017_07_01_archive.html')).headers.get('location'), '/2017/07/');
    const label = await (await get('/search/label/Japan')).text();
    assert.match(label, /Posts with the label Japan/);
    assert.match(label, /Hun Sen to visit Japan/);
    assert.doesNotMatch(label, /Second July post/);
    const page = await (await get('/p/about.html')).text();
    assert.match(page, /About this blog/);
    assert.doesNotMatch(page, /comments-heading/, 'pages have no comment section');
    const home = await (await get('/')).text();
    assert.match(home, /href="\/2017\/">2017<\/a> <span class="count">\(3\)/);
    assert.match(home, /href="\/2017\/07\/">July<\/a> <span class="count">\(2\)/);
    assert.match(home, /<a href="\/p\/about.html">About<\/a>/);
  });

  it('answers unknown paths with a helpful 404, and follows stored redirects', async () => {
    const res = await get('/2017/07/no-such-post.html');
    assert.equal(res.status, 404);
    assert.match(await res.text(), /does not exist[\s\S]*Search this blog[\s\S]*Recent posts/);
    assert.equal((await get('/1999/')).status, 404);
    await store()
      .db.insertInto('redirects')
      .values({ from_path: '/old/path/', to_path: '/p/about.html', status: 301 })
      .execute();
    const moved = await get('/old/path/');
    assert.equal(moved.status, 301);
    assert.equal(moved.headers.get('location'), '/p/about.html');
  });

  it('sends security headers and answers conditional GETs with 304', async () => {
    const res = await get('/2017/07/second-july-post.html');
    assert.match(res.headers.get('content-security-policy') ?? '', /script-src 'self'/);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    const etag = res.headers.get('etag');
    assert.ok(etag);
    const again = await get('/2017/07/second-july-post.html', { 'if-none-match': etag });
    assert.equal(again.status, 304);
  });

  it('shows a write made by another process at once, even from the page cache', async () => {
    const before = await (await get('/')).text();
    assert.doesNotMatch(before, /Written elsewhere/);
    // A second connection, as the CLI would open while the server runs.
    const other = await openStore(kind === 'sqlite' ? store().sqlite!.name : await pgUrlOf(store()));
    try {
      await createPost(other.db, { title: 'Written elsewhere', bodyHtml: '<p>e</p>' }, ZONE);
    } finally {
      await other.close();
    }
    const after = await (await get('/')).text();
    assert.match(after, /Written elsewhere/);
  });
});

async function pgUrlOf(store: { db: import('kysely').Kysely<import('../storage/schema.ts').Database> }) {
  const { sql } = await import('kysely');
  const { rows } = await sql<{ name: string }>`SELECT current_database() AS name`.execute(store.db);
  const url = new URL(process.env.GLOSS_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  url.pathname = `/${rows[0]!.name}`;
  return url.toString();
}
