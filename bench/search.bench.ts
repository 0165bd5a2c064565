// Search over 100,000 synthetic posts on SQLite (or PostgreSQL): loads the generated corpus through the batch
// indexing path (indexPosts), then times the real search() for a set of queries against a
// primary-key lookup measured in the same run. Target: median under 20 ms at 100k posts.
//   BENCH_SEARCH_POSTS=20000 npm run bench search     (a smaller corpus)
//   BENCH_SEARCH_KEEP=1 keeps the database for a closer look.
//   BENCH_SEARCH_POSTGRES=1 runs the same on a fresh PostgreSQL database (GLOSS_TEST_POSTGRES_URL,
//   default postgres://postgres@127.0.0.1:5432/postgres), dropped afterwards.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { escapeHtml } from '../src/lib/html.ts';
import { indexPosts, searchDialect } from '../src/search/indexer.ts';
import { search } from '../src/search/search.ts';
import { openStore } from '../src/storage/db.ts';
import type { NewPost } from '../src/storage/schema.ts';
import { adminQuery, databaseUrl } from './lib/postgres-admin.ts';

const COUNT = Number(process.env.BENCH_SEARCH_POSTS ?? 100_000);
const RUNS = Number(process.env.BENCH_SEARCH_RUNS ?? 40);
const GENERATOR = path.resolve('../shared/bench/gen-corpus.mjs');
const corpus = path.resolve('bench/.corpus', `markdown-${COUNT}`);

if (!fs.existsSync(path.join(corpus, '.complete'))) {
  if (!fs.existsSync(GENERATOR)) {
    console.error(`The corpus generator ${GENERATOR} is missing: this benchmark needs ../shared/bench/.`);
    process.exit(1);
  }
  console.log(
    `generating ${COUNT} posts into ${path.relative(process.cwd(), corpus)} (kept for later runs)…`,
  );
  fs.rmSync(corpus, { recursive: true, force: true });
  const gen = spawnSync(process.execPath, [GENERATOR, corpus, `--count=${COUNT}`], { stdio: 'inherit' });
  if (gen.status !== 0) process.exit(1);
  fs.writeFileSync(path.join(corpus, '.complete'), '');
}

const POSTGRES = process.env.BENCH_SEARCH_POSTGRES === '1';
const pgName = `gloss_search_bench_${process.pid}`;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gloss-search-bench-'));
const store = await openStore(POSTGRES ? await createPgDatabase() : path.join(dir, 'gloss.db'));
const { db } = store;

// ---- load: posts inserted directly, the index written by indexPosts, 1,000 posts a transaction
const files = fs
  .readdirSync(corpus)
  .filter((f) => f.endsWith('.md'))
  .sort();
const labelIds = new Map<string, number>();
let insertMs = 0;
let indexMs = 0;
const loadStart = performance.now();
for (let i = 0; i < files.length; i += 1000) {
  const parsed = files
    .slice(i, i + 1000)
    .map((f) => fromMarkdown(fs.readFileSync(path.join(corpus, f), 'utf8')));
  await db.transaction().execute(async (tx) => {
    const t0 = performance.now();
    const posts = [];
    for (let k = 0; k < parsed.length; k += 100) {
      posts.push(
        ...(await tx
          .insertInto('posts')
          .values(parsed.slice(k, k + 100).map((p) => p.row))
          .returningAll()
          .execute()),
      );
    }
    const links: { post_id: number; label_id: number }[] = [];
    for (const [n, post] of posts.entries()) {
      for (const name of parsed[n]!.labels) {
        let id = labelIds.get(name);
        if (id === undefined) {
          id = (await tx.insertInto('labels').values({ name }).returning('id').executeTakeFirstOrThrow()).id;
          labelIds.set(name, id);
        }
        links.push({ post_id: post.id, label_id: id });
      }
    }
    for (let k = 0; k < links.length; k += 500)
      await tx
        .insertInto('post_labels')
        .values(links.slice(k, k + 500))
        .execute();
    const t1 = performance.now();
    await indexPosts(tx, posts);
    insertMs += t1 - t0;
    indexMs += performance.now() - t1;
  });
  if ((i / 1000) % 10 === 9) process.stdout.write(`  loaded ${i + 1000} posts\n`);
}
const optimiseStart = performance.now();
await searchDialect(db).optimise(db);
const optimiseMs = performance.now() - optimiseStart;
const loadSeconds = (performance.now() - loadStart) / 1000;
console.log(
  `loaded ${files.length} posts in ${loadSeconds.toFixed(1)} s: posts ${(insertMs / 1000).toFixed(1)} s, ` +
    `indexPosts ${(indexMs / 1000).toFixed(1)} s (${Math.round(files.length / (indexMs / 1000))} posts/s), ` +
    `optimise ${(optimiseMs / 1000).toFixed(1)} s; database ${((await databaseBytes()) / 2 ** 20) | 0} MiB (${store.dialect})`,
);

