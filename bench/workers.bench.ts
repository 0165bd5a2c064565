// `npm run bench workers`: requests per second with 1 and with N workers on the same blog, cached
// and uncached, against a bare node:http server sending the same bytes. A 1,000-post blog (the
// corpus generator's Blogger export through Gloss's own importer, into SQLite) is served by four
// `gloss serve` processes at once: the page cache on and off (GLOSS_CACHE=off), each with
// GLOSS_WORKERS=1 and GLOSS_WORKERS=N (N = os.availableParallelism()). The baseline is a bare
// node:http server with the bytes Gloss sent for each page, in 1 and in N processes. For each
// page kind (a post, home, a label, a search for a rare word) and each connection count, wrk
// measures every server in turn, and the rounds are interleaved so the neighbours' noise falls
// on all of them alike. Each figure is the median of the rounds.
//
// Beside each figure: the CPU wrk used and the CPU every process of the server used (the primary
// and its workers, from /proc/PID/stat), to show that the server saturated, not the client.
// The run fails (exit 1) on socket errors or answers other than 2xx: those make a figure
// meaningless. Times are never asserted; the targets of issue 14 are printed beside them.
//
//   BENCH_SECONDS=5  BENCH_ROUNDS=3  BENCH_WARMUP=2 (s per server and page before the rounds)
//   BENCH_CONNECTIONS=16,64  BENCH_WORKERS=N (default: cores)  BENCH_POSTS=1000
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runImport } from '../src/import/run.ts';
import { openStore } from '../src/storage/db.ts';
import { urls } from '../src/web/urls.ts';
import { GENERATOR, generatedExport } from './lib/generated-export.ts';
import { startNodeFlags } from './lib/start-flags.ts';
import { hasWrk, type TimedRun, wrkTimed } from './lib/wrk.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2);
const POSTS = Number(process.env.BENCH_POSTS ?? 1000);
const CORES = os.availableParallelism();
const WORKERS = Number(process.env.BENCH_WORKERS ?? CORES);
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? '16,64').split(',').map(Number);
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
// Issue 14's targets.
const GHOST_RPS = 27.5;
const UNCACHED_TARGET = 100 * GHOST_RPS;
const CACHED_TARGET = 0.9;
const SCALING_TARGET = 1.7;
const P99_TARGET_MS = 100;

if (!hasWrk()) {
  console.log('skipped: this bench needs wrk (apt-get install wrk); a Node client would measure itself');
  process.exit(0);
}
if (!fs.existsSync(GENERATOR)) {
  console.log(`skipped: the corpus generator is not at ${GENERATOR}`);
  process.exit(0);
}
if (WORKERS < 2) console.log(`note: ${WORKERS} worker(s) for N: the N/1 ratios say nothing`);

// ---- the servers, and making sure none outlives the run ----

interface Server {
  name: string;
  /** Processes that serve: 1, or the workers under a primary. */
  processes: number;
  origin: string;
  child: ChildProcess;
  exited: Promise<void>;
}
const servers: Server[] = [];
const killAll = () => {
  for (const s of servers) {
    try {
      process.kill(-s.child.pid!, 'SIGKILL'); // its process group: the primary and its workers
    } catch {
      // gone already
    }
  }
};
process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killAll();
    process.exit(130);
  });
}

// ---- the blog ----

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gloss-workers-'));
const dbPath = path.join(dir, 'gloss.db');
const store = await openStore(dbPath);
let started = performance.now();
const imported = await runImport({ store, file: generatedExport('workers', POSTS).file, format: 'blogger' });
console.log(
  `imported ${imported.posts.created.toLocaleString('en')} posts and ${imported.comments.created.toLocaleString('en')} comments in ${((performance.now() - started) / 1000).toFixed(0)} s`,
);
const posts = await store.db
  .selectFrom('posts')
  .select(['id', 'path', 'title', 'body_html'])
  .where('kind', '=', 'post')
  .where('status', '=', 'published')
  .orderBy('id')
  .execute();
