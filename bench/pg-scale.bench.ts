// `npm run bench pg-scale`: PostgreSQL at 100,000 posts and 300,000 comments. Imports a
// generated Blogger export (../shared/bench/gen-corpus.mjs, 2,000 posts) through the real
// importer, copies its posts (labels and search documents with them; same dates, the slug
// numbered) up to 100,000 in SQL — importing 100,000 takes most of an hour on a busy machine —
// then adds what the generator does not make: comments up to three per post, one post with
// 2,000 of them, and a label on 10,000 posts. Then, with the page cache off, it times the render of the home
// page, the 10k-post label page, the deepest month archive, the 2,000-comment post and search,
// against a primary-key lookup in the same run, and EXPLAINs every statement each page runs
// with the real statistics (ANALYZE): a Seq Scan on a big table is printed as a failure.
//   BENCH_SCALE_POSTS=10000     a smaller blog (the comments and label scale with it)
//   BENCH_SCALE_BASE=10000      import a bigger export before copying (slower, less repetitive)
//   BENCH_SCALE_KEEP=1          keep the database (gloss_bench_scale_N) and reuse it next run
import fs from 'node:fs';
import { type CompiledQuery, type Kysely, sql } from 'kysely';
import pg from 'pg';
import { createApp } from '../src/app.tsx';
import { loadConfig } from '../src/config.ts';
import { runImport } from '../src/import/run.ts';
import { search } from '../src/search/search.ts';
import { openStore } from '../src/storage/db.ts';
import type { Database } from '../src/storage/schema.ts';
import { GENERATOR, generatedExport } from './lib/generated-export.ts';
import { adminQuery, databaseUrl } from './lib/postgres-admin.ts';

const COUNT = Number(process.env.BENCH_SCALE_POSTS ?? 100_000);
const BASE = Math.min(COUNT, Number(process.env.BENCH_SCALE_BASE ?? 2000));
const COMMENTS = COUNT * 3;
const BIG_THREAD = Math.min(2000, COMMENTS / 10);
const LABELLED = COUNT / 10;
const RUNS = Number(process.env.BENCH_SCALE_RUNS ?? 20);
const KEEP = process.env.BENCH_SCALE_KEEP === '1';
const NAME = `gloss_bench_scale_${COUNT}`;
const BIG_TABLES = ['posts', 'comments', 'post_labels', 'search_documents'];
const LABEL = 'ten-thousand';

if (!fs.existsSync(GENERATOR)) {
  console.log(`skipped: the corpus generator is not at ${GENERATOR}`);
  process.exit(0);
}

const dbUrl = databaseUrl(NAME);

if (!(await ready())) await seed();

const queries: CompiledQuery[] = [];
const store = await openStore(dbUrl, { onQuery: (q) => queries.push(q) });
const db = store.db;
const app = createApp({ store, config: { ...loadConfig({}, process.cwd()), cacheBytes: 0 } }).app;

const counts = await sql<{ posts: number; comments: number; labelled: number }>`SELECT
  (SELECT count(*) FROM posts) AS posts, (SELECT count(*) FROM comments) AS comments,
  (SELECT count(*) FROM post_labels JOIN labels ON labels.id = post_labels.label_id WHERE labels.name = ${LABEL}) AS labelled`.execute(
  db,
);
const { rows: threads } = await sql<{ path: string; n: number }>`SELECT p.path, count(*) AS n
  FROM comments c JOIN posts p ON p.id = c.post_id GROUP BY p.path ORDER BY n DESC LIMIT 1`.execute(db);
const { rows: oldest } = await sql<{ path: string }>`SELECT path FROM posts
  WHERE kind = 'post' AND status = 'published' ORDER BY published_at LIMIT 1`.execute(db);
const deepMonth = oldest[0]!.path.slice(0, 8);
const c = counts.rows[0]!;
console.log(
  `PostgreSQL: ${c.posts.toLocaleString('en')} posts, ${c.comments.toLocaleString('en')} comments, ` +
    `label "${LABEL}" on ${c.labelled.toLocaleString('en')} posts, the biggest thread ${threads[0]!.n} comments`,
);

