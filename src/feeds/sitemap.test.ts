// The sitemap splits into a sitemap index past 50,000 addresses (tested for real on SQLite, where
// 50,000 rows load in a blink; the paging itself on both databases with a smaller limit).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eachDatabase, freshDatabase } from '../../test/helpers/databases.ts';
import { createApp } from '../app.tsx';
import { loadConfig } from '../config.ts';
import { createPost } from '../posts/save.ts';
import { SITEMAP_LIMIT, sitemap } from './sitemap.ts';

const BASE = 'http://blog.test';

eachDatabase('sitemap pages', (store) => {
  before(async () => {
    for (let i = 1; i <= 6; i++) {
      await createPost(store().db, { title: `Post ${i}`, bodyHtml: `<p>Body ${i}</p>` }, 'UTC');
    }
    await createPost(store().db, { title: 'Draft', status: 'draft', bodyHtml: '<p>x</p>' }, 'UTC');
  });

  it('lists the home page and every published post once across its pages', async () => {
    const index = await sitemap(store().db, BASE, undefined, 3);
    assert.match(index!.xml, /<sitemapindex /);
    const pages = [...index!.xml.matchAll(/<loc>([^<]+)<\/loc><lastmod>/g)].map((m) => m[1]);
    assert.deepEqual(
      pages,
      [1, 2, 3].map((p) => `${BASE}/sitemap.xml?page=${p}`),
    );
    const locs: string[] = [];
    for (let p = 1; p <= 3; p++) {
      const page = await sitemap(store().db, BASE, p, 3);
      locs.push(...[...page!.xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]!));
    }
    assert.equal(locs.length, 7);
    assert.equal(new Set(locs).size, 7);
    assert.equal(locs[0], `${BASE}/`);
    assert.equal(await sitemap(store().db, BASE, 4, 3), undefined);
    assert.equal(await sitemap(store().db, BASE, 0, 3), undefined);
  });
});

describe('sitemap past 50,000 addresses [sqlite]', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  before(async () => {
    db = await freshDatabase('sqlite');
    const insert = db.store.sqlite!.prepare(
      `INSERT INTO posts (kind, status, title, slug, path, body_html, excerpt, published_at, created_at, updated_at, source_authors)
       VALUES ('post', 'published', ?, ?, ?, '', '', ?, ?, ?, '[]')`,
    );
    db.store.sqlite!.transaction(() => {
      // With the home page, one address more than a sitemap file may hold.
      for (let i = 0; i < SITEMAP_LIMIT; i++) {
        const at = new Date(Date.UTC(2010, 0, 1) + i * 60_000).toISOString();
        insert.run(`Post ${i}`, `post-${i}`, `/2010/01/post-${i}.html`, at, at, at);
      }
    })();
  });
  after(() => db.drop());

  it('becomes an index of two sitemaps, the second holding the last post', async () => {
    const { app } = createApp({
      store: db.store,
      config: { ...loadConfig({}, process.cwd()), baseUrl: BASE },
    });
    const index = await (await app.request(`${BASE}/sitemap.xml`)).text();
    assert.match(index, /<sitemapindex xmlns="http:\/\/www\.sitemaps\.org\/schemas\/sitemap\/0\.9">/);
    assert.equal([...index.matchAll(/<sitemap>/g)].length, 2);
    const first = await (await app.request(`${BASE}/sitemap.xml?page=1`)).text();
    assert.equal([...first.matchAll(/<url>/g)].length, SITEMAP_LIMIT);
    const second = await (await app.request(`${BASE}/sitemap.xml?page=2`)).text();
    assert.deepEqual(
      [...second.matchAll(/<loc>([^<]+)<\/loc><lastmod>([^<]+)<\/lastmod>/g)].map((m) => [m[1], m[2]]),
      [
        [
          `${BASE}/2010/01/post-${SITEMAP_LIMIT - 1}.html`,
          new Date(Date.UTC(2010, 0, 1) + (SITEMAP_LIMIT - 1) * 60_000).toISOString(),
        ],
      ],
    );
    assert.equal((await app.request(`${BASE}/sitemap.xml?page=3`)).status, 404);
    assert.equal((await app.request(`${BASE}/sitemap.xml?page=x`)).status, 404);
  });
});
