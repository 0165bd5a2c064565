// The corpus generator's Blogger export (../shared/bench/gen-corpus.mjs, the blog the anchors were
// measured on), written once per bench and size into $TMPDIR/gloss-bench-NAME/COUNT/ and kept
// for the next run.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const GENERATOR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../shared/bench/gen-corpus.mjs',
);

export interface GeneratedExport {
  file: string;
  /** What the generator printed: posts, comments and bytes written. */
  stats: { posts: number; comments: number; bytes: number };
}

export function generatedExport(bench: string, count: number): GeneratedExport {
  const dir = path.join(os.tmpdir(), `gloss-bench-${bench}`, String(count));
  const file = path.join(dir, 'blogger-export.xml');
  const statsFile = path.join(dir, 'stats.json');
  if (!fs.existsSync(file) || !fs.existsSync(statsFile)) {
    console.log(`generating a ${count.toLocaleString('en')}-post Blogger export…`);
    const out = execFileSync(
      process.execPath,
      [GENERATOR, dir, `--count=${count}`, '--format=blogger-atom'],
      {
        encoding: 'utf8',
      },
    );
    fs.writeFileSync(statsFile, out);
  }
  return { file, stats: JSON.parse(fs.readFileSync(statsFile, 'utf8')) };
}
