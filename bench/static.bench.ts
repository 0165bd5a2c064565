// `npm run bench static`: the static mirror (`gloss export static`) against Hugo building the
// same generated posts (../shared/bench/gen-corpus.mjs writes both: Markdown for Hugo, a Blogger
// export that Gloss imports first, untimed). Wall time and peak RSS of each, measured in the same
// run with /usr/bin/time, printed as ratios to Hugo's (CPU seconds beside wall seconds, and the
// machine's load, since other work may share the cores); then a second export into the same
// folder with nothing changed (every file compared, none rewritten), and a third after one new
// post (what it rewrites, and how long it takes). Skips without hugo.
//
//   GLOSS_BENCH_STATIC=10000   posts (the default)
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const generator = path.resolve(here, '../../shared/bench/gen-corpus.mjs');
const count = Number(process.env.GLOSS_BENCH_STATIC ?? 10000);
const hugo = spawnSync('hugo', ['version'], { encoding: 'utf8' });

if (!fs.existsSync(generator)) {
  console.log(`skipped: the corpus generator is not at ${generator}`);
  process.exit(0);
}
if (hugo.status !== 0) {
  console.log('skipped: hugo is not installed (apt-get install hugo)');
  process.exit(0);
}

const work = path.join(os.tmpdir(), 'gloss-bench-static', String(count));
const markdown = path.join(work, 'markdown');
const blogger = path.join(work, 'blogger');
for (const [dir, format] of [
  [markdown, 'markdown'],
  [blogger, 'blogger-atom'],
] as const) {
  if (!fs.existsSync(path.join(dir, '.done'))) {
    console.log(`generating ${count.toLocaleString('en')} posts as ${format}…`);
    fs.rmSync(dir, { recursive: true, force: true });
    execFileSync(process.execPath, [generator, dir, `--count=${count}`, `--format=${format}`]);
    fs.writeFileSync(path.join(dir, '.done'), '');
  }
}
// Hugo reads content/posts/*.md: the Markdown corpus is that folder.
const content = path.join(work, 'hugo-content');
if (!fs.existsSync(path.join(content, 'posts'))) {
  fs.mkdirSync(content, { recursive: true });
  fs.symlinkSync(markdown, path.join(content, 'posts'));
}

interface Run {
  seconds: number;
  cpu: number;
  peakMb: number;
  files: number;
  output: string;
  /** The machine's load average over the last minute, when the run ended. */
  load: string;
}

/** Runs a command under /usr/bin/time: wall seconds and peak RSS of the process. */
function timed(cmd: string, args: string[], out: string, env: NodeJS.ProcessEnv = process.env): Run {
  const r = spawnSync('/usr/bin/time', ['-f', 'TIME %e %M %U %S', cmd, ...args], {
    encoding: 'utf8',
    env,
    cwd: path.resolve(here, '..'),
    maxBuffer: 1 << 26,
  });
  if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr.slice(-2000)}`);
  const m = /TIME ([\d.]+) (\d+) ([\d.]+) ([\d.]+)/.exec(r.stderr)!;
  const files = (fs.readdirSync(out, { recursive: true, withFileTypes: true }) as fs.Dirent[]).filter((e) =>
    e.isFile(),
  ).length;
  return {
    seconds: Number(m[1]),
    cpu: Number(m[3]) + Number(m[4]),
    peakMb: Math.round(Number(m[2]) / 1024),
    files,
    output: r.stdout.trim(),
    load: os.loadavg()[0]!.toFixed(1),
  };
}

const hugoOut = path.join(work, 'hugo-public');
fs.rmSync(hugoOut, { recursive: true, force: true });
const h = timed(
  'hugo',
  ['--source', path.join(here, 'hugo-site'), '--contentDir', content, '--destination', hugoOut, '--quiet'],
  hugoOut,
);

const db = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gloss-bench-static-db-')), 'gloss.db');
const env = { ...process.env, DATABASE_URL: db };
const gloss = path.resolve(here, '../bin/gloss.mjs');
console.log('importing the Blogger export (not timed)…');
execFileSync(process.execPath, [gloss, 'import', 'blogger', path.join(blogger, 'blogger-export.xml')], {
  env,
  stdio: 'ignore',
});
const mirror = path.join(work, 'gloss-mirror');
fs.rmSync(mirror, { recursive: true, force: true });
const g = timed(process.execPath, [gloss, 'export', 'static', mirror], mirror, env);
const again = timed(process.execPath, [gloss, 'export', 'static', mirror], mirror, env);
const added = execFileSync(
  process.execPath,
  ['--import', 'tsx', path.join(here, 'lib', 'static-add-post.ts')],
  {
    env,
    cwd: path.resolve(here, '..'),
    encoding: 'utf8',
  },
).trim();
const oneMore = timed(process.execPath, [gloss, 'export', 'static', mirror], mirror, env);
fs.rmSync(path.dirname(db), { recursive: true, force: true });

const fmt = (n: number) => n.toLocaleString('en', { maximumFractionDigits: 1, minimumFractionDigits: 1 });
const line = (name: string, r: Run, note: string) =>
  console.log(
    `  ${name.padEnd(30)} ${fmt(r.seconds).padStart(7)} s ${fmt(r.seconds / h.seconds).padStart(5)}× ${fmt(r.cpu).padStart(7)} s CPU ${String(r.peakMb).padStart(5)} MB ${fmt(r.peakMb / h.peakMb).padStart(4)}×  load ${r.load}  ${note}`,
  );
console.log(
  `\n${count.toLocaleString('en')} posts (${hugo.stdout.trim().split(' ').slice(0, 2).join(' ')}): wall, ratio to Hugo, CPU, peak RSS, ratio`,
);
line('Hugo build (baseline)', h, `${h.files} files`);
line('gloss export static', g, `${g.files} files`);
line('again, nothing changed', again, again.output.split('\n').at(-1)!);
line('again, after one new post', oneMore, `${added}: ${oneMore.output.split('\n').at(-1)}`);