// ---- baseline: a primary-key lookup through the same pool
const baseline = await time(async (n) => {
  await db
    .selectFrom('posts')
    .select('title')
    .where('id', '=', (n % c.posts) + 1)
    .executeTakeFirst();
});
console.log(`\nbaseline: primary-key lookup median ${baseline.median.toFixed(2)} ms (${RUNS} runs each)`);
console.log(
  `${'page (rendered, cache off)'.padEnd(40)} ${'median'.padStart(9)} ${'p95'.padStart(9)} ${'× baseline'.padStart(10)}  ${'statements'.padStart(10)}  index use`,
);

const pages: [string, string][] = [
  ['home page', '/'],
  [`label page (${c.labelled.toLocaleString('en')} posts)`, `/search/label/${LABEL}`],
  [`deepest month archive ${deepMonth}/`, `${deepMonth}/`],
  [`post with ${threads[0]!.n} comments`, threads[0]!.path],
  ['posts feed', '/feeds/posts/default'],
  ['comments feed', '/feeds/comments/default'],
];
let seqScans = 0;
for (const [name, path] of pages) {
  const t = await time(async () => {
    const res = await app.request(path);
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
    await res.arrayBuffer();
  });
  queries.length = 0;
  await (await app.request(path)).arrayBuffer();
  const ran = [...queries];
  const found = await seqScansOf(ran);
  // A count or max over every live row reads them all whatever the plan: shown, not failed.
  const aggregates = found.filter((scan) => /: select (count|max)\(/.test(scan));
  const scans = found.filter((scan) => !aggregates.includes(scan));
  seqScans += scans.length;
  console.log(
    `${name.padEnd(40)} ${`${t.median.toFixed(1)} ms`.padStart(9)} ${`${t.p95.toFixed(1)} ms`.padStart(9)} ${(t.median / baseline.median).toFixed(0).padStart(10)}  ${String(ran.length).padStart(10)}  ${scans.length > 0 ? 'NO' : aggregates.length > 0 ? 'yes, but for counts' : 'yes'}`,
  );
  for (const scan of scans) console.log(`    ${scan}`);
  for (const scan of aggregates) console.log(`    (an aggregate over every live row) ${scan}`);
}

// ---- search: words picked from the index's own vocabulary, result counts beside times
const { rows: vocab } = await sql<{ term: string; doc: number }>`SELECT word AS term, ndoc AS doc
  FROM ts_stat('SELECT words FROM search_documents')`.execute(db);
const words = vocab
  .map((v) => ({ term: v.term, doc: Number(v.doc) }))
  .filter((v) => /^[a-z]{4,}$/.test(v.term))
  .sort((a, b) => a.doc - b.doc);
const rare = words.find((v) => v.doc >= 3) ?? words[0]!;
const frequent = words.at(-1)!;
const middle = words[Math.floor(words.length * 0.9)]!;
const searches: { name: string; q: string; label?: string; offset?: number }[] = [
  { name: `rare word (${rare.doc} posts)`, q: rare.term },
  { name: `frequent word (${frequent.doc} posts)`, q: frequent.term },
  { name: 'frequent word, page 5', q: frequent.term, offset: 40 },
  { name: 'two words', q: `${middle.term} ${frequent.term}` },
  { name: 'phrase', q: '"the national assembly"' },
  { name: `word in label ${LABEL}`, q: middle.term, label: LABEL },
  { name: 'Khmer word', q: 'កម្ពុជា' },
  { name: 'English and Khmer words together', q: 'asean កម្ពុជា' },
];
console.log(`\n${'search'.padEnd(40)} ${'results'.padStart(9)} ${'median'.padStart(9)} ${'p95'.padStart(9)}`);
const medians: { name: string; ms: number }[] = [];
for (const s of searches) {
  let total = 0;
  const t = await time(async () => {
    total = (await search(db, { q: s.q, label: s.label, offset: s.offset, limit: 10 })).total;
  });
  medians.push({ name: s.name, ms: t.median });
  console.log(
    `${s.name.padEnd(40)} ${String(total).padStart(9)} ${`${t.median.toFixed(1)} ms`.padStart(9)} ${`${t.p95.toFixed(1)} ms`.padStart(9)}`,
  );
}
const sorted = [...medians].sort((a, b) => a.ms - b.ms);
const searchPage = await time(async () => {
  await (await app.request(`/search?q=${encodeURIComponent(rare.term)}`)).arrayBuffer();
});
console.log(
  `search over ${c.posts.toLocaleString('en')} posts: median of query medians ${sorted[Math.floor(sorted.length / 2)]!.ms.toFixed(1)} ms ` +
    `(target < 20 ms), slowest ${sorted.at(-1)!.name} ${sorted.at(-1)!.ms.toFixed(1)} ms; the search page rendered ${searchPage.median.toFixed(1)} ms`,
);
console.log(
  seqScans === 0
    ? 'every statement of every page uses an index on the big tables'
    : `FAILED: ${seqScans} sequential scan(s) of a big table`,
);

await store.close();
if (KEEP) console.log(`kept the database ${NAME}`);
else await adminQuery(`DROP DATABASE IF EXISTS ${NAME} WITH (FORCE)`);
if (seqScans > 0) process.exit(1);

async function time(fn: (n: number) => Promise<void>): Promise<{ median: number; p95: number }> {
  for (let i = 0; i < 3; i++) await fn(i);
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await fn(i);
    ms.push(performance.now() - start);
  }
  ms.sort((a, b) => a - b);
  return {
    median: ms[Math.floor(ms.length / 2)]!,
    p95: ms[Math.min(ms.length - 1, Math.floor(ms.length * 0.95))]!,
  };
}

