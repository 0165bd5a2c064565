import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { onFirstUse } from './on-first-use.ts';

const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** What a reader's page never needs; each costs 4–27 MB of a server's memory once loaded. */
const HEAVY = ['linkedom', 'sharp', 'feedsmith', 'nodemailer', '@node-rs/argon2'];

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

it('loads a package the first time it is asked for, once', () => {
  const path = onFirstUse<typeof import('node:path')>('node:path');
  assert.equal(path().join('a', 'b'), 'a/b');
  assert.equal(path(), path());
});

it('names a package that is not installed when asked for it, not before', () => {
  const missing = onFirstUse('gloss-no-such-package');
  assert.throws(() => missing(), /gloss-no-such-package/);
});

it('leaves the heavy packages out of src/ imports, but for their types', () => {
  const offenders: string[] = [];
  for (const file of sources(src)) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^import\s+(?!type\s)([^;]*?)\s+from\s+'([^']+)'/gms)) {
      if (HEAVY.includes(m[2]!) && !/^\{\s*type\s[^,}]*\}$/.test(m[1]!.trim()))
        offenders.push(`${path.relative(src, file)} imports ${m[2]}`);
    }
  }
  assert.deepEqual(offenders, []);
});

it('loads what `gloss serve` loads (every route and job) without any of them', () => {
  // A child process imports what `gloss serve` imports, then lists which of them were loaded
  // (CommonJS packages show in require.cache; linkedom's ES build would not, the scan above sees it).
  const script = `
    import { createRequire } from 'node:module';
    await import(${JSON.stringify(path.join(src, 'cli/serve.ts'))});
    const files = Object.keys(createRequire(import.meta.url).cache);
    const loaded = ${JSON.stringify(HEAVY)}.filter((name) => files.some((f) => f.includes('/node_modules/' + name + '/')));
    console.log(JSON.stringify(loaded));
  `;
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: path.resolve(src, '..'),
    encoding: 'utf8',
  });
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(JSON.parse(run.stdout.trim().split('\n').at(-1)!), []);
});
