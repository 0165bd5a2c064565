// The WordPress import against every WXR file in ../shared/corpora/wordpress/ (what each file
// holds is counted with plain regular expressions, not the importer's parser), on SQLite and
// PostgreSQL: counts, statuses, threads, redirects from WordPress addresses, the deliberately
// broken files, and idempotency.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { eachDatabase } from '../../../test/helpers/databases.ts';
import { createApp } from '../../app.tsx';
import { loadConfig } from '../../config.ts';
import { ImportError } from '../errors.ts';
import { runImport } from '../run.ts';
import {
  CORPORA,
  corpusFiles,
  corpusSkip,
  countWhere,
  fingerprint,
  resetContent,
  type WxrItem,
  wxrItems,
} from '../test-support.ts';

const FILES = corpusFiles('wordpress');
const skip = corpusSkip('wordpress');
const MALFORMED: Record<string, RegExp> = {
  'malformed.xml':
    /^line 90, column \d+: the document is broken: <notachanneltag> \(opened at line 27\) was never closed/,
  'malformed-simple.xml':
    /^line 14, column \d+: the file ends inside <item> \(opened at line 9\): it is truncated$/,
};

/** What the importer should make of the items, decided from the regex reading of the file. */
function expected(items: WxrItem[]) {
  const seen = new Set<string>();
  const kept: WxrItem[] = [];
  for (const item of items) {
    if (item.type !== 'post' && item.type !== 'page') continue;
    if (item.id && seen.has(item.id)) continue;
    if (item.id) seen.add(item.id);
    kept.push(item);
  }
  const comments = kept.flatMap((i) =>
    i.comments.filter((c) => c.type !== 'pingback' && c.type !== 'trackback'),
  );
  return {
    kept,
    posts: kept.filter((i) => i.type === 'post').length,
    pages: kept.filter((i) => i.type === 'page').length,
    attachments: items.filter((i) => i.type === 'attachment').length,
    comments,
  };
}