const labelCounts = await store.db
  .selectFrom('post_labels')
  .innerJoin('labels', 'labels.id', 'post_labels.label_id')
  .select(['labels.name', (eb) => eb.fn.countAll<number>().as('n')])
  .groupBy('labels.name')
  .orderBy('n', 'desc')
  .orderBy('labels.name')
  .execute();
await store.close();
if (posts.length === 0 || labelCounts.length === 0) throw new Error('the import made no posts or no labels');

// A rare word: in the fewest posts (at least two), long enough not to be a fragment of others.
const postsWith = new Map<string, number>();
for (const p of posts) {
  const text = `${p.title} ${p.body_html.replace(/<[^>]*>/g, ' ').replace(/&[a-z#0-9]+;/gi, ' ')}`;
  for (const w of new Set(text.toLowerCase().match(/\p{L}{7,}/gu) ?? [])) {
    postsWith.set(w, (postsWith.get(w) ?? 0) + 1);
  }
}
const rare = [...postsWith]
  .filter(([, n]) => n >= 2 && n <= 5)
  // Latin words first: the word index, as most searches use it; other scripts go through grams.
  .sort(
    (a, b) =>
      Number(!/^\p{Script=Latin}+$/u.test(a[0])) - Number(!/^\p{Script=Latin}+$/u.test(b[0])) ||
      a[1] - b[1] ||
      a[0].localeCompare(b[0]),
  );
const post = posts[Math.floor(posts.length / 2)]!;
const label = labelCounts[0]!;

// ---- the servers ----

started = performance.now();
const cached1 = await startGloss('cached ×1', 1, true);
const cachedN = await startGloss(`cached ×${WORKERS}`, WORKERS, true);
const uncached1 = await startGloss('uncached ×1', 1, false);
const uncachedN = await startGloss(`uncached ×${WORKERS}`, WORKERS, false);
console.log(
  `4 gloss servers ready (/readyz 200, every worker listening) in ${((performance.now() - started) / 1000).toFixed(1)} s: ` +
    servers.map((s) => `${s.name} pid ${s.child.pid} (${serverPids(s).length} processes)`).join(', '),
);

let search = '';
let searchCount = 0;
for (const [word, n] of rare) {
  const res = await fetch(cached1.origin + urls.search(word));
  const text = await res.text();
  const count = /(\d[\d,]*) posts? match/.exec(text)?.[1];
  if (res.status === 200 && count) {
    search = word;
    searchCount = Number(count.replace(/,/g, ''));
    console.log(`rare word "${word}": in ${n} posts' text; the search page counts ${searchCount} results`);
    break;
  }
}
if (!search) throw new Error('no rare word found that the search answers');

const kinds: { kind: string; path: string }[] = [
  { kind: 'post page', path: post.path },
  { kind: 'home', path: '/' },
  { kind: `label (${label.name}, ${label.n} posts)`, path: urls.label(label.name) },
  { kind: `search "${search}"`, path: urls.search(search) },
];

// The bare servers send what the cached single worker sent for each address.
const pages: Record<string, { headers: [string, string][]; body: string }> = {};
for (const { kind, path: p } of kinds) {
  const res = await fetch(cached1.origin + p);
  const body = Buffer.from(await res.arrayBuffer());
  if (res.status !== 200) throw new Error(`${kind} ${p} answered ${res.status}`);
  const headers = [...res.headers.entries()].filter(
    ([n]) => !['content-length', 'date', 'connection', 'keep-alive', 'transfer-encoding'].includes(n),
  );
  pages[p] = { headers, body: body.toString('base64') };
  console.log(`  ${kind}: ${p} (${body.length.toLocaleString('en')} bytes)`);
  for (const s of servers.slice(1)) {
    const other = await fetch(s.origin + p);
    await other.arrayBuffer();
    if (other.status !== 200) throw new Error(`${s.name}: ${p} answered ${other.status}`);
  }
}
fs.writeFileSync(path.join(dir, 'pages.json'), JSON.stringify(pages));
const bare1 = await startBare('bare ×1', 1);
const bareN = await startBare(`bare ×${WORKERS}`, WORKERS);
const lineup = [bare1, bareN, cached1, cachedN, uncached1, uncachedN];

