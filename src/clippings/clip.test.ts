// Clipping end to end on both databases: a local "news site" on 127.0.0.1 (fetched with
// allowPrivate, as GLOSS_FETCH_ALLOW_PRIVATE=1 does), the draft post, its snapshot, duplicates.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { eachDatabase } from '../../test/helpers/databases.ts';
import { startNewsSite } from '../../test/helpers/news-site.ts';
import type { CliIO } from '../cli/command.ts';
import { main } from '../main.ts';
import { clipUrl, hashText, normaliseUrl } from './clip.ts';

describe('clipping a URL', () => {
  let site: Awaited<ReturnType<typeof startNewsSite>>;
  let base = '';

  before(async () => {
    site = await startNewsSite();
    base = site.base;
  });

  after(async () => {
    await site?.close();
  });

  const options = { fetch: { allowPrivate: true }, timeZone: 'Asia/Phnom_Penh' };

  eachDatabase('clip a URL into a draft', (store) => {
    let firstPostId = 0;

    it('stores a draft with the source block, the article, the lead image and a snapshot', async () => {
      const db = store().db;
      const now = new Date('2024-03-10T04:00:00Z');
      const result = await clipUrl(db, `${base}/2024/03/bridge.html`, { ...options, now: () => now });
      assert.equal(result.kind, 'created');
      if (result.kind !== 'created') return;
      const { post } = result;
      firstPostId = post.id;
      assert.equal(post.status, 'draft');
      assert.equal(post.title, 'Governor opens the new river bridge');
      assert.equal(post.published_at, now.toISOString());
      assert.equal(post.path, '/2024/03/governor-opens-the-new-river-bridge.html');
      assert.equal(post.source_title, 'Governor opens the new river bridge');
      assert.deepEqual(JSON.parse(post.source_authors), ['Sokha Chan']);
      assert.equal(post.source_outlet, 'River Times');
      assert.equal(post.source_date, '2024-03-09T08:00:00+07:00');
      assert.equal(post.source_url, `${base}/2024/03/bridge.html`);
      assert.equal(post.image_src, `${base}/img/bridge-800x450.svg`);
      assert.equal(post.image_caption, 'The new bridge at dawn.');
      assert.equal(post.image_credit, 'Dara Kim');
      assert.match(post.body_html, /^<p>The provincial governor opened/);
      assert.doesNotMatch(post.body_html, /Home|World|bridge-800x450/);

      const snapshot = await db
        .selectFrom('clip_snapshots')
        .selectAll()
        .where('id', '=', result.snapshotId)
        .executeTakeFirstOrThrow();
      assert.equal(snapshot.post_id, post.id);
      assert.equal(snapshot.url, `${base}/2024/03/bridge.html`);
      assert.equal(snapshot.canonical_url, `${base}/2024/03/bridge.html`);
      assert.ok(Date.parse(snapshot.fetched_at) > 0);
      assert.match(snapshot.text, /ending a decade of ferry crossings\.\nTraders/);
      assert.match(snapshot.html, /<p>The provincial governor/);
      assert.equal(snapshot.text_hash, hashText(snapshot.text));
      const metadata = JSON.parse(snapshot.metadata);
      assert.equal(metadata.source.outlet, 'River Times');
      assert.equal(metadata.fetch.status, 200);
      assert.equal(metadata.fetch.charset, 'utf-8');
      assert.deepEqual(metadata.page.jsonLdTypes, ['NewsArticle']);
    });

    it('names the earlier post when the same address is clipped again (tracking tags and fragments ignored)', async () => {
      const db = store().db;
      const again = await clipUrl(
        db,
        `${base}/2024/03/bridge.html?utm_source=twitter&utm_medium=social#top`,
        options,
      );
      assert.equal(again.kind, 'duplicate');
      if (again.kind !== 'duplicate') return;
      assert.equal(again.earlier.postId, firstPostId);
      assert.equal(again.earlier.reason, 'url');
      assert.equal(again.earlier.path, '/2024/03/governor-opens-the-new-river-bridge.html');
    });

    it('recognises the same text under another address', async () => {
      const db = store().db;
      const copy = await clipUrl(db, `${base}/wire/12345`, options);
      assert.equal(copy.kind, 'duplicate');
      if (copy.kind !== 'duplicate') return;
      assert.equal(copy.earlier.postId, firstPostId);
      assert.equal(copy.earlier.reason, 'text');
    });

    it('clips a different story, and a duplicate when forced, with the editor’s first note on top', async () => {
      const db = store().db;
      const other = await clipUrl(db, `${base}/2024/03/market.html`, options);
      assert.equal(other.kind, 'created');
      const forced = await clipUrl(db, `${base}/2024/03/bridge.html`, {
        ...options,
        force: true,
        note: 'Compare with <the> ferry story.\n\nSecond thought.',
      });
      assert.equal(forced.kind, 'created');
      if (forced.kind !== 'created') return;
      assert.notEqual(forced.post.path, '/2024/03/governor-opens-the-new-river-bridge.html');
      assert.match(
        forced.post.body_html,
        /^<aside class="editor-note"><p>Compare with &lt;the&gt; ferry story\.<\/p><p>Second thought\.<\/p><\/aside>\n<p>The provincial/,
      );
      assert.equal(
        forced.post.excerpt.startsWith('The provincial governor'),
        true,
        'the note is not the excerpt',
      );
      const count = await db
        .selectFrom('clip_snapshots')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirst();
      assert.equal(Number(count?.n), 3);
    });

    it('reports what cannot be clipped without storing anything', async () => {
      const db = store().db;
      await assert.rejects(clipUrl(db, `${base}/nothing-here`, options), /answered 404/);
      await assert.rejects(clipUrl(db, `${base}/2024/03/bridge.html`, { ...options, fetch: {} }), /refused/);
      const count = await db
        .selectFrom('posts')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirst();
      assert.equal(Number(count?.n), 3);
    });
  });

  describe('gloss clip', () => {
    let dir: string;
    const run = async (args: string[], env: Record<string, string> = {}) => {
      const out: string[] = [];
      const err: string[] = [];
      const io: CliIO = {
        out: (line) => out.push(line),
        err: (line) => err.push(line),
        readStdin: async () => '',
        isTTY: false,
        env: { DATABASE_URL: path.join(dir, 'blog.db'), GLOSS_FETCH_ALLOW_PRIVATE: '1', ...env },
        cwd: dir,
      };
      const code = await main(['clip', ...args], io);
      return { code, out: out.join('\n'), err: err.join('\n') };
    };

    before(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gloss-clip-'));
    });
    after(() => {
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('--json prints the clipping and stores nothing', async () => {
      const { code, out } = await run([`${base}/2024/03/bridge.html`, '--json']);
      assert.equal(code, 0);
      const json = JSON.parse(out);
      assert.deepEqual(Object.keys(json), ['title', 'source', 'image', 'bodyHtml', 'excerpt']);
      assert.deepEqual(json.source, {
        title: 'Governor opens the new river bridge',
        authors: ['Sokha Chan'],
        outlet: 'River Times',
        date: '2024-03-09T08:00:00+07:00',
        url: `${base}/2024/03/bridge.html`,
      });
      assert.deepEqual(json.image, {
        src: `${base}/img/bridge-800x450.svg`,
        caption: 'The new bridge at dawn.',
        credit: 'Dara Kim',
      });
      assert.match(json.bodyHtml, /^<p>The provincial governor/);
      assert.equal(fs.existsSync(path.join(dir, 'blog.db')), false, 'no database was even opened');
    });

    it('stores a draft and prints its path; a second clip names the first', async () => {
      const first = await run([`${base}/2024/03/bridge.html`]);
      assert.equal(first.code, 0, first.err);
      assert.match(
        first.out,
        /^\/\d{4}\/\d{2}\/governor-opens-the-new-river-bridge\.html$/,
        'dated by the day it was clipped',
      );
      assert.match(first.err, /Stored the draft “Governor opens the new river bridge” from River Times/);
      const second = await run([`${base}/2024/03/bridge.html`]);
      assert.equal(second.code, 1);
      assert.match(
        second.err,
        /already clipped \(the same address\) as “Governor opens the new river bridge” \(draft\)/,
      );
    });

    it('refuses internal addresses unless GLOSS_FETCH_ALLOW_PRIVATE=1, and says why', async () => {
      const { code, err } = await run([`${base}/2024/03/bridge.html`, '--json'], {
        GLOSS_FETCH_ALLOW_PRIVATE: '',
      });
      assert.equal(code, 1);
      assert.match(err, /refused to fetch 127\.0\.0\.1: it is a private or reserved IPv4 address/);
      const usage = await run([]);
      assert.equal(usage.code, 2);
    });
  });
});

describe('normaliseUrl', () => {
  it('drops fragments and tracking parameters, keeps the rest', () => {
    assert.equal(
      normaliseUrl('https://News.Example:443/a/b.html?id=3&utm_source=x&fbclid=y#c'),
      'https://news.example/a/b.html?id=3',
    );
  });
});
