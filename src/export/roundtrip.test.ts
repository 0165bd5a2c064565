// Exports read back into an empty database give the same blog: JSON field by field (on SQLite,
// on PostgreSQL, and from SQLite to PostgreSQL, the way a blog moves), and the Blogger Atom export
// post by post and comment by comment.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { eachDatabase, freshDatabase, postgresProblem } from '../../test/helpers/databases.ts';
import { runJsonImport } from '../import/json/restore.ts';
import { runImport } from '../import/run.ts';
import { CORPORA, corpusSkip } from '../import/test-support.ts';
import { createPost } from '../posts/save.ts';
import type { Store } from '../storage/db.ts';
import { exportBlogger, exportBloggerFile } from './blogger.ts';
import { exportJson, exportJsonFile } from './json.ts';

const skip = corpusSkip('blogger') || corpusSkip('wordpress');
const TAKEOUT = path.resolve('src/import/blogger/fixtures/takeout-feed.atom');
const TABLES: [string, string][] = [
  ['users', 'id'],
  ['media', 'id'],
  ['labels', 'id'],
  ['posts', 'id'],
  ['post_labels', 'post_id, label_id'],
  ['comments', 'id'],
  ['redirects', 'from_path'],
  ['clip_snapshots', 'id'],
  ['moderation_log', 'id'],
];

