// The static mirror: every public page as a file, links rewritten to the files, paging and old
// addresses included, nothing private.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { eachDatabase } from '../../test/helpers/databases.ts';
import { createApp } from '../app.tsx';
import { loadConfig } from '../config.ts';
import { runImport } from '../import/run.ts';
import { CORPORA, corpusSkip } from '../import/test-support.ts';
import { writeSettings } from '../settings/settings.ts';
import { exportStatic, fileFor } from './static.ts';

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
  });
});

eachDatabase('exporting a static mirror', (store) => {
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
      const { app } = createApp({ store: store(), config: loadConfig({}, process.cwd()) });
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gloss-static-'));
      const redirects = await store().db.selectFrom('redirects').select('from_path').execute();
      report = await exportStatic(app, dir, {
        start: redirects.map((r) => r.from_path).filter((p) => !p.includes('?')),
      });
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
      const older = /href="(\/search\/q\/[^"]+)"/.exec(home)?.[1];
      assert.ok(older, 'the home page links to its older posts as a file');
      assert.ok(fs.existsSync(path.join(dir, decodeURIComponent(older), 'index.html')));
      assert.ok(fs.existsSync(path.join(dir, 'assets/gloss.css')));
      assert.ok(fs.existsSync(path.join(dir, 'sitemap.xml')));
      assert.ok(fs.existsSync(path.join(dir, 'feeds/posts/default/index.html')));
    });

    it('forwards old WordPress addresses to the new pages', () => {
      const forward = fs.readFileSync(path.join(dir, '2008/05/16/a-video-test/index.html'), 'utf8');
      assert.match(forward, /http-equiv="refresh" content="0; url=\/2008\/05\/a-video-test\.html"/);
      assert.ok(report.redirects > 0);
    });
  });
});