console.log(
  `\n${CORES} cores; wrk (2 threads) on the same machine; ${ROUNDS} rounds of ${SECONDS} s per figure, interleaved, after ${WARMUP} s of warm-up each; load average ${loads()}`,
);
if (WARMUP > 0) {
  for (const s of lineup) for (const { path: p } of kinds) await wrkTimed(s.origin + p, WARMUP, 16);
  console.log(`warmed up; load average ${loads()}`);
}

// ---- the rounds ----

interface Figure {
  run: TimedRun;
  wall: number;
  serverCpu: number;
  /** Processes of the server that used at least a tenth of a core. */
  busy: number;
  /** CPU seconds every other process on the machine used meanwhile (/proc/stat less the two). */
  others: number;
}
const results = new Map<string, Figure[]>();
const key = (k: string, c: number, s: Server) => `${k}|${c}|${s.name}`;
let failures = 0;
for (let round = 1; round <= ROUNDS; round++) {
  for (const { kind, path: p } of kinds) {
    for (const connections of CONNECTIONS) {
      for (const s of lineup) {
        const before = cpuByPid(serverPids(s));
        const machineBefore = machineBusy();
        const t0 = performance.now();
        const run = await wrkTimed(s.origin + p, SECONDS, connections);
        const wall = (performance.now() - t0) / 1000;
        const after = cpuByPid(serverPids(s));
        const machine = machineBusy() - machineBefore;
        let serverCpu = 0;
        let busy = 0;
        for (const [pid, cpu] of after) {
          const used = cpu - (before.get(pid) ?? 0);
          serverCpu += used;
          if (used / wall >= 0.1) busy++;
        }
        if (run.socketErrors || run.non2xx) {
          failures++;
          console.log(
            `INVALID: ${s.name}, ${kind}, ${connections} connections: ${run.socketErrors} socket errors, ${run.non2xx} non-2xx`,
          );
        }
        const list = results.get(key(kind, connections, s)) ?? [];
        list.push({ run, wall, serverCpu, busy, others: Math.max(0, machine - serverCpu - run.cpuSeconds) });
        results.set(key(kind, connections, s), list);
      }
    }
  }
  console.log(`round ${round} of ${ROUNDS} done; load average ${loads()}`);
}

// ---- the figures ----

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fig = (k: string, c: number, s: Server) => {
  const list = results.get(key(k, c, s))!;
  return {
    rps: median(list.map((f) => f.run.rps)),
    p99: median(list.map((f) => f.run.p99Ms)),
    errors: list.reduce((a, f) => a + f.run.socketErrors + f.run.non2xx, 0),
    server: median(list.map((f) => f.serverCpu / f.wall)),
    wrk: median(list.map((f) => f.run.cpuSeconds / f.wall)),
    busy: Math.min(...list.map((f) => f.busy)),
    others: median(list.map((f) => f.others / f.wall)),
  };
};
const ms = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(0));
const ok = (good: boolean) => (good ? 'ok' : 'MISSED');

