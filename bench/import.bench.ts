// `npm run bench import`: imports synthetic Blogger exports (../shared/bench/gen-corpus.mjs) and
// prints time, posts per second and peak memory, as ratios against saxes merely parsing the same
// file in the same run. Each measurement runs in its own process (bench/lib/import-child.ts), so
// each peak RSS is its own; RSS is also sampled through the file, to show it stays flat.
//
//   GLOSS_BENCH_IMPORT="sqlite:10000,sqlite:100000,postgres:10000"   (the default)
//
// Generated exports are kept in $TMPDIR/gloss-bench-import/ for the next run.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { GENERATOR, generatedExport } from './lib/generated-export.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const plan = (process.env.GLOSS_BENCH_IMPORT ?? 'sqlite:10000,sqlite:100000,postgres:10000')
  .split(',')
  .map((s) => s.trim().split(':') as [string, string])
  .map(([db, n]) => ({ db, count: Number(n) }));
const adminUrl = process.env.GLOSS_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

interface Result {
  mode: string;
  seconds: number;
  cpuSeconds: number;
  peakRssMb: number;
  samples: { at: number; rssMb: number }[];
  counts: Record<string, number>;
}

if (!fs.existsSync(GENERATOR)) {
  console.log(`skipped: the corpus generator is not at ${GENERATOR}`);
  process.exit(0);
}

function child(mode: string, file: string, url?: string): Result {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(here, 'lib', 'import-child.ts'), mode, file, ...(url ? [url] : [])],
    { encoding: 'utf8', cwd: path.resolve(here, '..'), maxBuffer: 1 << 24 },
  );
  if (result.status !== 0) throw new Error(`${mode} failed: ${result.stderr || result.stdout}`);
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!) as Result;
}

async function withDatabase<T>(db: string, fn: (url: string) => T): Promise<T> {
  if (db === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gloss-bench-db-'));
    try {
      return fn(path.join(dir, 'gloss.db'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  const name = `gloss_bench_import_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  try {
    return fn(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

/** The machine's load over the last minute: beside each figure, since other work shares the cores. */
const load = () => os.loadavg()[0]!.toFixed(1);
const fmt = (n: number, digits = 1) =>
  n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const baselines = new Map<number, Result>();

for (const { db, count } of plan) {
  const { file, stats } = generatedExport('import', count);
  let base = baselines.get(count);
  if (!base) {
    base = child('parse', file);
    baselines.set(count, base);
    const reader = child('read', file);
    console.log(
      `\n${count.toLocaleString('en')} posts, ${stats.comments.toLocaleString('en')} comments, ${fmt(stats.bytes / 1e6, 0)} MB (load ${load()}; wall s, ratio, CPU s, peak RSS, ratio)`,
    );
    console.log(
      `  saxes parse only (baseline)   ${fmt(base.seconds).padStart(7)} s         ${fmt(base.cpuSeconds).padStart(7)} s CPU ${String(base.peakRssMb).padStart(5)} MB peak`,
    );
    console.log(
      `  Gloss reader, nothing stored  ${fmt(reader.seconds).padStart(7)} s ${fmt(reader.seconds / base.seconds).padStart(5)}× ${fmt(reader.cpuSeconds).padStart(7)} s CPU ${String(reader.peakRssMb).padStart(5)} MB ${fmt(reader.peakRssMb / base.peakRssMb)}×`,
    );
  }
  let imported: Result;
  try {
    imported = await withDatabase(db, (url) => child('import', file, url));
  } catch (err) {
    console.log(`  import into ${db}: ${(err as Error).message.split('\n')[0]}`);
    continue;
  }
  const posts = imported.counts.posts ?? 0;
  console.log(
    `  import into ${db.padEnd(10)}        ${fmt(imported.seconds).padStart(7)} s ${fmt(imported.seconds / base.seconds).padStart(5)}× ${fmt(imported.cpuSeconds).padStart(7)} s CPU ${String(imported.peakRssMb).padStart(5)} MB ${fmt(imported.peakRssMb / base.peakRssMb)}×   ${Math.round(posts / imported.seconds)} posts/s (load ${load()})`,
  );
  console.log(
    `    RSS through the file: ${imported.samples.map((s) => `${s.at}% ${s.rssMb} MB`).join(', ')}`,
  );
  const skipped = (imported.counts.duplicatePosts ?? 0) + (imported.counts.duplicateComments ?? 0);
  if (skipped) {
    console.log(
      `    skipped ${imported.counts.duplicatePosts} posts and ${imported.counts.duplicateComments} comments whose ids repeat an earlier entry's (the generator draws ids from a 32-bit generator)`,
    );
  }
  if (
    posts + (imported.counts.duplicatePosts ?? 0) !== stats.posts ||
    imported.counts.comments! + (imported.counts.duplicateComments ?? 0) !== stats.comments
  ) {
    console.log(`    COUNT MISMATCH: imported ${posts} posts, ${imported.counts.comments} comments`);
  }
}
