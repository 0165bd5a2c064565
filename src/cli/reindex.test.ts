// `gloss reindex` end to end on both databases: an index that lost its rows is rebuilt, and
// searching works again.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type DatabaseKind, freshDatabase, postgresProblem } from '../../test/helpers/databases.ts';
import { createPost } from '../posts/save.ts';
import { searchPostIds } from '../search/search.ts';

const GLOSS = path.resolve('bin/gloss.mjs');

for (const kind of ['sqlite', 'postgres'] as DatabaseKind[]) {
  const skip =
    kind === 'postgres' && process.env.CI !== 'true' ? process.env.GLOSS_TEST_POSTGRES_PROBLEM : undefined;
  describe(`gloss reindex [${kind}]`, {
    skip: skip ? `PostgreSQL is not reachable (${skip})` : false,
  }, () => {
    let db: Awaited<ReturnType<typeof freshDatabase>>;
    before(async () => {
      if (kind === 'postgres') {
        const problem = await postgresProblem();
        if (problem) throw new Error(`PostgreSQL is required under CI=true: ${problem}`);
      }
      db = await freshDatabase(kind);
    });
    after(() => db?.drop());

    it('rebuilds the index and says how many posts it holds', async () => {
      const { store } = db;
      for (const title of ['Mekong dam report', 'Rice harvest', 'ការបោះឆ្នោត']) {
        await createPost(store.db, { title, bodyHtml: `<p>${title} in detail.</p>` }, 'UTC');
      }
      await createPost(store.db, { title: 'Mekong draft', status: 'draft', bodyHtml: '<p>x</p>' }, 'UTC');
      await store.db.deleteFrom('search_documents').execute();
      assert.equal((await searchPostIds(store.db, { q: 'mekong' })).total, 0);

      const run = spawnSync(process.execPath, [GLOSS, 'reindex'], {
        env: { ...process.env, DATABASE_URL: db.url },
        encoding: 'utf8',
        timeout: 60_000,
      });
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stdout, /^Indexed 3 published posts \(of 4 in all\) in [\d.]+ s\.$/m);
      assert.equal((await searchPostIds(store.db, { q: 'mekong' })).total, 1);
      assert.equal((await searchPostIds(store.db, { q: 'បោះឆ្នោត' })).total, 1);
    });

    it('explains its usage', () => {
      const help = spawnSync(process.execPath, [GLOSS, 'reindex', '--help'], {
        encoding: 'utf8',
        timeout: 60_000,
      });
      assert.match(help.stdout + help.stderr, /Usage: gloss reindex/);
      const wrong = spawnSync(process.execPath, [GLOSS, 'reindex', 'extra'], {
        env: { ...process.env, DATABASE_URL: db.url },
        encoding: 'utf8',
        timeout: 60_000,
      });
      assert.equal(wrong.status, 2);
    });
  });
}
