// A post too large to keep (src/import/xml/reader.ts MAX_TEXT_CHARS) is skipped with its title,
// line and size in the summary, and the rest of the export is imported: on SQLite and PostgreSQL,
// from Blogger and from WordPress.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { eachDatabase } from '../../test/helpers/databases.ts';
import { runImport } from './run.ts';
import { resetContent } from './test-support.ts';
import { MAX_TEXT_CHARS } from './xml/reader.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gloss-oversized-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const PARAGRAPH = '<p>The council of ministers met on Monday.</p>\n';
const HUGE = PARAGRAPH.repeat(Math.ceil((MAX_TEXT_CHARS + 1) / PARAGRAPH.length));
const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function bloggerFile(): string {
  const kind = (k: string) =>
    `<category scheme='http://schemas.google.com/g/2005#kind' term='http://schemas.google.com/blogger/2008/kind#${k}'/>`;
  const post = (id: number, title: string, html: string) =>
    `<entry><id>tag:blogger.com,1999:blog-1.post-${id}</id><published>2019-05-0${id}T10:00:00.000Z</published><updated>2019-05-0${id}T10:00:00.000Z</updated>${kind('post')}` +
    `<title type='text'>${title}</title><content type='html'>${escapeXml(html)}</content>` +
    `<link rel='alternate' type='text/html' href='https://x.blogspot.com/2019/05/post-${id}.html' title='${title}'/><author><name>Ed</name></author></entry>\n`;
  const comment = (id: number, postId: number) =>
    `<entry><id>tag:blogger.com,1999:blog-1.post-${id}</id><published>2019-05-09T10:00:00.000Z</published><updated>2019-05-09T10:00:00.000Z</updated>${kind('comment')}` +
    `<title type='text'>c</title><content type='html'>A reader's comment.</content><author><name>Reader</name></author>` +
    `<thr:in-reply-to href='https://x.blogspot.com/2019/05/post-${postId}.html' ref='tag:blogger.com,1999:blog-1.post-${postId}' type='text/html'/></entry>\n`;
  const file = path.join(dir, 'blogger.xml');
  fs.writeFileSync(
    file,
    `<?xml version='1.0' encoding='UTF-8'?><feed xmlns='http://www.w3.org/2005/Atom' xmlns:thr='http://purl.org/syndication/thread/1.0'><id>tag:blogger.com,1999:blog-1.archive</id><title type='text'>B</title>\n` +
      post(1, 'An ordinary post', PARAGRAPH) +
      post(2, 'A post too large', HUGE) +
      comment(101, 1) +
      '</feed>\n',
  );
  return file;
}

function wordpressFile(): string {
  const item = (id: number, title: string, html: string, comments: number) =>
    `<item><title>${title}</title><link>https://wp.example/?p=${id}</link><dc:creator>ed</dc:creator><content:encoded><![CDATA[${html}]]></content:encoded>` +
    `<wp:post_id>${id}</wp:post_id><wp:post_date>2019-05-0${id} 10:00:00</wp:post_date><wp:post_date_gmt>2019-05-0${id} 10:00:00</wp:post_date_gmt><wp:post_name>post-${id}</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>` +
    Array.from(
      { length: comments },
      (_, k) =>
        `<wp:comment><wp:comment_id>${id * 10 + k}</wp:comment_id><wp:comment_author>Reader</wp:comment_author><wp:comment_date_gmt>2019-05-09 10:00:00</wp:comment_date_gmt><wp:comment_content>A reader's comment.</wp:comment_content><wp:comment_approved>1</wp:comment_approved><wp:comment_parent>0</wp:comment_parent></wp:comment>`,
    ).join('') +
    '</item>\n';
  const file = path.join(dir, 'wordpress.xml');
  fs.writeFileSync(
    file,
    `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>W</title><link>https://wp.example</link><wp:wxr_version>1.2</wp:wxr_version>\n` +
      item(1, 'An ordinary post', PARAGRAPH, 1) +
      item(2, 'A post too large', HUGE, 2) +
      '</channel></rss>\n',
  );
  return file;
}

eachDatabase('importing a post too large to keep', (store) => {
  describe('is skipped, named, and the rest imported', () => {
    it('from Blogger', async () => {
      await resetContent(store());
      const summary = await runImport({ store: store(), file: bloggerFile(), format: 'blogger' });
      assert.equal(summary.posts.created, 1);
      assert.equal(summary.comments.created, 1);
      const reasons = [...summary.skipped.keys()];
      assert.deepEqual(reasons, [
        'post: “A post too large”: <content> at line 4 holds 1.0 million characters, more than the 1.0 million characters Gloss takes; shorten it in the export to import it',
      ]);
      const titles = await store()
        .db.selectFrom('posts')
        .select('title')
        .where('kind', '=', 'post')
        .execute();
      assert.deepEqual(
        titles.map((t) => t.title),
        ['An ordinary post'],
      );
    });

    it('from WordPress, with its comments', async () => {
      await resetContent(store());
      const summary = await runImport({ store: store(), file: wordpressFile(), format: 'wordpress' });
      assert.equal(summary.posts.created, 1);
      assert.equal(summary.comments.created, 1);
      assert.equal(
        summary.skipped.get(
          'post: “A post too large”: <content:encoded> at line 5 holds 1.0 million characters, more than the 1.0 million characters Gloss takes; shorten it in the export to import it',
        ),
        1,
      );
      assert.equal(summary.skipped.get('comment: on a skipped post'), 2);
    });
  });
});
