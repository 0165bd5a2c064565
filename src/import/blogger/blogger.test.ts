// The Blogger import against every real export in ../shared/corpora/blogger/ (counts checked
// against the file with plain regular expressions, not the importer's parser), a hand-made Takeout
// feed.atom, and a generated export with threaded comments; on SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { eachDatabase } from '../../../test/helpers/databases.ts';
import { createApp } from '../../app.tsx';
import { loadConfig } from '../../config.ts';
import { createPost } from '../../posts/save.ts';
import { readSettings } from '../../settings/settings.ts';
import { ImportError } from '../errors.ts';
import { runImport } from '../run.ts';
import {
  bloggerEntries,
  CORPORA,
  corpusFiles,
  corpusSkip,
  countWhere,
  fingerprint,
  resetContent,
} from '../test-support.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const TAKEOUT = path.join(here, 'fixtures', 'takeout-feed.atom');
const FILES = corpusFiles('blogger');
const BROKEN = new Set(['jekyll-import-snippet-broken-1.xml', 'jekyll-import-snippet-broken-2.xml']);
const skip = corpusSkip('blogger');

/** From ../shared/corpora/blogger/SOURCE.md: post/page/comment counts and drafts, as published there. */
const SOURCE_TABLE: Record<string, [number, number, number, number]> = {
  'pelican-bloggerexport.xml': [2, 2, 1, 2],
  'ghost-importer-blogger.xml': [4, 1, 13, 0],
  'blogger2jekyll-blog-03-28-2014.xml': [19, 0, 20, 0],
  'blogger2jekyll-blog-formatted.xml': [22, 0, 20, 3],
  'hakyll-convert-blogger-000.xml': [3, 0, 1, 1],
  'hakyll-convert-blogger-002.xml': [3, 0, 1, 1],
  'jekyll-import-snippet-read-entries.xml': [3, 0, 0, 0],
};