console.log(
  `\nmedians of ${ROUNDS} rounds. req/s, p99 (ms), errors (socket + non-2xx); CPU in cores over the run: the server's (all its processes; "busy" = processes using ≥ 0.1 core) and wrk's. ` +
    `"saturated" = the server used ≥ 85% of the cores it could (its processes, less what wrk and the machine's other processes took) and wrk under half of the server's.`,
);
for (const { kind } of kinds) {
  for (const connections of CONNECTIONS) {
    console.log(`\n${kind}, ${connections} connections:`);
    for (const s of lineup) {
      const f = fig(kind, connections, s);
      const room = Math.min(s.processes, CORES - f.wrk - f.others);
      const saturated = f.server >= 0.85 * room && f.wrk < 0.5 * f.server;
      console.log(
        `  ${s.name.padEnd(13)} ${f.rps.toFixed(0).padStart(7)} req/s  p99 ${ms(f.p99).padStart(5)} ms ${f.p99 < P99_TARGET_MS ? '     ' : '>100!'}  errors ${String(f.errors).padEnd(3)}` +
          `  server ${f.server.toFixed(2)} cores (${f.busy}/${s.processes} busy), wrk ${f.wrk.toFixed(2)}, others ${f.others.toFixed(2)}: ${saturated ? 'saturated' : f.wrk >= 0.5 * f.server ? 'CLIENT-BOUND?' : 'not saturated'}`,
      );
    }
    const b1 = fig(kind, connections, bare1).rps;
    const bN = fig(kind, connections, bareN).rps;
    const c1 = fig(kind, connections, cached1).rps;
    const cN = fig(kind, connections, cachedN).rps;
    const u1 = fig(kind, connections, uncached1).rps;
    const uN = fig(kind, connections, uncachedN).rps;
    console.log(
      `  cached/bare: ×1 ${(c1 / b1).toFixed(2)}, ×${WORKERS} ${(cN / bN).toFixed(2)} (target ≥ ${CACHED_TARGET}: ${ok(c1 / b1 >= CACHED_TARGET)}, ${ok(cN / bN >= CACHED_TARGET)}); ` +
        `×${WORKERS}/×1: uncached ${(uN / u1).toFixed(2)} (target ≥ ${SCALING_TARGET}: ${ok(uN / u1 >= SCALING_TARGET)}), cached ${(cN / c1).toFixed(2)}, bare ${(bN / b1).toFixed(2)}; ` +
        `uncached ×${WORKERS} ${uN.toFixed(0)} req/s = ${(uN / UNCACHED_TARGET).toFixed(2)}× the ${UNCACHED_TARGET.toLocaleString('en')} target (${(uN / GHOST_RPS).toFixed(0)}× Ghost's ${GHOST_RPS})`,
    );
  }
}
const slow = [...results.keys()].filter((k) => {
  const [kind, c, name] = k.split('|');
  return fig(kind!, Number(c), lineup.find((s) => s.name === name)!).p99 >= P99_TARGET_MS;
});
console.log(
  `\np99 under ${P99_TARGET_MS} ms: ${slow.length === 0 ? 'every figure' : `not for ${slow.map((k) => k.replaceAll('|', ' / ')).join('; ')}`}`,
);
console.log(`load average at the end ${loads()}`);

// ---- stopping: every process, checked ----

