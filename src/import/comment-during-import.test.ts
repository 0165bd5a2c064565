// A reader's comment sent while an import is writing its rows (the import holds the write lock
// for its one transaction): the reader never gets 500. Either the comment goes through once the
// lock is free, or the answer is 503 with Retry-After and the post page with their comment back
// in the form, so nothing they wrote is lost. The blog is served by a second store on the same
// database, as `gloss serve` beside `gloss import` would be. On SQLite the wait is SQLite's
// busy_timeout (SQLITE_BUSY), on PostgreSQL the lock timeout.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, it } from 'node:test';
import { commentApp, formToken, sendComment } from '../../test/helpers/comments.ts';
import { eachDatabase } from '../../test/helpers/databases.ts';
import { createPost } from '../posts/save.ts';
import { openStore, type Store } from '../storage/db.ts';
import type { Post } from '../storage/schema.ts';
import { runImport } from './run.ts';
import { countWhere } from './test-support.ts';

const POSTS = 400;

/** A Blogger export of POSTS posts, each with a comment: enough rows for a row phase to catch. */
function bigExport(): string {
  const xml: string[] = [
    `<?xml version='1.0' encoding='utf-8'?>`,
    `<feed xmlns='http://www.w3.org/2005/Atom' xmlns:blogger='http://schemas.google.com/blogger/2018'>`,
    `<id>tag:blogger.com,1999:blog-91</id><title>Imported</title>`,
  ];
  for (let n = 1; n <= POSTS; n++) {
    const day = new Date(Date.UTC(2015, 0, 1) + n * 86_400_000).toISOString();
    const month = day.slice(0, 7).replace('-', '/');
    xml.push(`<entry><id>tag:blogger.com,1999:blog-91.post-${n}</id>
      <blogger:type>POST</blogger:type><blogger:status>LIVE</blogger:status>
      <author><name>Editor</name><uri>https://www.blogger.com/profile/91</uri></author>
      <title>Imported post ${n}</title><content type='html'>&lt;p&gt;Body of post ${n}.&lt;/p&gt;</content>
      <published>${day}</published><updated>${day}</updated>
      <blogger:filename>/${month}/imported-${n}.html</blogger:filename></entry>
      <entry><id>tag:blogger.com,1999:blog-91.post-${n}00</id>
      <blogger:parent>tag:blogger.com,1999:blog-91.post-${n}</blogger:parent><blogger:inReplyTo/>
      <blogger:type>COMMENT</blogger:type><blogger:status>LIVE</blogger:status>
      <author><name>Old reader</name></author><content type='html'>Comment on ${n}</content>
      <published>${day}</published><updated>${day}</updated></entry>`);
  }
  xml.push('</feed>');
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gloss-busy-import-')), 'feed.atom');
  fs.writeFileSync(file, xml.join('\n'));
  return file;
}

eachDatabase('a comment sent during an import', (getStore, kind, url) => {
  let post: Post;
  let served: Store;
  let file: string;
  before(async () => {
    post = await createPost(getStore().db, { title: 'Open for comments', bodyHtml: '<p>x</p>' }, 'UTC');
    served = await openStore(url());
    file = bigExport();
  });
  after(async () => {
    await served.close();
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });

  it('is never a 500: it waits for the lock, or comes back in the form with 503', async () => {
    const blog = commentApp(served);
    const token = await formToken(blog.app, post.path);
    blog.wait(30);
    const text = 'Sent while the import writes its rows, and kept.';

    let rowPhase!: () => void;
    const writing = new Promise<void>((resolve) => {
      rowPhase = resolve;
    });
    let importDone = false;
    const importing = runImport({
      store: getStore(),
      file,
      format: 'blogger',
      readerThread: false,
      onProgress: (p) => {
        if (p.posts > 0) rowPhase();
      },
    }).then((summary) => {
      importDone = true;
      return summary;
    });
    await writing;
    assert.equal(importDone, false, 'the comment is sent while the import is still writing');
    const res = await sendComment(blog.app, post.id, { token, author: 'Dara', body: text });
    const html = await res.text();
    assert.notEqual(res.status, 500, html);
    const summary = await importing;
    assert.equal(summary.posts.created, POSTS);

    const stored = await countWhere(getStore(), 'comments', `post_id = ${post.id}`);
    if (kind === 'sqlite') {
      // better-sqlite3 waits synchronously: the import cannot commit while the comment waits.
      assert.equal(res.status, 503, 'on SQLite the import still holds the lock when the wait ends');
    }
    if (res.status === 503) {
      assert.equal(res.headers.get('retry-after'), '5');
      assert.equal(res.headers.get('cache-control'), 'no-store');
      assert.match(html, /busy/i);
      assert.ok(html.includes(`>${text}</textarea>`), 'the comment is back in the form');
      assert.match(html, /name="author"[^>]*value="Dara"/);
      assert.equal(stored, 0, 'nothing was stored');
      const again = await sendComment(blog.app, post.id, { token, author: 'Dara', body: text });
      assert.equal(again.status, 303, 'sent again after the import, it goes through');
    } else {
      assert.equal(res.status, 303, html);
    }
    assert.equal(await countWhere(getStore(), 'comments', `post_id = ${post.id}`), 1);
  });
});
