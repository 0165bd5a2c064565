import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, it } from 'node:test';
import { freshDatabase } from '../../test/helpers/databases.ts';
import { createApp } from '../app.tsx';
import { loadConfig } from '../config.ts';
import { createPost } from '../posts/save.ts';
import { writeSettings } from '../settings/settings.ts';
import { exportStaticSite, fileFor } from './static-site.ts';

let database: Awaited<ReturnType<typeof freshDatabase>>;
let out: string;
let result: Awaited<ReturnType<typeof exportStaticSite>>;

before(async () => {
  database = await freshDatabase('sqlite');
  const db = database.store.db;
  await writeSettings(db, { title: 'Static test', timeZone: 'UTC', postsPerPage: 2 });
  for (let i = 1; i <= 5; i++) {
    await createPost(
      db,
      {
        title: `Post ${i}`,
        bodyHtml: `<p>Body ${i}</p>`,
        publishedAt: `2020-0${i}-01T10:00:00Z`,
        labels: ['News'],
      },
      'UTC',
    );
  }
  await createPost(db, { kind: 'page', title: 'About', bodyHtml: '<p>About</p>' }, 'UTC');
  const { app } = createApp({ store: database.store, config: loadConfig({}, process.cwd()) });
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'gloss-static-'));
  result = await exportStaticSite({ fetch: async (url) => app.request(url), outDir: out });
});

after(async () => {
  await database.drop();
  fs.rmSync(out, { recursive: true, force: true });
});

it('writes every post, page, archive, label page and feed at its URL', () => {
  for (let i = 1; i <= 5; i++)
    assert.ok(fs.existsSync(path.join(out, `2020/0${i}/post-${i}.html`)), `post ${i}`);
  for (const file of [
    'index.html',
    'p/about.html',
    '2020/index.html',
    '2020/03/index.html',
    'search/label/News/index.html',
    'feeds/posts/default/index.xml',
    'sitemap.xml',
    'assets/gloss.css',
  ]) {
    assert.ok(fs.existsSync(path.join(out, file)), file);
  }
  assert.deepEqual(result.missing, []);
});

it('rewrites "Older posts" links to files that exist, and every local link resolves', () => {
  const home = fs.readFileSync(path.join(out, 'index.html'), 'utf8');
  const older = /href="([^"]+)"[^>]*>Older posts/.exec(home)?.[1];
  assert.ok(older && !older.includes('?'), `older link is a file: ${older}`);
  for (const file of htmlFiles(out)) {
    const html = fs.readFileSync(file, 'utf8');
    for (const [, link] of html.matchAll(/\bhref="(\/[^"#]*)/g)) {
      if (link!.startsWith('/assets/')) continue;
      const target = fileFor(
        link!.replaceAll('&amp;', '&'),
        link!.includes('/feeds/') ? 'application/atom+xml' : 'text/html',
      );
      assert.ok(
        fs.existsSync(path.join(out, target)),
        `${path.relative(out, file)} links to ${link}, which was not written`,
      );
    }
  }
});

it('replaces comment forms, since a static copy cannot take comments', () => {
  const post = fs.readFileSync(path.join(out, '2020/01/post-1.html'), 'utf8');
  assert.doesNotMatch(post, /<form class="comment-form"/);
  assert.match(post, /comments are closed here/);
});

function htmlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? htmlFiles(full) : e.name.endsWith('.html') ? [full] : [];
  });
}
