// `npm run bench soak`: memory under hostile-sized traffic. A 10,000-post blog (the corpus
// generator's Blogger export, through Gloss's own importer) plus one post with 2,000 comments,
// served by `gloss serve` in its own process; wrk with 64 connections over every kind of page
// (home and its older pages, posts, the 2,000-comment post and its comment pages, labels,
// archives, search, feeds, sitemap) and a valid comment POST every 50th request, for several
// rounds. Prints the server's RSS after each round and its peak (VmRSS and VmHWM from
// /proc/PID/status) against the 250 MB target, and the CPU wrk used against the server's, to show
// which of the two set the pace.
//
//   GLOSS_SOAK_QUICK=1       1,000 posts, 2 rounds of 5 s (a check that it runs)
//   GLOSS_SOAK_POSTS=N  GLOSS_SOAK_ROUNDS=N  GLOSS_SOAK_SECONDS=N   (defaults 10000, 5, 30)
//   SOAK_SERVER_NODE_OPTIONS='--max-old-space-size=128'   Node flags for the server alone
//
// The comment limits are raised for the run (every POST counts against the per-address limit,
// and all come from 127.0.0.1), so the POSTs are stored comments, not 429s.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runImport } from '../src/import/run.ts';
import { writeSettings } from '../src/settings/settings.ts';
import { openStore } from '../src/storage/db.ts';
import { SQLite } from '../src/storage/sqlite-driver.ts';
import { urls } from '../src/web/urls.ts';
import { exportedPostPath, mulberry32, writeBloggerExport } from './lib/exports.ts';
import { GENERATOR, generatedExport } from './lib/generated-export.ts';
import { startNodeFlags } from './lib/start-flags.ts';
import { hasWrk, type ScriptedRun, wrkScript } from './lib/wrk.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const QUICK = process.env.GLOSS_SOAK_QUICK === '1';
const POSTS = Number(process.env.GLOSS_SOAK_POSTS ?? (QUICK ? 1000 : 10000));
const ROUNDS = Number(process.env.GLOSS_SOAK_ROUNDS ?? (QUICK ? 2 : 5));
const SECONDS = Number(process.env.GLOSS_SOAK_SECONDS ?? (QUICK ? 5 : 30));
const CONNECTIONS = 64;
const BIG_COMMENTS = 2000;
const POST_EVERY = 50;
const COMMENTED_POSTS = 100;
const TARGET_MB = 250;
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

if (!hasWrk()) {
  console.log('skipped: the soak needs wrk (apt-get install wrk); a Node client would measure itself');
  process.exit(0);
}
if (!fs.existsSync(GENERATOR)) {
  console.log(`skipped: the corpus generator is not at ${GENERATOR}`);
  process.exit(0);
}

// ---- the blog ----

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gloss-soak-'));
const dbPath = path.join(dir, 'gloss.db');
const bigPost = {
  id: 900001,
  title: 'The thread that would not end',
  published: new Date('2015-03-14T09:26:53Z'),
  labels: ['Discussion'],
  bodyBytes: 6000,
  comments: BIG_COMMENTS,
};
const bigFile = path.join(dir, 'big-thread.xml');
writeBloggerExport(bigFile, [bigPost]);

const port = await freePort();
const origin = `http://127.0.0.1:${port}`;
const store = await openStore(dbPath);
let started = performance.now();
const imported = await runImport({ store, file: generatedExport('soak', POSTS).file, format: 'blogger' });
const big = await runImport({ store, file: bigFile, format: 'blogger' });
console.log(
  `imported ${imported.posts.created.toLocaleString('en')} posts and ${imported.comments.created.toLocaleString('en')} comments, then a post with ${big.comments.created.toLocaleString('en')} comments, in ${((performance.now() - started) / 1000).toFixed(0)} s`,
);
await writeSettings(store.db, {
  publicAddress: origin,
  commentPolicy: 'open',
  commentCloseDays: null,
  commentLimitPerAddress: 10000,
  commentLimitGlobal: 1000000,
});
const posts = await store.db
  .selectFrom('posts')
  .select(['id', 'path', 'title'])
  .where('kind', '=', 'post')
  .where('status', '=', 'published')
  .orderBy('id')
  .execute();
const labels = (await store.db.selectFrom('labels').select('name').execute()).map((l) => l.name);
const bigRow = posts.find((p) => p.path === exportedPostPath(bigPost));
if (!bigRow) throw new Error(`the ${BIG_COMMENTS}-comment post is not at ${exportedPostPath(bigPost)}`);
const bigCommentIds = (
  await store.db.selectFrom('comments').select('id').where('post_id', '=', bigRow.id).orderBy('id').execute()
).map((c) => c.id);
await store.close();

// ---- the server: `gloss serve`, as a reader's blog runs it ----

