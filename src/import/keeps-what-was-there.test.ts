// An import into a blog that already holds something: the sample post gives up its address, a
// post already there (same address, title and day) is merged rather than copied to _2, and the
// settings the editor changed are kept unless --settings=replace. On SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, it } from 'node:test';
import { sql } from 'kysely';
import { eachDatabase } from '../../test/helpers/databases.ts';
import { samplePost, seedEmptyBlog } from '../clippings/seed.ts';
import { createPost, updatePost } from '../posts/save.ts';
import { readSettings, writeSettings } from '../settings/settings.ts';
import type { Store } from '../storage/db.ts';
import { runImport } from './run.ts';
import { countWhere, fingerprint, resetContent } from './test-support.ts';

const NOW = new Date('2026-12-01T00:00:00Z');
const now = () => NOW;

interface Entry {
  id: string;
  title: string;
  path: string;
  published: string;
  comments?: string[];
}

/** A Takeout-shaped Blogger export (feed.atom) of the given posts and their comments. */
function exportFile(blogTitle: string, entries: Entry[]): string {
  const xml: string[] = [
    `<?xml version='1.0' encoding='utf-8'?>`,
    `<feed xmlns='http://www.w3.org/2005/Atom' xmlns:blogger='http://schemas.google.com/blogger/2018'>`,
    `<id>tag:blogger.com,1999:blog-77</id><title>${blogTitle}</title>`,
  ];
  for (const e of entries) {
    xml.push(`<entry><id>tag:blogger.com,1999:blog-77.post-${e.id}</id>
      <blogger:type>POST</blogger:type><blogger:status>LIVE</blogger:status>
      <author><name>Editor</name><uri>https://www.blogger.com/profile/77</uri></author>
      <title>${e.title}</title><content type='html'>&lt;p&gt;${e.title} body.&lt;/p&gt;</content>
      <published>${e.published}</published><updated>${e.published}</updated>
      <blogger:filename>${e.path}</blogger:filename></entry>`);
    for (const [i, text] of (e.comments ?? []).entries()) {
      xml.push(`<entry><id>tag:blogger.com,1999:blog-77.post-${e.id}${i}</id>
        <blogger:parent>tag:blogger.com,1999:blog-77.post-${e.id}</blogger:parent><blogger:inReplyTo/>
        <blogger:type>COMMENT</blogger:type><blogger:status>LIVE</blogger:status>
        <author><name>Reader ${i}</name></author><content type='html'>${text}</content>
        <published>${e.published}</published><updated>${e.published}</updated></entry>`);
    }
  }
  xml.push('</feed>');
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gloss-keep-')), 'feed.atom');
  fs.writeFileSync(file, xml.join('\n'));
  return file;
}

async function emptyBlog(store: Store): Promise<void> {
  await resetContent(store);
  await sql`DELETE FROM settings WHERE key <> 'secret'`.execute(store.db);
}

async function postsAt(store: Store, prefix: string) {
  return store.db
    .selectFrom('posts')
    .select(['id', 'path', 'title', 'trashed_at', 'external_id'])
    .where('path', 'like', `${prefix}%`)
    .orderBy('path')
    .execute();
}

