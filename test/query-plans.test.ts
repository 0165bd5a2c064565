// The hot public pages are served by indexes, never by reading a whole big table: every statement
// the app runs to render the home page, a post with its comments, a label page, an archive, a
// search and the feeds is captured as it runs and explained. SQLite: EXPLAIN QUERY PLAN may not
// SCAN posts, comments or post_labels without an index. PostgreSQL: with enable_seqscan off the
// planner takes any index that can serve the statement, so a Seq Scan left on a big table means
// none can — the query a 100k-post blog would answer by reading every row. Dropping an index the
// pages need fails this test.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { CompiledQuery, sql } from 'kysely';
import { createApp } from '../src/app.tsx';
import { loadConfig } from '../src/config.ts';
import { openStore, type Store } from '../src/storage/db.ts';
import { eachDatabase } from './helpers/databases.ts';
import { type SiteSamples, seedSite } from './helpers/site-routes.ts';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

/** The tables that grow with the blog: a full read of any of them is what must not happen. */
const BIG = ['posts', 'comments', 'post_labels', 'search_documents'];

eachDatabase('hot queries use indexes', (store, kind, url) => {
  let samples: SiteSamples;
  let logged: Store;
  const queries: CompiledQuery[] = [];
  let app: ReturnType<typeof createApp>['app'];

  before(async () => {
    samples = await seedSite(store());
    logged = await openStore(url(), { migrate: false, onQuery: (q) => queries.push(q) });
    const config = { ...loadConfig({}, process.cwd()), cacheBytes: 0 };
    app = createApp({ store: logged, config }).app;
    if (kind === 'postgres') await sql`ANALYZE`.execute(store().db);
  });
  after(async () => {
    await logged?.close();
  });

  /** The statements one page runs, with what each full scan of a big table it would make. */
  async function fullScans(path: string): Promise<string[]> {
    // The site's chrome (settings, archive counts) is read once and kept: read it for this page too.
    app = createApp({ store: logged, config: { ...loadConfig({}, process.cwd()), cacheBytes: 0 } }).app;
    queries.length = 0;
    const res = await app.request(path);
    assert.equal(res.status, 200, `${path} answers ${res.status}`);
    await res.arrayBuffer();
    assert.ok(queries.length > 0, `${path} ran no statement`);
    const found: string[] = [];
    for (const query of [...queries]) {
      if (!/^\s*(select|with)\b/i.test(query.sql)) continue;
      for (const scan of await scansOf(query)) found.push(`${scan} in: ${query.sql}`);
    }
    return found;
  }

  async function scansOf(query: CompiledQuery): Promise<string[]> {
    if (kind === 'sqlite') {
      const rows = logged
        .sqlite!.prepare(`EXPLAIN QUERY PLAN ${query.sql}`)
        .all(...(query.parameters as unknown[])) as {
        detail: string;
      }[];
      return rows
        .map((row) => row.detail)
        .filter((detail) => {
          const scan = /^SCAN (\w+)(?: AS \w+)?(.*)$/.exec(detail);
          return scan && BIG.includes(scan[1]!) && !/USING (COVERING )?INDEX/.test(scan[2]!);
        });
    }
    const plan = await store()
      .db.transaction()
      .execute(async (trx) => {
        await sql`SET LOCAL enable_seqscan = off`.execute(trx);
        const explained = CompiledQuery.raw(`EXPLAIN (FORMAT JSON) ${query.sql}`, [...query.parameters]);
        return (await trx.executeQuery<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(explained)).rows[0]!;
      });
    const scans: string[] = [];
    const walk = (node: PlanNode) => {
      if (node['Node Type'] === 'Seq Scan' && BIG.includes(node['Relation Name'] ?? ''))
        scans.push(`Seq Scan on ${node['Relation Name']}`);
      for (const child of node.Plans ?? []) walk(child);
    };
    walk(plan['QUERY PLAN'][0].Plan);
    return scans;
  }

  const pages: [string, () => string][] = [
    ['the home page', () => '/'],
    ['a post with its comments', () => samples.postPath],
    ['a page', () => samples.pagePath],
    ['a label page', () => `/search/label/${encodeURIComponent(samples.label)}`],
    ['a month archive', () => `/${samples.year}/${samples.month}/`],
    ['a year archive', () => `/${samples.year}/`],
    ['a search', () => '/search?q=post'],
    ['the posts feed', () => '/feeds/posts/default'],
    ['a label feed', () => `/feeds/posts/default/-/${encodeURIComponent(samples.label)}`],
    ['the comments feed', () => '/feeds/comments/default'],
    ["a post's comments feed", () => `/feeds/${samples.postId}/comments/default`],
    ['the JSON feed', () => '/feed.json'],
  ];
  for (const [name, path] of pages) {
    it(`${name} reads no big table whole`, async () => {
      assert.deepEqual(await fullScans(path()), []);
    });
  }
});