// ---- queries: picked from the index's own vocabulary, so they fit whatever corpus was generated
const vocab = await vocabulary();
const words = vocab.filter((v) => /^[a-z]{4,}$/.test(v.term)).sort((a, b) => a.doc - b.doc);
const khmer = vocab.filter((v) => /^\p{sc=Khmer}{3,}$/u.test(v.term)).sort((a, b) => b.doc - a.doc);
const rare = words.find((v) => v.doc >= 3) ?? words[0]!;
const frequent = words.at(-1)!;
const middle = words[Math.floor(words.length * 0.9)]!;
const label = [...labelIds.keys()][0]!;
const queries: { name: string; q: string; label?: string; offset?: number }[] = [
  { name: `rare word (${rare.doc} posts)`, q: rare.term },
  { name: `frequent word (${frequent.doc} posts)`, q: frequent.term },
  { name: `frequent word, page 5`, q: frequent.term, offset: 40 },
  { name: `two words (${middle.term})`, q: `${middle.term} ${frequent.term}` },
  { name: 'phrase', q: '"the national assembly"' },
  { name: 'word -exclusion', q: `${middle.term} -${rare.term}` },
  { name: `word in label ${label}`, q: middle.term, label },
  { name: `Khmer word (${khmer[0]?.doc ?? 0} posts)`, q: khmer[0]?.term ?? 'កម្ពុជា' },
  { name: 'Khmer inside a longer word', q: 'ព្រមព្រៀង' },
  { name: 'Khmer, 2 letters (pair words)', q: 'ថៃ' },
  { name: 'Khmer, 1 letter', q: 'ក' },
  { name: 'English and Khmer words together', q: 'asean កម្ពុជា' },
];

// ---- baseline: a primary-key lookup through the same Kysely connection
const baseline = await time(async (n) => {
  await db
    .selectFrom('posts')
    .select('title')
    .where('id', '=', (n % files.length) + 1)
    .executeTakeFirst();
});
console.log(
  `\nbaseline: primary-key lookup median ${baseline.median.toFixed(3)} ms (${RUNS} runs each, after 3 warm-ups)`,
);
console.log(
  `${'query'.padEnd(44)} ${'results'.padStart(8)} ${'median'.padStart(9)} ${'p95'.padStart(9)} ${'× baseline'.padStart(11)}`,
);
const medians: number[] = [];
for (const query of queries) {
  let total = 0;
  const t = await time(async () => {
    const r = await search(db, { q: query.q, label: query.label, offset: query.offset, limit: 10 });
    total = r.total;
  });
  medians.push(t.median);
  console.log(
    `${query.name.padEnd(44)} ${String(total).padStart(8)} ${`${t.median.toFixed(2)} ms`.padStart(9)} ${`${t.p95.toFixed(2)} ms`.padStart(9)} ${(t.median / baseline.median).toFixed(0).padStart(11)}`,
  );
}
medians.sort((a, b) => a - b);
const overall = medians[Math.floor(medians.length / 2)]!;
console.log(
  `\nsearch over ${files.length} posts: median of query medians ${overall.toFixed(2)} ms, ` +
    `${(overall / baseline.median).toFixed(0)}× a primary-key lookup; slowest median ${medians.at(-1)!.toFixed(2)} ms (target < 20 ms)`,
);