eachDatabase('importing Blogger exports', (store, kind) => {
  describe('every file of the corpus', { skip }, () => {
    for (const file of FILES.filter((f) => !BROKEN.has(path.basename(f)))) {
      const name = path.basename(file);
      it(`imports ${name} with the counts the file holds`, async () => {
        await resetContent(store());
        const xml = fs.readFileSync(file, 'utf8');
        const entries = bloggerEntries(xml);
        const posts = entries.filter((e) => e.kind === 'post');
        const pages = entries.filter((e) => e.kind === 'page');
        const comments = entries.filter((e) => e.kind === 'comment');
        const drafts = entries.filter((e) => (e.kind === 'post' || e.kind === 'page') && e.draft);
        assert.deepEqual([posts.length, pages.length, comments.length, drafts.length], SOURCE_TABLE[name]);

        const summary = await runImport({ store: store(), file, format: 'blogger' });
        assert.equal(summary.posts.created, posts.length);
        assert.equal(summary.pages.created, pages.length);
        assert.equal(summary.comments.created, comments.length);
        assert.equal(summary.drafts, drafts.length);
        assert.equal(await countWhere(store(), 'posts', "kind = 'post'"), posts.length);
        assert.equal(await countWhere(store(), 'posts', "kind = 'page'"), pages.length);
        assert.equal(await countWhere(store(), 'posts', "status = 'draft'"), drafts.length);
        assert.equal(await countWhere(store(), 'comments', "status = 'approved'"), comments.length);
        const labels = new Set(
          entries.filter((e) => e.kind === 'post' || e.kind === 'page').flatMap((e) => e.labels),
        );
        assert.equal(await countWhere(store(), 'labels'), labels.size);

        const db = store().db;
        for (const e of [...posts, ...pages]) {
          if (!e.id) continue;
          const row = await db
            .selectFrom('posts')
            .select(['id', 'path', 'published_at', 'published_zone'])
            .where('external_id', '=', e.id)
            .executeTakeFirstOrThrow();
          if (e.alternate && /\.html$/.test(e.alternate))
            assert.equal(row.path, new URL(e.alternate).pathname);
          assert.equal(row.published_at, new Date(e.published!).toISOString());
          assert.equal(row.published_zone, e.published!.endsWith('Z') ? '+00:00' : e.published!.slice(-6));
          const stored = await db
            .selectFrom('post_labels')
            .innerJoin('labels', 'labels.id', 'post_labels.label_id')
            .select('labels.name')
            .where('post_labels.post_id', '=', row.id)
            .execute();
          assert.deepEqual(stored.map((l) => l.name).sort(), [...new Set(e.labels)].sort());
        }
        // Each comment hangs under the post its thr:in-reply-to names (pages are named ".post-N").
        for (const c of comments) {
          const row = await db
            .selectFrom('comments')
            .innerJoin('posts', 'posts.id', 'comments.post_id')
            .select(['posts.external_id', 'comments.parent_id'])
            .where('comments.external_id', '=', c.id!)
            .executeTakeFirstOrThrow();
          assert.ok(
            [c.ref, c.ref!.replace('.post-', '.page-')].includes(row.external_id),
            `${c.id} → ${c.ref}`,
          );
          assert.equal(row.parent_id, null);
        }
        const title = /settings\.BLOG_NAME\s*<\/id>[\s\S]*?<content[^>]*>([^<]*)</.exec(xml)?.[1];
        if (title) assert.equal((await readSettings(db)).title, title.trim());
      });
    }

    it('reads the undeclared app: prefix of pelican-bloggerexport.xml, and says so', async () => {
      await resetContent(store());
      const summary = await runImport({
        store: store(),
        file: corpus('pelican-bloggerexport.xml'),
        format: 'blogger',
      });
      assert.ok(
        summary.notes.some((n) =>
          /prefix "app:" is used without being declared \(first at line 973\)/.test(n),
        ),
      );
      assert.equal(summary.drafts, 2);
    });

    it('recovers blogger2jekyll-blog-formatted.xml, which lost a start tag, and says where', async () => {
      await resetContent(store());
      const summary = await runImport({
        store: store(),
        file: corpus('blogger2jekyll-blog-formatted.xml'),
        format: 'blogger',
      });
      assert.ok(summary.notes.some((n) => /stray <\/entry> at line 2185, column \d+/.test(n)));
      assert.ok(
        [...summary.skipped.keys()].some((k) => /template entry without its <entry> start tag/.test(k)),
      );
    });

    for (const [name, message] of [
      ['jekyll-import-snippet-broken-1.xml', /line 1, column \d+: this is not an XML file/],
      ['jekyll-import-snippet-broken-2.xml', /line 1, column \d+: this is not a Blogger export: .*<aaa>/],
    ] as const) {
      it(`refuses ${name} with the line, the column and the reason, storing nothing`, async () => {
        await resetContent(store());
        const before = await fingerprint(store());
        await assert.rejects(
          runImport({ store: store(), file: corpus(name), format: 'blogger' }),
          (err: Error) => {
            assert.ok(err instanceof ImportError);
            assert.match(err.message, message);
            return true;
          },
        );
        assert.equal(await fingerprint(store()), before);
      });
    }

    it('changes nothing when the same file is imported again', async () => {
      await resetContent(store());
      const file = corpus('blogger2jekyll-blog-03-28-2014.xml');
      await runImport({ store: store(), file, format: 'blogger' });
      const before = await fingerprint(store());
      const version = await store().contentVersion();
      const again = await runImport({ store: store(), file, format: 'blogger' });
      assert.deepEqual(again.posts, { created: 0, updated: 0, unchanged: 19 });
      assert.deepEqual(again.comments, { created: 0, updated: 0, unchanged: 20 });
      assert.equal(await fingerprint(store()), before);
      assert.equal(await store().contentVersion(), version);
    });

    it('updates only what a newer export changed', async () => {
      await resetContent(store());
      const original = corpus('pelican-bloggerexport.xml');
      await runImport({ store: store(), file: original, format: 'blogger' });
      const newer = tmpFile(
        'newer.xml',
        fs
          .readFileSync(original, 'utf8')
          .replace(
            '<title type="text">The Steel Windpipe</title>',
            '<title type="text">The Steel Windpipe (revised)</title>',
          )
          .replace('It was a cold Winter&#39;s night.', 'It was a very cold night.'),
      );
      const summary = await runImport({ store: store(), file: newer, format: 'blogger' });
      assert.deepEqual(summary.posts, { created: 0, updated: 1, unchanged: 1 });
      assert.deepEqual(summary.pages, { created: 0, updated: 0, unchanged: 2 });
      const post = await store()
        .db.selectFrom('posts')
        .select(['title', 'path'])
        .where('external_id', 'like', '%post-1858599377741856733')
        .executeTakeFirstOrThrow();
      assert.equal(post.title, 'The Steel Windpipe (revised)');
      assert.equal(post.path, '/2010/11/the-steel-windpipe.html');
    });

    it('leaves the database as it was when the file breaks off half way', async () => {
      await resetContent(store());
      await runImport({ store: store(), file: corpus('pelican-bloggerexport.xml'), format: 'blogger' });
      const before = await fingerprint(store());
      const full = fs.readFileSync(corpus('blogger2jekyll-blog-03-28-2014.xml'), 'utf8');
      const cut = tmpFile('cut.xml', full.slice(0, Math.floor(full.length * 0.7)));
      await assert.rejects(
        runImport({ store: store(), file: cut, format: 'blogger' }),
        /line \d+, column \d+: .*truncated/,
      );
      assert.equal(await fingerprint(store()), before);
    });

    it('counts everything in a dry run and stores nothing', async () => {
      await resetContent(store());
      const before = await fingerprint(store());
      const summary = await runImport({
        store: store(),
        file: corpus('ghost-importer-blogger.xml'),
        format: 'blogger',
        dryRun: true,
      });
      assert.equal(summary.posts.created, 4);
      assert.equal(summary.comments.created, 13);
      assert.equal(await fingerprint(store()), before);
    });

    it('keeps a post whose path is taken at a free path, with a redirect, and serves the blog', async () => {
      await resetContent(store());
      await createPost(
        store().db,
        {
          title: 'Someone else',
          bodyHtml: '<p>x</p>',
          status: 'draft',
          path: '/2010/11/the-steel-windpipe.html',
          publishedAt: '2010-11-01T00:00:00Z',
        },
        'UTC',
      );
      const summary = await runImport({
        store: store(),
        file: corpus('pelican-bloggerexport.xml'),
        format: 'blogger',
      });
      assert.equal(summary.moved.length, 1);
      const { app } = createApp({ store: store(), config: loadConfig({}, process.cwd()) });
      const moved = await app.request('/2010/11/the-steel-windpipe.html');
      assert.equal(moved.status, 301);
      assert.equal(moved.headers.get('location'), '/2010/11/the-steel-windpipe_2.html');
      const page = await app.request('/2010/11/the-steel-windpipe_2.html');
      assert.equal(page.status, 200);
      const html = await page.text();
      assert.match(html, /The Steel Windpipe/);
      assert.match(html, /Mishka, always a pleasure to read your adventures!/);
      assert.equal((await app.request('/p/test-page.html')).status, 200);
    });
  });

  describe('a Takeout feed.atom', () => {
    before(async () => {
      await resetContent(store());
    });

    it('reads types, statuses, file names, labels and threads', async () => {
      const summary = await runImport({ store: store(), file: TAKEOUT, format: 'blogger' });
      assert.deepEqual(summary.posts, { created: 3, updated: 0, unchanged: 0 });
      assert.deepEqual(summary.pages, { created: 1, updated: 0, unchanged: 0 });
      assert.equal(summary.comments.created, 3);
      const db = store().db;
      const posts = await db.selectFrom('posts').selectAll().orderBy('external_id').execute();
      const byId = (n: string) => posts.find((p) => p.external_id!.endsWith(n))!;
      assert.equal(byId('post-1001').path, '/2019/03/paris-peace-accords-remembered.html');
      assert.equal(byId('post-1001').status, 'published');
      assert.equal(byId('post-1001').published_zone, '+07:00');
      assert.equal(byId('post-1001').published_at, '2019-03-01T10:30:00.000Z');
      assert.match(byId('post-1001').body_html, /<aside class="editor-note">/);
      assert.equal(byId('post-1002').status, 'draft');
      assert.equal(byId('post-1002').path, '/2019/04/unfinished-the-1993-elections.html');
      assert.ok(byId('post-1003').trashed_at);
      assert.equal(byId('page-2001').path, '/p/about.html');
      assert.equal((await readSettings(db)).title, 'Takeout Clippings');

      const comments = await db.selectFrom('comments').selectAll().execute();
      const c = (n: string) => comments.find((x) => x.external_id!.endsWith(n))!;
      assert.equal(c('post-9003').parent_id, c('post-9001').id);
      assert.equal(c('post-9001').parent_id, null);
      assert.equal(c('post-9002').status, 'deleted');
      assert.doesNotMatch(c('post-9001').body_html, /script/);
      const { app } = createApp({ store: store(), config: loadConfig({}, process.cwd()) });
      const html = await (await app.request('/2019/03/paris-peace-accords-remembered.html')).text();
      assert.match(html, /I agree with/);
      assert.doesNotMatch(html, /Cheap watches/);
      assert.equal((await app.request('/2019/02/a-post-the-editor-deleted.html')).status, 404);
    });
  });

  describe('the clock', () => {
    it('tells scheduled posts and dates new authors by the import’s now, not the machine’s', async () => {
      await resetContent(store());
      const file = tmpFile(
        'clock.xml',
        `<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns='http://www.w3.org/2005/Atom'><id>tag:blogger.com,1999:blog-77</id><title>Clock</title>
<entry><id>tag:blogger.com,1999:blog-77.post-1</id><published>2030-06-01T09:00:00.000+07:00</published>
<updated>2030-06-01T09:00:00.000+07:00</updated>
<category scheme='http://schemas.google.com/g/2005#kind' term='http://schemas.google.com/blogger/2008/kind#post'/>
<title type='text'>Next year</title><content type='html'>&lt;p&gt;Soon.&lt;/p&gt;</content>
<author><name>Vanna</name><uri>https://example.org/vanna</uri></author></entry></feed>`,
      );
      const before2030 = new Date('2029-12-31T00:00:00.000Z');
      const summary = await runImport({ store: store(), file, format: 'blogger', now: () => before2030 });
      assert.equal(summary.scheduled, 1);
      const author = await store().db.selectFrom('users').selectAll().executeTakeFirstOrThrow();
      assert.equal(author.created_at, before2030.toISOString());
      await resetContent(store());
      const after2030 = new Date('2031-01-01T00:00:00.000Z');
      assert.equal(
        (await runImport({ store: store(), file, format: 'blogger', now: () => after2030 })).scheduled,
        0,
      );
    });
  });

  describe('a file that names an entry twice', () => {
    it('keeps the first and says it skipped the second', async () => {
      await resetContent(store());
      const xml = fs.readFileSync(TAKEOUT, 'utf8');
      const post = /<entry>\s*<id>tag:blogger\.com,1999:blog-5550001\.post-1001<\/id>[\s\S]*?<\/entry>/.exec(
        xml,
      )![0];
      const comment =
        /<entry>\s*<id>tag:blogger\.com,1999:blog-5550001\.post-9001<\/id>[\s\S]*?<\/entry>/.exec(xml)![0];
      const twice = xml.replace(
        '</feed>',
        `${post.replace('remembered</title>', 'again</title>')}\n${comment}\n</feed>`,
      );
      const summary = await runImport({
        store: store(),
        file: tmpFile('twice.atom', twice),
        format: 'blogger',
      });
      assert.equal(summary.posts.created, 3);
      assert.equal(summary.comments.created, 3);
      assert.equal(summary.skipped.get('post: a second entry with the id of an earlier one'), 1);
      assert.equal(summary.skipped.get('comment: a second entry with the id of an earlier one'), 1);
      const title = await store()
        .db.selectFrom('posts')
        .select('title')
        .where('external_id', '=', 'tag:blogger.com,1999:blog-5550001.post-1001')
        .executeTakeFirstOrThrow();
      assert.equal(title.title, 'Paris Peace Accords remembered');
    });
  });

  describe('a generated export with threaded comments', () => {
    let file = '';
    let expected = { posts: 0, comments: 0 };
    before(() => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), `gloss-gen-${kind}-`));
      const generator = path.join(CORPORA, '..', 'bench', 'gen-corpus.mjs');
      if (!fs.existsSync(generator)) return;
      const out = execFileSync(process.execPath, [generator, dir, '--count=120', '--format=blogger-atom'], {
        encoding: 'utf8',
      });
      expected = JSON.parse(out) as typeof expected;
      file = path.join(dir, 'blogger-export.xml');
    });

    it('ties each reply to its parent through rel="related", whatever the order', async (t) => {
      if (!file) return t.skip('the corpus generator is not in ../shared/bench');
      await resetContent(store());
      const summary = await runImport({ store: store(), file, format: 'blogger' });
      assert.equal(summary.posts.created, expected.posts);
      assert.equal(summary.comments.created, expected.comments);
      const entries = bloggerEntries(fs.readFileSync(file, 'utf8')).filter((e) => e.kind === 'comment');
      const replies = entries.filter((e) => e.parent);
      assert.ok(replies.length > 5, 'the generator writes some replies');
      const rows = await store()
        .db.selectFrom('comments as c')
        .leftJoin('comments as p', 'p.id', 'c.parent_id')
        .select(['c.external_id as id', 'p.external_id as parent'])
        .execute();
      const parentOf = new Map(rows.map((r) => [r.id, r.parent]));
      for (const e of entries) {
        const blog = /blog-(\d+)/.exec(e.id!)![1];
        assert.equal(
          parentOf.get(e.id!),
          e.parent ? `tag:blogger.com,1999:blog-${blog}.post-${e.parent}` : null,
        );
      }
      assert.equal(summary.orphanReplies, 0);
    });
  });
});

function corpus(name: string): string {
  return path.join(CORPORA, 'blogger', name);
}

function tmpFile(name: string, text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gloss-import-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}
