// `gloss poll` end to end: a cron user's round fetches the due outlets from a real local server
// into the inbox, says what it did per feed, and a second round fetches nothing before it is due.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { after, before, it } from 'node:test';
import { promisify } from 'node:util';
import { freshDatabase } from '../../test/helpers/databases.ts';
import { type FeedServer, rssFeed, startFeedServer } from '../../test/helpers/feed-server.ts';
import { insertSource } from '../sources/store.ts';

const GLOSS = path.resolve('bin/gloss.mjs');
const run = promisify(execFile);
let server: FeedServer;
let db: Awaited<ReturnType<typeof freshDatabase>>;

before(async () => {
  server = await startFeedServer();
  server.routes.set('/feed.rss', () => ({
    headers: { 'content-type': 'application/rss+xml' },
    body: rssFeed('River Times', `${server.base}/`, [
      { title: 'Bridge opens', link: `${server.base}/a/1`, date: new Date().toISOString() },
      { title: 'Rice harvest', link: `${server.base}/a/2`, date: new Date().toISOString() },
    ]),
  }));
  server.routes.set('/broken.rss', () => ({ status: 500 }));
  db = await freshDatabase('sqlite');
  await insertSource(
    db.store.db,
    { name: 'River Times', feedUrl: `${server.base}/feed.rss`, siteUrl: null },
    new Date(),
  );
  await insertSource(
    db.store.db,
    { name: 'Broken', feedUrl: `${server.base}/broken.rss`, siteUrl: null },
    new Date(),
  );
});
after(async () => {
  await server.close();
  await db.drop();
});

const gloss = (args: string[], env: Record<string, string> = {}) =>
  run(process.execPath, [GLOSS, ...args], {
    env: { ...process.env, DATABASE_URL: db.url, GLOSS_FETCH_ALLOW_PRIVATE: '1', ...env },
    timeout: 60_000,
  });

it('fetches the due outlets into the inbox and reports each', async () => {
  const { stdout } = await gloss(['poll']);
  assert.match(stdout, /^River Times: 2 new, 0 already in the inbox$/m);
  assert.match(stdout, /^Broken: error: 127\.0\.0\.1:\d+ answered 500/m);
  assert.match(stdout, /^2 feeds fetched, 2 new articles, 1 failed$/m);
  const again = await gloss(['poll']);
  assert.match(again.stdout, /^0 feeds fetched, 0 new articles, 0 failed$/m);
  const all = await gloss(['poll', '--all', '--quiet']);
  assert.equal(all.stdout.trim(), '2 feeds fetched, 0 new articles, 1 failed');
});

it('refuses internal addresses unless allowed, saying how to allow them', async () => {
  const { stdout } = await gloss(['poll', '--all'], { GLOSS_FETCH_ALLOW_PRIVATE: '0' });
  assert.match(stdout, /River Times: error: refused to fetch 127\.0\.0\.1/);
  assert.match(stdout, /only with GLOSS_FETCH_ALLOW_PRIVATE=1/);
});

it('explains its usage', async () => {
  const { stdout } = await gloss(['poll', '--help']);
  assert.match(stdout, /Usage: gloss poll \[--all\] \[--quiet\]/);
});