const groups = lineup.map((s) => s.child.pid!);
await Promise.all(
  lineup.map((s) => {
    s.child.kill('SIGTERM');
    return Promise.race([s.exited, new Promise((r) => setTimeout(r, 20_000))]);
  }),
);
await new Promise((r) => setTimeout(r, 500));
// Exited children not yet reaped (zombies, state Z: tsx's esbuild helpers) hold nothing; only live
// processes count as strays.
const inGroups = () =>
  execFileSync('ps', ['-eo', 'pid=,pgid=,stat=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((f) => groups.includes(Number(f[1])));
const zombies = inGroups().filter((f) => f[2]!.startsWith('Z'));
const stray = inGroups()
  .filter((f) => !f[2]!.startsWith('Z'))
  .map((f) => f.join(' '));
if (zombies.length > 0)
  console.log(
    `${zombies.length} exited child process(es) not yet reaped (zombies): ${zombies.map((f) => f.slice(3).join(' ')).join(', ')}`,
  );
if (stray.length > 0) {
  console.log(`STRAY processes after SIGTERM (killed now):\n${stray.join('\n')}`);
  killAll();
  failures++;
} else {
  console.log(`stopped: no process left in the servers' ${groups.length} process groups (ps)`);
}
fs.rmSync(dir, { recursive: true, force: true });
if (failures) {
  console.error(`${failures} invalid figure(s) or stray processes: the measurement does not stand`);
  process.exit(1);
}

// ---- helpers ----

function loads(): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
}

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

/** `gloss serve` as a reader's blog runs it, in its own process group; resolves once every worker listens. */
async function startGloss(name: string, workers: number, cache: boolean): Promise<Server> {
  const port = await freePort();
  const logFile = path.join(dir, `${name.replace(/\W+/g, '-')}.log`);
  const log = fs.openSync(logFile, 'w');
  const child = spawn(
    process.execPath,
    [...startNodeFlags(), path.join(root, 'bin', 'gloss.mjs'), 'serve', '--no-seed'],
    {
      cwd: dir,
      env: {
        ...process.env,
        DATABASE_URL: dbPath,
        HOST: '127.0.0.1',
        PORT: String(port),
        GLOSS_WORKERS: String(workers),
        GLOSS_CACHE: cache ? 'on' : 'off',
        // The same address in every page, whichever port served it, so the bytes match.
        GLOSS_BASE_URL: 'http://127.0.0.1:8080',
        GLOSS_MEDIA_DIR: path.join(dir, 'media'),
      },
      stdio: ['ignore', log, log],
      detached: true,
    },
  );
  fs.closeSync(log);
  const server: Server = {
    name,
    processes: workers,
    origin: `http://127.0.0.1:${port}`,
    child,
    exited: new Promise((resolve) => child.once('exit', () => resolve())),
  };
  servers.push(server);
  let gone = false;
  void server.exited.then(() => {
    gone = true;
  });
  const deadline = Date.now() + 120_000;
  while (!gone && Date.now() < deadline) {
    // The primary says it serves only once every worker has told it that it listens.
    const announced = /Gloss is serving/.test(fs.readFileSync(logFile, 'utf8'));
    const serving = serverPids(server).length - (workers > 1 ? 1 : 0);
    if (announced && serving === workers) {
      try {
        if ((await fetch(`${server.origin}/readyz`)).status === 200) return server;
      } catch {
        // not yet
      }
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${name} did not start:\n${fs.readFileSync(logFile, 'utf8')}`);
}

async function startBare(name: string, processes: number): Promise<Server> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(here, 'lib', 'bare-pages.ts'),
      path.join(dir, 'pages.json'),
      String(port),
      String(processes),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'], detached: true },
  );
  const server: Server = {
    name,
    processes,
    origin: `http://127.0.0.1:${port}`,
    child,
    exited: new Promise((resolve) => child.once('exit', () => resolve())),
  };
  servers.push(server);
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code}`)));
  });
  for (const { path: p } of kinds) {
    const res = await fetch(server.origin + p);
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${name}: ${p} answered ${res.status}`);
  }
  return server;
}

/** The node processes of a server's process group (the primary and its workers, or the one). */
function serverPids(s: Server): number[] {
  const group = s.child.pid!;
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === group && stat.includes('(node)')) pids.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return pids;
}

/** Busy CPU seconds of the whole machine, all cores (/proc/stat: user nice system irq softirq steal). */
function machineBusy(): number {
  const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).map(Number);
  return (f[1]! + f[2]! + f[3]! + f[6]! + f[7]! + f[8]!) / CLOCK_TICKS;
}

/** User + system CPU seconds of each process (/proc/PID/stat, in clock ticks). */
function cpuByPid(pids: number[]): Map<number, number> {
  const cpu = new Map<number, number>();
  for (const pid of pids) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      cpu.set(pid, (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS);
    } catch {
      // exited meanwhile: its time is lost, and a worker that dies shows as fewer busy
    }
  }
  return cpu;
}