/** Seq Scans of big tables in the plans PostgreSQL picks, with its statistics, for these statements. */
async function seqScansOf(statements: CompiledQuery[]): Promise<string[]> {
  const found: string[] = [];
  for (const query of statements) {
    if (!/^\s*select\b/i.test(query.sql)) continue;
    const { rows } = await store.db.executeQuery<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>({
      ...query,
      sql: `EXPLAIN (FORMAT JSON) ${query.sql}`,
    });
    const walk = (node: PlanNode) => {
      if (node['Node Type'] === 'Seq Scan' && BIG_TABLES.includes(node['Relation Name'] ?? ''))
        found.push(`Seq Scan on ${node['Relation Name']}: ${query.sql.slice(0, 160)}`);
      for (const child of node.Plans ?? []) walk(child);
    };
    walk(rows[0]!['QUERY PLAN'][0].Plan);
  }
  return found;
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

/** Whether a kept database from an earlier run is complete (its seed finished). */
async function ready(): Promise<boolean> {
  const { rows } = await adminQuery(`SELECT 1 FROM pg_database WHERE datname = '${NAME}'`);
  if (rows.length === 0) return false;
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    const done = await client.query(`SELECT 1 FROM settings WHERE key = 'bench_scale_seeded'`);
    if (done.rows.length > 0) {
      console.log(`reusing the database ${NAME} from an earlier run`);
      return true;
    }
  } finally {
    await client.end();
  }
  await adminQuery(`DROP DATABASE ${NAME} WITH (FORCE)`);
  return false;
}