eachDatabase('an import keeps what was there', (db) => {
  beforeEach(() => emptyBlog(db()));

  it('gives the sample post’s address to the imported post; the untouched sample goes to the trash', async () => {
    const store = db();
    const samplePath = (await seedEmptyBlog(store.db, NOW))!;
    assert.ok((await samplePost(store.db))?.untouched);
    const file = exportFile('Imported Blog', [
      { id: '1', title: 'Another story', path: samplePath, published: '2020-05-01T10:00:00Z' },
    ]);
    const summary = await runImport({ store, file, format: 'blogger', now });
    const stem = samplePath.replace(/\.html$/, '');
    const rows = await postsAt(store, stem);
    assert.equal(rows.length, 2);
    const [own, aside] = rows;
    assert.equal(own!.path, samplePath);
    assert.equal(own!.title, 'Another story');
    assert.equal(aside!.path, `${stem}_2.html`);
    assert.ok(aside!.trashed_at, 'the untouched sample is in the trash');
    assert.deepEqual(summary.moved, []);
    assert.match(summary.notes.join('\n'), /sample post gave its address .* went to the trash/);
    // The sample's title was the first start's, not the editor's: the export's title replaces it.
    assert.equal((await readSettings(store.db)).title, 'Imported Blog');
    assert.deepEqual(summary.settingsKept, []);
  });

  it('moves a sample the editor changed to _2 and keeps it published', async () => {
    const store = db();
    const samplePath = (await seedEmptyBlog(store.db, NOW))!;
    const sample = (await samplePost(store.db))!;
    const row = await store.db
      .selectFrom('posts')
      .selectAll()
      .where('id', '=', sample.id)
      .executeTakeFirstOrThrow();
    await updatePost(
      store.db,
      sample.id,
      { title: `${row.title} (edited)`, bodyHtml: row.body_html },
      { now: new Date('2026-11-01T00:00:00Z') },
    );
    assert.equal((await samplePost(store.db))?.untouched, false);
    const file = exportFile('Imported Blog', [
      { id: '1', title: 'Another story', path: samplePath, published: '2020-05-01T10:00:00Z' },
    ]);
    await runImport({ store, file, format: 'blogger', now });
    const rows = await postsAt(store, samplePath.replace(/\.html$/, ''));
    assert.deepEqual(
      rows.map((r) => [r.path, r.title.endsWith('(edited)'), r.trashed_at]),
      [
        [samplePath, false, null],
        [samplePath.replace(/\.html$/, '_2.html'), true, null],
      ],
    );
  });

  it('merges a post already at the same path with the same title and day, comments attached', async () => {
    const store = db();
    const mine = await createPost(
      store.db,
      {
        title: 'The river in May',
        path: '/2019/05/the-river.html',
        bodyHtml: '<p>My own copy, edited here.</p>',
        publishedAt: '2019-05-02T03:00:00Z',
      },
      'UTC',
    );
    const file = exportFile('Old Blog', [
      {
        id: '5',
        title: 'The river in May',
        path: '/2019/05/the-river.html',
        published: '2019-05-02T10:00:00+07:00',
        comments: ['First!', 'A kind word.'],
      },
      { id: '6', title: 'Another post', path: '/2019/05/another.html', published: '2019-05-03T10:00:00Z' },
    ]);
    const summary = await runImport({ store, file, format: 'blogger', now });
    assert.deepEqual(summary.merged, ['/2019/05/the-river.html “The river in May”']);
    assert.deepEqual(summary.moved, []);
    assert.equal(summary.posts.created, 1);
    const rows = await postsAt(store, '/2019/05/');
    assert.deepEqual(
      rows.map((r) => r.path),
      ['/2019/05/another.html', '/2019/05/the-river.html'],
    );
    const river = rows.find((r) => r.path === '/2019/05/the-river.html')!;
    assert.equal(river.id, mine.id);
    const body = await store.db
      .selectFrom('posts')
      .select('body_html')
      .where('id', '=', mine.id)
      .executeTakeFirst();
    assert.equal(body?.body_html, '<p>My own copy, edited here.</p>', 'what the editor has is kept');
    const comments = await store.db
      .selectFrom('comments')
      .select('body_html')
      .where('post_id', '=', mine.id)
      .orderBy('external_id')
      .execute();
    assert.deepEqual(
      comments.map((c) => c.body_html),
      ['First!', 'A kind word.'],
    );
    // The search index was built after the rows committed: nothing is left in the queue.
    assert.equal(summary.searchIndexed, 1);
    assert.equal(await countWhere(store, 'search_queue'), 0);
    assert.equal(await countWhere(store, 'search_documents', `post_id = ${rows[0]!.id}`), 1);
    // Importing the same file again changes nothing.
    const before = await fingerprint(store);
    const again = await runImport({ store, file, format: 'blogger', now });
    assert.equal(again.merged.length, 1);
    assert.equal(again.comments.unchanged, 2);
    assert.equal(await fingerprint(store), before);
  });

  it('moves an imported post only when a different post holds its path', async () => {
    const store = db();
    await createPost(
      store.db,
      {
        title: 'Something else',
        path: '/2019/05/the-river.html',
        bodyHtml: '<p>x</p>',
        publishedAt: '2019-05-02T03:00:00Z',
      },
      'UTC',
    );
    const file = exportFile('Old Blog', [
      {
        id: '5',
        title: 'The river in May',
        path: '/2019/05/the-river.html',
        published: '2019-05-02T10:00:00Z',
      },
    ]);
    const summary = await runImport({ store, file, format: 'blogger', now });
    assert.deepEqual(summary.merged, []);
    assert.equal(summary.moved.length, 1);
  });

  it('keeps the settings the editor changed and says so; --settings=replace takes the export’s', async () => {
    const store = db();
    const file = exportFile('Export Title', [
      { id: '1', title: 'One', path: '/2020/01/one.html', published: '2020-01-01T00:00:00Z' },
    ]);
    // A first import writes the title: a later import may change it again.
    await runImport({ store, file, format: 'blogger', now });
    assert.equal((await readSettings(store.db)).title, 'Export Title');
    const renamed = exportFile('Renamed At The Source', [
      { id: '1', title: 'One', path: '/2020/01/one.html', published: '2020-01-01T00:00:00Z' },
    ]);
    await runImport({ store, file: renamed, format: 'blogger', now });
    assert.equal((await readSettings(store.db)).title, 'Renamed At The Source');

    // The editor renames the blog: the next import keeps their title.
    await writeSettings(store.db, { title: 'My Own Title', timeZone: 'Asia/Phnom_Penh' });
    const kept = await runImport({ store, file, format: 'blogger', now });
    assert.equal((await readSettings(store.db)).title, 'My Own Title');
    assert.deepEqual(kept.settingsKept, ['title "My Own Title" (the export has "Export Title")']);
    assert.deepEqual(kept.settings, ['title (kept yours)']);

    const replaced = await runImport({ store, file, format: 'blogger', now, settings: 'replace' });
    assert.deepEqual(replaced.settingsKept, []);
    const after = await readSettings(store.db);
    assert.equal(after.title, 'Export Title');
    assert.equal(after.timeZone, 'Asia/Phnom_Penh', 'a setting the export does not carry is untouched');
  });
});