await store.close();
if (process.env.BENCH_SEARCH_KEEP)
  console.log(`kept the database at ${POSTGRES ? pgName : `${dir}/gloss.db`}`);
else {
  fs.rmSync(dir, { recursive: true, force: true });
  if (POSTGRES) await adminQuery(`DROP DATABASE IF EXISTS ${pgName} WITH (FORCE)`);
}

async function createPgDatabase(): Promise<string> {
  await adminQuery(`CREATE DATABASE ${pgName}`);
  return databaseUrl(pgName);
}

async function databaseBytes(): Promise<number> {
  if (!POSTGRES) return fs.statSync(path.join(dir, 'gloss.db')).size;
  const { rows } = await sql<{ n: number }>`SELECT pg_database_size(current_database()) AS n`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

/** Every indexed word with the number of posts holding it. */
async function vocabulary(): Promise<{ term: string; doc: number }[]> {
  if (POSTGRES) {
    const { rows } = await sql<{ term: string; doc: number }>`SELECT word AS term, ndoc AS doc
      FROM ts_stat('SELECT words FROM search_documents')`.execute(db);
    return rows.map((r) => ({ term: r.term, doc: Number(r.doc) }));
  }
  await sql`CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, search_words, row)`.execute(db);
  return (await sql<{ term: string; doc: number }>`SELECT term, doc FROM temp.vocab`.execute(db)).rows;
}

async function time(fn: (n: number) => Promise<void>) {
  for (let i = 0; i < 3; i++) await fn(i);
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn(i);
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return {
    median: samples[Math.floor(samples.length / 2)]!,
    p95: samples[Math.ceil(samples.length * 0.95) - 1]!,
  };
}

/** The generator's Markdown: front matter, then paragraphs, > quotes, *captions*, [bracketed] notes. */
function fromMarkdown(text: string): { row: NewPost; labels: string[] } {
  const end = text.indexOf('\n---', 4);
  const front = text.slice(4, end);
  const field = (name: string) => {
    const m = new RegExp(`^${name}: (.*)$`, 'm').exec(front);
    return m ? m[1]! : '';
  };
  const unquote = (v: string) => (v.startsWith('"') ? (JSON.parse(v) as string) : v);
  const labels = JSON.parse(field('labels') || '[]') as string[];
  const blocks = text
    .slice(end + 4)
    .split(/\n\n+/)
    .map((b) => b.trim())
    .filter(Boolean);
  const inline = (s: string) =>
    escapeHtml(s).replace(
      /\[([^\]]+)\]\((https?:[^)\s]+)\)/g,
      (_, t: string, u: string) => `<a href="${u}">${t}</a>`,
    );
  let caption: string | null = null;
  const html = blocks
    .map((b) => {
      if (/^\*[^*].*\*$/.test(b) && caption === null) {
        caption = b.slice(1, -1);
        return '';
      }
      if (b.startsWith('> ')) return `<blockquote><p>${inline(b.slice(2))}</p></blockquote>`;
      if (/^\[.*\]$/.test(b)) return `<aside class="editor-note"><p>${inline(b)}</p></aside>`;
      return `<p>${inline(b)}</p>`;
    })
    .join('');
  const published = new Date(field('date')).toISOString();
  const slug = unquote(field('slug'));
  const title = unquote(field('title'));
  const now = new Date().toISOString();
  return {
    labels,
    row: {
      kind: 'post',
      status: 'published',
      title,
      slug,
      path: `/${field('date').slice(0, 4)}/${field('date').slice(5, 7)}/${slug}.html`,
      body_html: html,
      body_source: null,
      excerpt: '',
      published_at: published,
      created_at: now,
      updated_at: now,
      image_caption: caption,
      source_authors: JSON.stringify([unquote(field('author'))]),
      source_outlet: unquote(field('outlet')),
      source_url: unquote(field('source_url')),
    },
  };
}
