// A database held by another task (an import in another process, a long lock) answers 503 with
// Retry-After after a bounded wait, never 500 and never an endless hang; nothing is lost.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { commentApp, formToken, sendComment } from '../../test/helpers/comments.ts';
import { eachDatabase, POSTGRES_ADMIN_URL } from '../../test/helpers/databases.ts';
import { createPost } from '../posts/save.ts';
import { isDatabaseBusy } from './busy.ts';
import type { Post } from './schema.ts';
// The same SQLite build as the store's: two builds in one process do not see each other's locks.
import { SQLite } from './sqlite-driver.ts';

it('tells busy errors from bugs', () => {
  assert.ok(isDatabaseBusy(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' })));
  assert.ok(isDatabaseBusy(Object.assign(new Error('x'), { code: '55P03' })));
  assert.ok(isDatabaseBusy(new Error('y', { cause: Object.assign(new Error('z'), { code: '57014' }) })));
  assert.ok(!isDatabaseBusy(new Error('Maximum call stack size exceeded')));
  assert.ok(!isDatabaseBusy(Object.assign(new Error('x'), { code: '23505' })));
});

eachDatabase('a busy database', (getStore, kind) => {
  let post: Post;
  before(async () => {
    post = await createPost(getStore().db, { title: 'Busy', bodyHtml: '<p>x</p>' }, 'UTC');
  });

  it('answers a comment sent while another connection holds the write lock with 503', async () => {
    const blog = commentApp(getStore());
    const token = await formToken(blog.app, post.path);
    blog.wait(30);
    let release: () => Promise<void>;
    if (kind === 'sqlite') {
      const other = new SQLite(getStore().sqlite!.name);
      other.prepare('BEGIN IMMEDIATE').run();
      release = async () => {
        other.prepare('COMMIT').run();
        other.close();
      };
    } else {
      const { rows } = await sql<{ name: string }>`SELECT current_database() AS name`.execute(getStore().db);
      const url = new URL(POSTGRES_ADMIN_URL);
      url.pathname = `/${rows[0]!.name}`;
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      await client.query('BEGIN');
      await client.query('LOCK TABLE comments IN ACCESS EXCLUSIVE MODE');
      release = async () => {
        await client.query('COMMIT');
        await client.end();
      };
    }
    try {
      const res = await sendComment(blog.app, post.id, {
        token,
        author: 'Dara',
        body: 'Sent during an import.',
      });
      assert.equal(res.status, 503, await res.clone().text());
      assert.equal(res.headers.get('retry-after'), '5');
      assert.match(await res.text(), /busy[\s\S]*try again/);
    } finally {
      await release();
    }
    const again = await sendComment(blog.app, post.id, {
      token,
      author: 'Dara',
      body: 'Sent during an import.',
    });
    assert.equal(again.status, 303, 'the same comment goes through once the lock is gone');
  });
});