eachDatabase('importing WordPress exports', (store) => {
  describe('every file of the corpus', { skip }, () => {
    for (const file of FILES.filter((f) => !MALFORMED[path.basename(f)])) {
      const name = path.relative(path.join(CORPORA, 'wordpress'), file);
      it(`imports ${name} with the counts the file holds`, async () => {
        await resetContent(store());
        const want = expected(wxrItems(fs.readFileSync(file, 'utf8')));
        const summary = await runImport({ store: store(), file, format: 'wordpress' });
        assert.equal(summary.posts.created, want.posts, 'posts');
        assert.equal(summary.pages.created, want.pages, 'pages');
        assert.equal(summary.attachments, want.attachments, 'attachments');
        assert.equal(summary.comments.created, want.comments.length, 'comments');
        assert.equal(await countWhere(store(), 'posts', "kind = 'post'"), want.posts);
        assert.equal(await countWhere(store(), 'posts', "kind = 'page'"), want.pages);
        assert.equal(await countWhere(store(), 'comments'), want.comments.length);
        for (const [status, approved] of [
          ['approved', ['1']],
          ['spam', ['spam']],
          ['deleted', ['trash', 'post-trashed']],
        ] as const) {
          const n = want.comments.filter((c) => (approved as readonly string[]).includes(c.approved)).length;
          assert.equal(
            await countWhere(store(), 'comments', `status = '${status}'`),
            n,
            `${status} comments`,
          );
        }
        // Threads: a reply hangs under the comment its wp:comment_parent names.
        const rows = await store()
          .db.selectFrom('comments as c')
          .leftJoin('comments as p', 'p.id', 'c.parent_id')
          .select(['c.external_id as id', 'p.external_id as parent'])
          .execute();
        const parentOf = new Map(
          rows.map((r) => [r.id!.replace(/^.*:comment:/, ''), r.parent?.replace(/^.*:comment:/, '') ?? '0']),
        );
        const keptIds = new Set(want.comments.map((c) => c.id));
        for (const c of want.comments) {
          if (!c.id) continue;
          const parent = c.parent && keptIds.has(c.parent) ? c.parent : '0';
          assert.equal(parentOf.get(c.id), parent, `parent of comment ${c.id}`);
        }
        // Each WordPress address of a post answers with a redirect to its new path.
        for (const item of want.kept.filter((i) => i.id && /^\d+$/.test(i.id)).slice(0, 5)) {
          const from = item.type === 'page' ? `/?page_id=${item.id}` : `/?p=${item.id}`;
          const redirect = await store()
            .db.selectFrom('redirects')
            .innerJoin('posts', 'posts.path', 'redirects.to_path')
            .select('posts.title')
            .where('redirects.from_path', '=', from)
            .executeTakeFirst();
          assert.ok(redirect, `a redirect from ${from}`);
        }
      });
    }

    for (const [name, message] of Object.entries(MALFORMED)) {
      it(`refuses ${name} with the line, the column and the reason, storing nothing`, async () => {
        await resetContent(store());
        const before = await fingerprint(store());
        await assert.rejects(
          runImport({ store: store(), file: phpunit(name), format: 'wordpress' }),
          (err: Error) => {
            assert.ok(err instanceof ImportError, err.message);
            assert.match(err.message, message);
            return true;
          },
        );
        assert.equal(await fingerprint(store()), before);
      });
    }

    it('reads a raw "&" in a URL as "&amp;", and says where', async () => {
      await resetContent(store());
      const file = path.join(CORPORA, 'wordpress/other-importers/tryghost-mg-wp-xml/sample.xml');
      const summary = await runImport({ store: store(), file, format: 'wordpress' });
      assert.ok(
        summary.notes.some((n) => n === 'Read 10 raw "&" as "&amp;" (first at line 109, column 101).'),
      );
      const post = await store()
        .db.selectFrom('posts')
        .select('image_src')
        .where('image_src', 'is not', null)
        .executeTakeFirstOrThrow();
      assert.match(post.image_src!, /\?ixlib=rb-1\.2\.1&ixid=/);
    });

    it('reads a title as the text WordPress shows ("Media &amp; Text", "<em>" in a title)', async () => {
      const titles = async (name: string) => {
        await resetContent(store());
        await runImport({ store: store(), file: path.join(CORPORA, 'wordpress', name), format: 'wordpress' });
        const rows = await store().db.selectFrom('posts').select('title').execute();
        return rows.map((r) => r.title);
      };
      const markup = await titles('theme-test-data/themeunittestdata.wordpress.xml');
      assert.ok(markup.includes('Markup: Title With Markup'), 'tags in a title are dropped');
      assert.ok(!markup.some((t) => /<\/?[a-z]+>/.test(t)), 'no title keeps a tag');
      const blocks = await titles('theme-test-data/64-block-test-data.xml');
      assert.ok(blocks.includes('Media & Text'), 'an entity in a title is decoded');
      assert.ok(!blocks.some((t) => /&(?:amp|#\d+);/.test(t)), 'no title keeps an entity');
    });

    it('reads crazy-cdata.xml as its escaped twin says it means', async () => {
      const bodyOf = async (name: string) => {
        await resetContent(store());
        const summary = await runImport({ store: store(), file: phpunit(name), format: 'wordpress' });
        const post = await store().db.selectFrom('posts').select('body_html').executeTakeFirstOrThrow();
        return { body: post.body_html, notes: summary.notes };
      };
      const crazy = await bodyOf('crazy-cdata.xml');
      const escaped = await bodyOf('crazy-cdata-escaped.xml');
      // Both files mean the text "Content with nested <![CDATA[ tags ]]> :)"; in a post body, which
      // is HTML, "<![CDATA[ … ]]>" is a bogus comment, and the sanitiser drops it from both alike.
      assert.equal(crazy.body, escaped.body);
      assert.match(crazy.body, /^<p>Content with nested\s+:\)<\/p>$/);
      assert.ok(crazy.notes.some((n) => /nested inside another/.test(n)));
    });

    it('says when the WXR version is missing or wrong, and reads the file by its namespace', async () => {
      await resetContent(store());
      const missing = await runImport({
        store: store(),
        file: phpunit('missing-version-tag.xml'),
        format: 'wordpress',
      });
      assert.ok(missing.notes.some((n) => /no wp:wxr_version/.test(n)));
      const invalid = await runImport({
        store: store(),
        file: phpunit('invalid-version-tag.xml'),
        format: 'wordpress',
      });
      assert.ok(invalid.notes.some((n) => /wxr_version "abc" \(line 33\)/.test(n)));
    });

    it('keeps statuses, featured images, and WordPress addresses as redirects the blog answers', async () => {
      await resetContent(store());
      const file = path.join(CORPORA, 'wordpress/theme-test-data/themeunittestdata.wordpress.xml');
      const summary = await runImport({ store: store(), file, format: 'wordpress' });
      assert.ok(
        summary.skipped.get('nav_menu_item: navigation menu items (Gloss builds its own sidebar)')! > 0,
      );
      const db = store().db;
      const scheduled = await db
        .selectFrom('posts')
        .select('status')
        .where('title', '=', 'Scheduled')
        .executeTakeFirst();
      assert.equal(scheduled?.status, 'scheduled');
      const protectedPost = await db
        .selectFrom('posts')
        .select('status')
        .where('title', '=', 'Template: Password Protected (the password is "enter")')
        .executeTakeFirst();
      assert.equal(protectedPost?.status, 'draft');
      const featured = await db
        .selectFrom('posts')
        .select(['image_src', 'path'])
        .where('title', '=', 'Template: Featured Image (Horizontal)')
        .executeTakeFirstOrThrow();
      assert.match(featured.image_src!, /^https?:\/\/.+\.(jpg|jpeg|png)$/);
      const hello = await db
        .selectFrom('redirects')
        .select(['from_path', 'to_path'])
        .where('to_path', '=', featured.path)
        .execute();
      const { app } = createApp({ store: store(), config: loadConfig({}, process.cwd()) });
      const permalink = hello.find((r) => !r.from_path.startsWith('/?'));
      assert.ok(permalink, 'the WordPress permalink is kept');
      const res = await app.request(permalink.from_path);
      assert.equal(res.status, 301);
      assert.equal(res.headers.get('location'), featured.path);
      assert.equal((await app.request(featured.path)).status, 200);
    });

    it('answers /?p=ID and /?page_id=ID with a redirect to the post', async () => {
      await resetContent(store());
      await runImport({ store: store(), file: phpunit('valid-wxr-1.1.xml'), format: 'wordpress' });
      const { app } = createApp({ store: store(), config: loadConfig({}, process.cwd()) });
      const post = await app.request('/?p=1');
      assert.equal(post.status, 301);
      assert.equal(post.headers.get('location'), '/2010/10/hello-world.html');
      const page = await app.request('/?page_id=2');
      assert.equal(page.headers.get('location'), '/p/about.html');
      assert.equal((await app.request('/?p=999')).status, 200, 'an unknown id shows the home page');
      const html = await (await app.request('/2010/10/hello-world.html')).text();
      assert.match(html, /Welcome to WordPress/);
      assert.match(html, /Hi, this is a comment\./);
    });

    it('changes nothing when the same file is imported again', async () => {
      await resetContent(store());
      const file = path.join(CORPORA, 'wordpress/theme-test-data/themeunittestdata.wordpress.xml');
      await runImport({ store: store(), file, format: 'wordpress' });
      const before = await fingerprint(store());
      const version = await store().contentVersion();
      const again = await runImport({ store: store(), file, format: 'wordpress' });
      assert.equal(again.posts.created + again.posts.updated, 0);
      assert.equal(again.comments.created + again.comments.updated, 0);
      assert.equal(await fingerprint(store()), before);
      assert.equal(await store().contentVersion(), version);
    });
  });
});

function phpunit(name: string): string {
  return path.join(CORPORA, 'wordpress/wordpress-importer/phpunit-data', name);
}