async function seed(): Promise<void> {
  // The base export (BASE posts), shared with the import bench's exports of the same size.
  const { file } = generatedExport('import', BASE);
  await adminQuery(`CREATE DATABASE ${NAME}`);
  const seeding = await openStore(dbUrl);
  const started = performance.now();
  let shown = 0;
  const summary = await runImport({
    store: seeding,
    file,
    format: 'blogger',
    onProgress: (p) => {
      const pct = Math.floor((p.bytes / p.totalBytes) * 10) * 10;
      if (pct > shown) {
        shown = pct;
        process.stdout.write(`  imported ${pct}%…\n`);
      }
    },
  });
  const db = seeding.db;
  console.log(
    `imported the export in ${((performance.now() - started) / 1000).toFixed(0)} s (${summary.format})`,
  );
  await copyPosts(db);
  console.log(
    `copied the posts up to ${COUNT.toLocaleString('en')} in ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
  const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM comments`.execute(db);
  const have = Number(rows[0]!.n);
  // One post (in the middle of the blog) gets a 2,000-comment thread, a reply every tenth.
  await sql`INSERT INTO comments (post_id, parent_id, author_name, body_text, body_html, status, created_at, updated_at)
    SELECT p.id, NULL, 'Reader ' || g, 'Comment ' || g || ' on a long thread.', '<p>Comment ' || g || ' on a long thread.</p>',
      'approved', to_char(p.published_at::timestamptz + g * interval '1 minute', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
      to_char(p.published_at::timestamptz + g * interval '1 minute', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
    FROM (SELECT id, published_at FROM posts WHERE kind = 'post' AND status = 'published'
          ORDER BY published_at OFFSET ${Math.floor(COUNT / 2)} LIMIT 1) p, generate_series(1, ${BIG_THREAD}) g`.execute(
    db,
  );
  // The rest up to three per post, spread over the posts by a stride.
  const more = Math.max(0, COMMENTS - have - BIG_THREAD);
  await sql`INSERT INTO comments (post_id, parent_id, author_name, body_text, body_html, status, created_at, updated_at)
    SELECT p.id, NULL, 'Reader ' || g, 'A later comment, number ' || g || '.', '<p>A later comment, number ' || g || '.</p>',
      'approved', to_char(p.published_at::timestamptz + interval '1 day', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
      to_char(p.published_at::timestamptz + interval '1 day', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
    FROM generate_series(1, ${more}) g
    JOIN (SELECT id, published_at, row_number() OVER (ORDER BY id) AS k FROM posts) p
      ON p.k = 1 + (g::bigint * 7919) % (SELECT count(*) FROM posts)`.execute(db);
  // A label on every tenth post.
  await sql`INSERT INTO labels (name) VALUES (${LABEL})`.execute(db);
  await sql`INSERT INTO post_labels (post_id, label_id)
    SELECT p.id, l.id FROM (SELECT id, row_number() OVER (ORDER BY published_at) AS k FROM posts WHERE kind = 'post') p,
      labels l WHERE l.name = ${LABEL} AND p.k % 10 = 0 LIMIT ${LABELLED}`.execute(db);
  await sql`ANALYZE`.execute(db);
  await sql`INSERT INTO settings (key, value) VALUES ('bench_scale_seeded', 'true')`.execute(db);
  await seeding.close();
  console.log(`seeded in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

/** Copies the imported posts (with their labels and search documents) until there are COUNT. */
async function copyPosts(db: Kysely<Database>): Promise<void> {
  const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM posts WHERE kind = 'post'`.execute(db);
  const have = Number(rows[0]!.n);
  const copies = Math.ceil((COUNT - have) / have);
  if (copies <= 0) return;
  const { rows: columns } = await sql<{
    name: string;
  }>`SELECT column_name AS name FROM information_schema.columns
    WHERE table_name = 'posts' AND column_name NOT IN ('id', 'slug', 'path', 'external_id', 'import_hash')`.execute(
    db,
  );
  const list = columns.map((c) => `"${c.name}"`).join(', ');
  await sql
    .raw(
      `INSERT INTO posts (${list}, slug, path, import_hash)
       SELECT ${list}, slug || '-' || k, regexp_replace(path, '\\.html$', '-' || k || '.html'), 'copy:' || id || ':' || k
       FROM (SELECT p.*, k, row_number() OVER (ORDER BY k, p.id) AS n FROM posts p, generate_series(1, ${copies}) k
             WHERE p.kind = 'post') src
       WHERE n <= ${COUNT - have}`,
    )
    .execute(db);
  await sql`INSERT INTO post_labels (post_id, label_id)
    SELECT n.id, pl.label_id FROM posts n JOIN post_labels pl ON pl.post_id = split_part(n.import_hash, ':', 2)::int
    WHERE n.import_hash LIKE 'copy:%'`.execute(db);
  await sql`INSERT INTO search_documents (post_id, doc_key, year, grams, heads, words)
    SELECT n.id, (SELECT max(doc_key) FROM search_documents) + row_number() OVER (ORDER BY n.id), d.year, d.grams, d.heads, d.words
    FROM posts n JOIN search_documents d ON d.post_id = split_part(n.import_hash, ':', 2)::int
    WHERE n.import_hash LIKE 'copy:%'`.execute(db);
  // Indexed above, by copying: the queue the insert trigger filled has nothing left to do.
  await sql`DELETE FROM search_queue WHERE post_id IN (SELECT id FROM posts WHERE import_hash LIKE 'copy:%')`.execute(
    db,
  );
}