/** A blog with a bit of everything: two real exports, Takeout threads, and a native clipping. */
async function buildBlog(store: Store): Promise<void> {
  await runImport({
    store,
    file: path.join(CORPORA, 'blogger/blogger2jekyll-blog-03-28-2014.xml'),
    format: 'blogger',
  });
  await runImport({
    store,
    file: path.join(CORPORA, 'wordpress/theme-test-data/themeunittestdata.wordpress.xml'),
    format: 'wordpress',
  });
  await runImport({ store, file: TAKEOUT, format: 'blogger' });
  const db = store.db;
  const now = '2024-05-01T10:00:00.000Z';
  const media = await db
    .insertInto('media')
    .values({
      path: '2024/05/abc.jpg',
      original_name: 'abc.jpg',
      mime: 'image/jpeg',
      width: 1200,
      height: 800,
      variants: JSON.stringify([{ width: 480, path: '2024/05/abc-480.webp' }]),
      alt: 'A ferry',
      caption: 'The ferry at Neak Loeung',
      credit: 'Photo: Reuters',
      source_url: 'https://example.com/abc.jpg',
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const post = await createPost(
    db,
    {
      title: 'Bridge opens',
      bodyHtml:
        '<p>Quoted text.</p><aside class="editor-note"><p>[Our note.]</p></aside><p>More <span class="editor-note">[inline]</span>.</p>',
      publishedAt: '2024-05-01T03:00:00.000Z',
      publishedZone: '+07:00',
      labels: ['Bridges', 'ខ្មែរ'],
      image: {
        src: '/media/2024/05/abc.jpg',
        alt: 'A ferry',
        caption: 'The ferry',
        credit: 'Reuters',
        mediaId: media.id,
      },
      source: {
        title: 'Mekong bridge opens',
        authors: ['Jane Doe', 'Sok Dara'],
        outlet: 'Khmer Times',
        date: '2024-04-30',
        url: 'https://example.com/bridge',
      },
    },
    'Asia/Phnom_Penh',
  );
  await db
    .insertInto('users')
    .values({
      name: 'Owner',
      email: 'owner@example.com',
      role: 'owner',
      password_hash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA',
      active: 1,
      profile_url: null,
      external_id: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  const comment = await db
    .insertInto('comments')
    .values({
      post_id: post.id,
      parent_id: null,
      author_name: 'Reader',
      author_email: 'reader@example.com',
      author_url: null,
      author_user_id: null,
      body_text: 'Good news',
      body_html: '<p>Good news</p>',
      status: 'pending',
      ip_hash: 'abc',
      user_agent: 'UA',
      spam_reason: null,
      created_at: now,
      updated_at: now,
      external_id: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('moderation_log')
    .values({ comment_id: comment.id, user_id: null, action: 'held', created_at: now })
    .execute();
  await db
    .insertInto('clip_snapshots')
    .values({
      post_id: post.id,
      url: 'https://example.com/bridge',
      canonical_url: 'https://example.com/bridge',
      fetched_at: now,
      title: 'Mekong bridge opens',
      text: 'Quoted text.',
      html: '<p>Quoted text.</p>',
      metadata: '{}',
      text_hash: 'h',
    })
    .execute();
}

async function rows(store: Store, table: string, order: string): Promise<Record<string, unknown>[]> {
  return (
    await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(table)} ORDER BY ${sql.raw(order)}`.execute(
      store.db,
    )
  ).rows;
}

async function settingsOf(store: Store): Promise<Record<string, string>> {
  const all = await store.db.selectFrom('settings').select(['key', 'value']).execute();
  return Object.fromEntries(all.filter((s) => !/secret|token/.test(s.key)).map((s) => [s.key, s.value]));
}

/** Every row of every content table equal, field by field (password hashes only when kept). */
async function assertSameBlog(from: Store, to: Store, keepHashes: boolean): Promise<void> {
  assert.deepEqual(await settingsOf(to), await settingsOf(from));
  for (const [table, order] of TABLES) {
    const a = await rows(from, table, order);
    const b = await rows(to, table, order);
    assert.equal(b.length, a.length, `${table}: row count`);
    for (let i = 0; i < a.length; i++) {
      const want = table === 'users' && !keepHashes ? { ...a[i], password_hash: null } : a[i];
      assert.deepEqual(b[i], want, `${table} row ${i + 1}`);
    }
  }
}

function tmp(name: string): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gloss-export-')), name);
}

eachDatabase('exporting and importing back', (store, kind) => {
  describe('round trips', { skip }, () => {
    before(async () => {
      await buildBlog(store());
    });

    it('JSON export → import json into an empty database: the same blog, field by field', async () => {
      const file = tmp('blog.json');
      const counts = await exportJsonFile(store(), file);
      assert.ok(counts.posts > 100 && counts.comments > 50);
      const target = await freshDatabase(kind);
      try {
        const summary = await runJsonImport({ store: target.store, file });
        assert.equal(summary.restored.posts, counts.posts);
        await assertSameBlog(store(), target.store, false);
        // The restored blog goes on: new rows get new ids after the restored ones.
        const next = await createPost(
          target.store.db,
          { title: 'After the move', bodyHtml: '<p>x</p>' },
          'UTC',
        );
        assert.ok(next.id > counts.posts);
        // Importing the file again changes nothing: the database is no longer empty.
        await assert.rejects(runJsonImport({ store: target.store, file }), /is not empty/);
      } finally {
        await target.drop();
      }
    });

    it('dates both exports by the clock it is given', async () => {
      const now = () => new Date('2031-02-03T04:05:06.000Z');
      const lines: string[] = [];
      await exportJson(store(), (line) => lines.push(line), { now });
      assert.ok(lines.includes('"exportedAt": "2031-02-03T04:05:06.000Z",'));
      let atom = '';
      await exportBlogger(store(), (text) => (atom += text), { baseUrl: 'https://b.example', now });
      // At the blog's offset: it is in Europe/Lisbon (the WordPress import's zone), on UTC in February.
      assert.match(atom, /\.archive<\/id><updated>2031-02-03T04:05:06\.000\+00:00<\/updated>/);
    });

    it('keeps password hashes only when asked', async () => {
      const file = tmp('with-hashes.json');
      await exportJsonFile(store(), file, { includePasswordHashes: true });
      assert.match(fs.readFileSync(file, 'utf8'), /\$argon2id\$/);
      const plain = tmp('plain.json');
      await exportJsonFile(store(), plain);
      assert.doesNotMatch(fs.readFileSync(plain, 'utf8'), /\$argon2id\$/);
      const target = await freshDatabase(kind);
      try {
        await runJsonImport({ store: target.store, file });
        await assertSameBlog(store(), target.store, true);
      } finally {
        await target.drop();
      }
    });

    it('Blogger export → import: the same posts, labels, comments and threads', async () => {
      const file = tmp('blog.atom');
      await exportBloggerFile(store(), file, { baseUrl: 'https://clippings.example.org', allComments: true });
      const target = await freshDatabase(kind);
      try {
        await runImport({ store: target.store, file, format: 'blogger' });
        const shape = async (s: Store) => {
          const posts = await s.db
            .selectFrom('posts')
            .select(['id', 'kind', 'status', 'title', 'path', 'body_html', 'published_at', 'trashed_at'])
            .orderBy('path')
            .execute();
          const labels = await s.db
            .selectFrom('post_labels')
            .innerJoin('labels', 'labels.id', 'post_labels.label_id')
            .innerJoin('posts', 'posts.id', 'post_labels.post_id')
            .select(['posts.path', 'labels.name'])
            .orderBy('posts.path')
            .orderBy('labels.name')
            .execute();
          const comments = await s.db
            .selectFrom('comments as c')
            .innerJoin('posts', 'posts.id', 'c.post_id')
            .leftJoin('comments as p', 'p.id', 'c.parent_id')
            .select([
              'posts.path',
              'c.author_name',
              'c.body_html',
              'c.created_at',
              'c.status',
              'p.created_at as parent_at',
            ])
            .orderBy('posts.path')
            .orderBy('c.created_at')
            .orderBy('c.author_name')
            .execute();
          return {
            // Whitespace around a body is not content (an import may trim it); inside, it must match.
            posts: posts.map(({ id: _id, trashed_at, ...p }) => ({
              ...p,
              body_html: p.body_html.trim(),
              trashed: trashed_at !== null,
            })),
            labels,
            comments,
          };
        };
        const a = await shape(store());
        const b = await shape(target.store);
        assert.deepEqual(b.posts, a.posts);
        assert.deepEqual(b.labels, a.labels);
        assert.deepEqual(b.comments, a.comments);
        // Without --all-comments, only approved comments go to a file meant for Blogger.
        const forBlogger = tmp('for-blogger.atom');
        await exportBloggerFile(store(), forBlogger, { baseUrl: 'https://clippings.example.org' });
        const commentEntries = fs
          .readFileSync(forBlogger, 'utf8')
          .split('<entry>')
          .filter((e) => e.includes("kind#comment'"));
        assert.equal(commentEntries.length, a.comments.filter((c) => c.status === 'approved').length);
        assert.ok(commentEntries.every((e) => !/<blogger:(status|trashed)/.test(e)));
        assert.ok(!commentEntries.some((e) => /Cheap watches|Good news/.test(e)));
      } finally {
        await target.drop();
      }
    });
  });
});

describe('moving a blog from SQLite to PostgreSQL', { skip }, () => {
  let sqlite: Awaited<ReturnType<typeof freshDatabase>> | undefined;
  let postgres: Awaited<ReturnType<typeof freshDatabase>> | undefined;
  before(async (t) => {
    if ((await postgresProblem()) && process.env.CI !== 'true') return;
    sqlite = await freshDatabase('sqlite');
    postgres = await freshDatabase('postgres');
    void t;
  });
  after(async () => {
    await sqlite?.drop();
    await postgres?.drop();
  });

  it('export json on SQLite, import json on PostgreSQL: the same blog, field by field', async (t) => {
    if (!sqlite || !postgres) return t.skip('PostgreSQL is not reachable');
    await buildBlog(sqlite.store);
    const file = tmp('move.json');
    await exportJsonFile(sqlite.store, file, { includePasswordHashes: true });
    await runJsonImport({ store: postgres.store, file });
    await assertSameBlog(sqlite.store, postgres.store, true);
  });
});