const log = fs.openSync(path.join(dir, 'server.log'), 'w');
const server = spawn(process.execPath, [...startNodeFlags(), path.join(root, 'bin', 'gloss.mjs'), 'serve'], {
  cwd: dir,
  env: {
    ...process.env,
    DATABASE_URL: dbPath,
    HOST: '127.0.0.1',
    PORT: String(port),
    GLOSS_WORKERS: '1',
    NODE_OPTIONS: process.env.SOAK_SERVER_NODE_OPTIONS ?? process.env.NODE_OPTIONS ?? '',
    GLOSS_MEDIA_DIR: path.join(dir, 'media'),
  },
  stdio: ['ignore', log, log],
});
const serverExit = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
process.on('exit', () => server.kill());
await waitForReady();
const pid = server.pid!;
const atStart = memory(pid);

// ---- what the readers ask for ----

const get = async (p: string) => {
  const res = await fetch(origin + p, { redirect: 'manual' });
  return { status: res.status, text: await res.text() };
};
const unescapeAmp = (s: string) => s.replace(/&amp;/g, '&');

const home: string[] = ['/'];
for (let page = '/'; home.length < 40; ) {
  const older = /<a class="older" href="([^"]+)"/.exec((await get(page)).text)?.[1];
  if (!older) break;
  page = unescapeAmp(older);
  home.push(page);
}
const bigPages = Math.ceil(BIG_COMMENTS / 200);
const thread = [
  bigRow.path,
  ...Array.from({ length: bigPages - 1 }, (_, i) => urls.commentPage(bigRow, i + 2).replace(/#.*/, '')),
  ...bigCommentIds.filter((_, i) => i % 100 === 37).map((id) => urls.comment(bigRow, id).replace(/#.*/, '')),
];
const months = [...new Set(posts.map((p) => p.path.slice(0, 9)))];
const years = [...new Set(posts.map((p) => p.path.slice(0, 6)))];
const words = [
  ...new Set(posts.flatMap((p) => p.title.split(/\s+/).filter((w) => /^\p{L}{5,}$/u.test(w)))),
].slice(0, 80);
const searches = [
  ...words.map((w) => urls.search(w)),
  ...words.slice(0, 20).map((w, i) => urls.search(`${w} ${words[(i + 7) % words.length]}`)),
];
const feeds = [
  urls.feedAtom(),
  urls.feedRss(),
  urls.feedJson(),
  urls.commentsFeed(),
  urls.postCommentsFeed(bigRow.id),
  ...labels.slice(0, 20).map((l) => urls.labelFeed(l)),
];
const sitemapText = (await get('/sitemap.xml')).text;
const sitemaps = [
  '/sitemap.xml',
  ...[...sitemapText.matchAll(/<loc>([^<]*sitemap\.xml[^<]*)<\/loc>/g)].map((m) => {
    const u = new URL(unescapeAmp(m[1]!));
    return u.pathname + u.search;
  }),
  '/robots.txt',
];

// Posts once each; the rest weighted as a busy blog sees them.
const mix: [string, string[], number][] = [
  ['post pages', posts.map((p) => p.path), 1],
  ['home', ['/'], 400],
  ['older home pages', home.slice(1), 15],
  [`the ${BIG_COMMENTS}-comment post and its comment pages`, thread, 25],
  ['label pages', labels.map((l) => urls.label(l)), 3],
  ['archives', [...years, ...months], 2],
  ['searches', searches, 4],
  ['feeds', feeds, 15],
  ['sitemaps and robots.txt', sitemaps, 10],
];
const list: string[] = [];
for (const [, paths, weight] of mix) for (const p of paths) for (let i = 0; i < weight; i++) list.push(p);
shuffle(list);

// Every address answers before the load starts: a 404 mix would measure nothing.
const distinct = [...new Set(list)];
const sample = distinct.filter((_, i) => i % Math.max(1, Math.floor(distinct.length / 400)) === 0);
for (const p of [...sample, ...thread, ...home, ...feeds, ...sitemaps, ...searches.slice(0, 10)]) {
  const { status } = await get(p);
  if (status !== 200) throw new Error(`${p} answered ${status} before the load`);
}

// Tokens from the comment forms of ordinary posts, as a reader's browser gets them.
const tokens: string[] = [];
for (const p of posts.filter((p) => p.id !== bigRow.id)) {
  if (tokens.length === COMMENTED_POSTS) break;
  const html = (await get(p.path)).text;
  const token = /name="token" value="([^"]+)"/.exec(html)?.[1];
  const action = /action="\/comments\/(\d+)[#"]/.exec(html)?.[1];
  if (token && action) tokens.push(`${action} ${token}`); // else comments are closed there
}
if (tokens.length < COMMENTED_POSTS) throw new Error(`only ${tokens.length} posts take comments`);
fs.writeFileSync(path.join(dir, 'paths.txt'), `${list.join('\n')}\n`);
fs.writeFileSync(path.join(dir, 'tokens.txt'), `${tokens.join('\n')}\n`);
process.env.SOAK_PATHS = path.join(dir, 'paths.txt');
process.env.SOAK_TOKENS = path.join(dir, 'tokens.txt');
process.env.SOAK_POST_EVERY = String(POST_EVERY);

console.log(
  `${posts.length.toLocaleString('en')} posts; ${list.length.toLocaleString('en')} requests a cycle, ${distinct.length.toLocaleString('en')} addresses:`,
);
for (const [name, paths, weight] of mix) {
  console.log(`  ${String(paths.length * weight).padStart(6)} × ${name} (${paths.length} addresses)`);
}
console.log(
  `  and a comment POST every ${POST_EVERY}th request, with tokens from ${tokens.length} posts' forms`,
);

// The form must be older than commentMinSeconds (3 s) or the comment is taken for a robot's.
await new Promise((r) => setTimeout(r, 3500));
const idle = memory(pid);
console.log(
  `\nserver pid ${pid}: ${atStart.rssMb} MB when ready; ${idle.rssMb} MB after the checks above, before the load (peak so far ${idle.hwmMb} MB)`,
);
console.log(`${ROUNDS} rounds of ${SECONDS} s, wrk with ${CONNECTIONS} connections on 2 threads:`);

const after: number[] = [];
let comments = await commentCount();
for (let round = 1; round <= ROUNDS; round++) {
  process.env.SOAK_ROUND = String(round);
  const cpuBefore = cpuSeconds(pid);
  started = performance.now();
  const run: ScriptedRun = await wrkScript(origin, SECONDS, CONNECTIONS, path.join(here, 'lib', 'soak.lua'));
  const wall = (performance.now() - started) / 1000;
  const serverCpu = cpuSeconds(pid) - cpuBefore;
  const m = memory(pid);
  after.push(m.rssMb);
  const stored = await commentCount();
  const script = run.script as { statuses: Record<string, number>; posts: number } | null;
  const statuses = Object.entries(script?.statuses ?? {})
    .sort()
    .map(([code, n]) => `${code}×${n}`)
    .join(' ');
  console.log(
    `round ${round}: ${run.rps.toFixed(0)} req/s (p99 ${run.p99}), ${statuses}; ${script?.posts ?? 0} comment POSTs, ${stored - comments} comments stored; ` +
      `RSS after ${m.rssMb} MB, peak ${m.hwmMb} MB; CPU over ${wall.toFixed(1)} s: server ${(serverCpu / wall).toFixed(2)} cores, wrk ${(run.cpuSeconds / wall).toFixed(2)} cores`,
  );
  if (run.errors)
    console.log(`  wrk counted ${run.errors} errors (socket errors or answers other than 2xx/3xx)`);
  comments = stored;
}

const peak = memory(pid);
const steady = after.slice(1);
const growth = steady.length > 1 ? steady[steady.length - 1]! - steady[0]! : 0;
console.log(
  `\npeak RSS ${peak.hwmMb} MB = ${(peak.hwmMb / TARGET_MB).toFixed(2)} × the ${TARGET_MB} MB target (${peak.hwmMb <= TARGET_MB ? 'under' : 'OVER'})`,
);
console.log(
  `RSS after each round: ${after.join(', ')} MB; from round 2 to ${ROUNDS}: ${growth >= 0 ? '+' : ''}${growth} MB` +
    (steady.length > 1
      ? ` (${((100 * growth) / steady[0]!).toFixed(1)}%, ${Math.abs(growth) <= 0.1 * steady[0]! ? 'flat' : 'NOT flat'})`
      : ''),
);

server.kill('SIGTERM');
await serverExit;
fs.closeSync(log);
fs.rmSync(dir, { recursive: true, force: true });

// ---- helpers ----

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function waitForReady(): Promise<void> {
  const deadline = Date.now() + 120_000;
  let exited = false;
  void serverExit.then(() => {
    exited = true;
  });
  while (Date.now() < deadline && !exited) {
    try {
      if ((await fetch(`${origin}/readyz`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the server did not start:\n${fs.readFileSync(path.join(dir, 'server.log'), 'utf8')}`);
}

/** VmRSS and VmHWM (the peak) of a process, in MB. */
function memory(processId: number): { rssMb: number; hwmMb: number } {
  const status = fs.readFileSync(`/proc/${processId}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
  return { rssMb: Math.round(kb('VmRSS') / 1024), hwmMb: Math.round(kb('VmHWM') / 1024) };
}

/** User + system CPU seconds a process has used (/proc/PID/stat, in clock ticks). */
function cpuSeconds(processId: number): number {
  const stat = fs.readFileSync(`/proc/${processId}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/** Comments in the database (read beside the server, as another process would). */
async function commentCount(): Promise<number> {
  const db = new SQLite(dbPath, { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM comments').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/** A fixed shuffle (mulberry32, seed 1): the same mix every run. */
function shuffle<T>(items: T[]): void {
  const next = mulberry32(1);
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}
