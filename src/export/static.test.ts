// The static mirror: every public page as a file, links rewritten to the files, paging and old
// addresses included, nothing private.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { eachDatabase } from '../../test/helpers/databases.ts';
import { createApp } from '../app.tsx';
import { approvedFirstPages, approvedThreadPage } from '../comments/thread.ts';
import { loadConfig } from '../config.ts';
import { runImport } from '../import/run.ts';
import { CORPORA, corpusSkip } from '../import/test-support.ts';
import { createPost } from '../posts/save.ts';
import { writeSettings } from '../settings/settings.ts';
import type { Store } from '../storage/db.ts';
import { exportStatic, fileFor, relativeLink, type StaticExportOptions } from './static.ts';
import { mirrorSearchEntries } from './static-search.ts';

/** Every file under dir, relative, with / separators. */
function filesIn(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
}

/**
 * Follows every link and source of every page in the mirror (href, src, srcset) to a file and
 * returns those that lead nowhere. `root` is the path links are rooted at (null: relative).
 */
function deadLinks(dir: string, root: string | null): string[] {
  const dead: string[] = [];
  for (const file of filesIn(dir).filter((f) => f.endsWith('.html'))) {
    const html = fs.readFileSync(path.join(dir, file), 'utf8');
    const links = [...html.matchAll(/\s(?:href|src)="([^"]*)"/g)].map((m) => m[1]!);
    for (const m of html.matchAll(/\ssrcset="([^"]*)"/g))
      for (const part of m[1]!.split(',')) links.push(part.trim().split(/\s+/)[0]!);
    for (const raw of links) {
      const link = raw.replace(/&amp;/g, '&').replace(/#.*$/, '');
      if (!link || /^[a-z]+:/i.test(link)) continue;
      let target: string;
      if (link.startsWith('/')) {
        if (root === null || !link.startsWith(root)) {
          dead.push(`${file} → ${raw} (rooted)`);
          continue;
        }
        target = decodeURIComponent(link.slice(root.length));
      } else {
        target = path.posix.join(path.posix.dirname(file), decodeURIComponent(link));
      }
      if (target === '' || target.endsWith('/')) target += 'index.html';
      if (!fs.existsSync(path.join(dir, target)) || fs.statSync(path.join(dir, target)).isDirectory())
        dead.push(`${file} → ${raw}`);
    }
  }
  return dead;
}

async function mirror(store: Store, dir: string, more: StaticExportOptions = {}, databaseUrl?: string) {
  const { app, deps } = createApp({ store, config: loadConfig({}, process.cwd()) });
  const redirects = await store.db.selectFrom('redirects').select('from_path').execute();
  const source = {
    app,
    db: store.db,
    chrome: await deps.site.chrome(),
    origin: await deps.origin(),
    databaseUrl,
  };
  return exportStatic(source, dir, {
    start: redirects.map((r) => r.from_path).filter((p) => !p.includes('?')),
    search: await mirrorSearchEntries(store.db, new Date()),
    ...more,
  });
}

const skip = corpusSkip('blogger') || corpusSkip('wordpress');

describe('the file a URL is saved in', () => {
  it('is the one a static host looks for', () => {
    assert.equal(fileFor('/'), 'index.html');
    assert.equal(fileFor('/2017/07/'), '2017/07/index.html');
    assert.equal(fileFor('/2017/07/slug.html'), '2017/07/slug.html');
    assert.equal(fileFor('/search/label/News'), 'search/label/News/index.html');
    assert.equal(
      fileFor('/search/label/%E1%9E%81%E1%9F%92%E1%9E%98%E1%9F%82%E1%9E%9A'),
      'search/label/ខ្មែរ/index.html',
    );
    assert.equal(
      fileFor('/search?updated-max=2017-07-31T00%3A00%3A00.000Z&max-results=7'),
      'search/q/updated-max=2017-07-31T00_3A00_3A00.000Z&max-results=7/index.html',
    );
    assert.equal(fileFor('/feeds/posts/default'), 'feeds/posts/default.atom');
    assert.equal(fileFor('/feeds/posts/default?alt=rss'), 'feeds/posts/default.rss');
    assert.equal(fileFor('/feeds/posts/default/-/News'), 'feeds/posts/default/-/News.atom');
    assert.equal(fileFor('/feed.json'), 'feed.json');
  });
});

describe('a relative link between two files of the mirror', () => {
  it('is the one path.posix.relative gives', () => {
    const files = [
      'index.html',
      '2017/07/slug.html',
      '2017/07/index.html',
      '2017/08/other.html',
      '2016/index.html',
      'search/label/News/index.html',
      'search/label/News/q/updated-max=x/index.html',
      'feeds/posts/default.atom',
      'p/about.html',
    ];
    for (const from of files) {
      for (const to of files) {
        const expected = path.posix.relative(path.posix.dirname(from), to);
        assert.equal(relativeLink(from.split('/'), to.split('/')), expected, `${from} → ${to}`);
      }
    }
  });
});

eachDatabase('exporting a static mirror', (store, _kind, url) => {
  describe('a blog with posts, pages, labels, comments and old addresses', { skip }, () => {
    let dir = '';
    let report: Awaited<ReturnType<typeof exportStatic>>;
    before(async () => {
      await runImport({
        store: store(),
        file: path.join(CORPORA, 'blogger/pelican-bloggerexport.xml'),
        format: 'blogger',
      });
      await runImport({
        store: store(),
        file: path.join(CORPORA, 'wordpress/other-importers/ghost-importer-example.wxr'),
        format: 'wordpress',
      });
      await writeSettings(store().db, { postsPerPage: 2 });
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gloss-static-'));
      report = await mirror(store(), dir, {}, url());
    });

    it('reads each post’s first comment page in bulk as the post page reads it alone', async () => {
      const ids = (await store().db.selectFrom('posts').select('id').execute()).map((p) => p.id);
      const bulk = await approvedFirstPages(store().db, ids);
      let comments = 0;
      for (const id of ids) {
        const one = await approvedThreadPage(store().db, id, {});
        assert.deepEqual(bulk.get(id), one, `post ${id}`);
        comments += one.rows.length;
      }
      assert.ok(comments > 0);
    });

    it('writes every published post and page, and no draft', async () => {
      assert.deepEqual(report.failed, []);
      const posts = await store().db.selectFrom('posts').select(['path', 'status']).execute();
      for (const p of posts) {
        const file = path.join(dir, decodeURIComponent(p.path));
        assert.equal(fs.existsSync(file), p.status === 'published', `${p.path} (${p.status})`);
      }
      assert.match(
        fs.readFileSync(path.join(dir, '2010/11/the-steel-windpipe.html'), 'utf8'),
        /Mishka, always a pleasure/,
      );
      assert.ok(!fs.existsSync(path.join(dir, 'admin')));
    });

    it('follows the older-posts paging and rewrites links to the files', () => {
      const home = fs.readFileSync(path.join(dir, 'index.html'), 'utf8');
      assert.doesNotMatch(home, /href="\/search\?updated-max/);
      const older = /href="(search\/page\/\d+\/index\.html)"/.exec(home)?.[1];
      assert.ok(older, 'the home page links to its older posts as a file, relatively');
      assert.ok(fs.existsSync(path.join(dir, decodeURIComponent(older).replace(/&amp;/g, '&'))));
      assert.ok(fs.existsSync(path.join(dir, 'assets/gloss.css')));
      assert.ok(fs.existsSync(path.join(dir, 'sitemap.xml')));
      assert.match(fs.readFileSync(path.join(dir, 'feeds/posts/default.atom'), 'utf8'), /<feed/);
      assert.match(fs.readFileSync(path.join(dir, 'feeds/posts/default.rss'), 'utf8'), /<rss/);
    });

    it('renders each listing page once: "newer posts" goes back to the page that led there', () => {
      assert.deepEqual(
        filesIn(dir).filter((f) => f.includes('updated-min')),
        [],
      );
    });

    it('has no dead link: every href, src and srcset of every page leads to a file', () => {
      assert.deepEqual(deadLinks(dir, null), []);
    });

    it('keeps search: an index of the published posts and the script every page loads', () => {
      const index = fs.readFileSync(path.join(dir, 'search-index.js'), 'utf8');
      assert.match(index, /^window\.glossSearchIndex = \[/);
      assert.match(index, /The Steel Windpipe/i);
      assert.match(
        fs.readFileSync(path.join(dir, 'index.html'), 'utf8'),
        /<script src="assets\/mirror-search\.js" defer>/,
      );
    });

    it('renders and rewrites nothing the second time', async () => {
      const again = await mirror(store(), dir, {}, url());
      assert.deepEqual(again.writtenFiles, []);
      assert.equal(again.rendered, 0);
      assert.equal(again.removed, 0);
      assert.equal(again.unchanged, report.written);
    });

    it('after one new post, writes only it, its neighbour, its archives and labels, home pages and feeds', async () => {
      const olderPages = () =>
        new Map(
          filesIn(dir)
            .filter((f) => f.startsWith('search/page/'))
            .map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]),
        );
      const pagesBefore = olderPages();
      await createPost(
        store().db,
        {
          title: 'A new clipping',
          bodyHtml: '<p>News.</p>',
          publishedAt: '2030-01-01T00:00:00Z',
          labels: ['Fresh'],
        },
        'UTC',
        { now: new Date('2030-01-01T00:00:00Z') },
      );
      const next = await mirror(store(), dir, {}, url());
      const newest = (await store()
        .db.selectFrom('posts')
        .select('path')
        .where('kind', '=', 'post')
        .where('status', '=', 'published')
        .where('title', '!=', 'A new clipping')
        .orderBy('published_at', 'desc')
        .limit(1)
        .executeTakeFirstOrThrow())!.path.slice(1);
      const expected = [
        /^2030\/01\/a-new-clipping\.html$/,
        new RegExp(`^${newest.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`), // its "newer post" link
        /^index\.html$/,
        /^search\/page\/\d+\/index\.html$/,
        /^2030\/(01\/)?index\.html$/,
        /^search\/label\/Fresh\/index\.html$/,
        /^feeds\/posts\/default(\/-\/Fresh)?\.(atom|rss)$/,
        /^(feed\.json|sitemap\.xml|search-index\.js|sidebar\.js|sidebar\.html)$/,
      ];
      const unexpected = next.writtenFiles.filter((f) => !expected.some((e) => e.test(f)));
      assert.deepEqual(unexpected, []);
      assert.ok(next.writtenFiles.includes('2030/01/a-new-clipping.html'));
      assert.ok(next.writtenFiles.includes('feeds/posts/default.atom'));
      assert.ok(next.rendered <= 8, `${next.rendered} pages rendered`);
      // Older-posts pages keep their addresses: at most the newest two change.
      const pagesAfter = olderPages();
      for (const f of pagesBefore.keys()) assert.ok(pagesAfter.has(f), `${f} is still there`);
      const changed = [...pagesBefore].filter(([f, html]) => pagesAfter.get(f) !== html);
      assert.ok(changed.length <= 2, `${changed.length} older-posts pages changed`);
      assert.deepEqual(deadLinks(dir, null), []);
    });

    it('rewrites the page of a post whose comment was edited, and no other post page', async () => {
      const comment = await store()
        .db.selectFrom('comments')
        .innerJoin('posts', 'posts.id', 'comments.post_id')
        .select(['comments.id', 'posts.path'])
        .where('comments.status', '=', 'approved')
        .where('posts.status', '=', 'published')
        .orderBy('comments.id')
        .executeTakeFirstOrThrow();
      await store()
        .db.updateTable('comments')
        .set({ body_html: '<p>Edited by the moderator.</p>', updated_at: '2031-01-01T00:00:00.000Z' })
        .where('id', '=', comment.id)
        .execute();
      const next = await mirror(store(), dir, {}, url());
      const file = decodeURIComponent(comment.path).slice(1);
      assert.ok(next.writtenFiles.includes(file), `${file} in ${next.writtenFiles.join(', ')}`);
      assert.match(fs.readFileSync(path.join(dir, file), 'utf8'), /Edited by the moderator/);
      const posts = next.writtenFiles.filter((f) => /^\d{4}\/\d{2}\/.+\.html$/.test(f));
      assert.deepEqual(posts, [file]);
    });

    it('renders every page again when a setting changes, and the pages of a renamed label', async () => {
      await writeSettings(store().db, { title: 'A renamed blog' });
      const renamed = await mirror(store(), dir, {}, url());
      assert.ok(renamed.rendered > report.rendered, `${renamed.rendered} of ${report.rendered} rendered`);
      assert.match(fs.readFileSync(path.join(dir, 'index.html'), 'utf8'), /A renamed blog/);
      const label = await store()
        .db.selectFrom('labels')
        .innerJoin('post_labels', 'post_labels.label_id', 'labels.id')
        .innerJoin('posts', 'posts.id', 'post_labels.post_id')
        .select(['labels.id', 'posts.path'])
        .where('posts.status', '=', 'published')
        .where('posts.kind', '=', 'post')
        .where('labels.name', '!=', 'Fresh')
        .executeTakeFirstOrThrow();
      await store().db.updateTable('labels').set({ name: 'Relabelled' }).where('id', '=', label.id).execute();
      const next = await mirror(store(), dir, {}, url());
      const file = decodeURIComponent(label.path).slice(1);
      assert.ok(next.writtenFiles.includes(file), `${file} shows the label`);
      assert.match(fs.readFileSync(path.join(dir, file), 'utf8'), /Relabelled/);
      assert.ok(next.writtenFiles.includes('search/label/Relabelled/index.html'));
      assert.ok(next.rendered < renamed.rendered, `${next.rendered} of ${renamed.rendered} rendered`);
    });

    it('removes the files of a post that went back to draft', async () => {
      await store()
        .db.updateTable('posts')
        .set({ status: 'draft' })
        .where('title', '=', 'A new clipping')
        .execute();
      const last = await mirror(store(), dir, {}, url());
      assert.ok(last.removed >= 1);
      assert.ok(!fs.existsSync(path.join(dir, '2030/01/a-new-clipping.html')));
      assert.deepEqual(deadLinks(dir, null), []);
    });

    it('makes the same files when a render worker renders beside the main thread', async () => {
      const threaded = fs.mkdtempSync(path.join(os.tmpdir(), 'gloss-static-threaded-'));
      const inline = fs.mkdtempSync(path.join(os.tmpdir(), 'gloss-static-inline-'));
      const a = await mirror(store(), threaded, { workers: 1 }, url());
      const b = await mirror(store(), inline, { workers: 0 }, url());
      assert.equal(a.rendered, b.rendered);
      const files = filesIn(inline).filter((f) => f !== '.gloss-mirror');
      assert.deepEqual(
        filesIn(threaded).filter((f) => f !== '.gloss-mirror'),
        files,
      );
      for (const f of files)
        assert.ok(fs.readFileSync(path.join(threaded, f)).equals(fs.readFileSync(path.join(inline, f))), f);
    });

    it('renders on the main thread what a failed render worker could not', async () => {
      const inline = fs.mkdtempSync(path.join(os.tmpdir(), 'gloss-static-inline-'));
      const fallback = fs.mkdtempSync(path.join(os.tmpdir(), 'gloss-static-fallback-'));
      const b = await mirror(store(), inline, { workers: 0 }, url());
      // The worker opens an empty database: it fails, and its batches come back.
      const empty = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gloss-static-empty-')), 'gloss.db');
      const a = await mirror(store(), fallback, { workers: 1 }, empty);
      assert.deepEqual(a.failed, []);
      assert.equal(a.rendered, b.rendered);
      assert.deepEqual(filesIn(fallback), filesIn(inline));
    });

    it('roots links at --base-url instead, with none dead', async () => {
      const rooted = fs.mkdtempSync(path.join(os.tmpdir(), 'gloss-static-rooted-'));
      const r = await mirror(store(), rooted, { baseUrl: 'https://example.org/blog/' }, url());
      assert.deepEqual(r.failed, []);
      assert.match(
        fs.readFileSync(path.join(rooted, 'index.html'), 'utf8'),
        /href="\/blog\/assets\/gloss\.css/,
      );
      assert.deepEqual(deadLinks(rooted, '/blog/'), []);
    });

    it('forwards old WordPress addresses to the new pages', () => {
      const forward = fs.readFileSync(path.join(dir, '2008/05/16/a-video-test/index.html'), 'utf8');
      assert.match(forward, /http-equiv="refresh" content="0; url=\.\.\/\.\.\/a-video-test\.html"/);
      assert.ok(report.redirects > 0);
    });
  });
});
