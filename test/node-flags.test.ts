// `npm start` and the `gloss` command (its #! line) give Node the same flags, and the benches
// serve with them (bench/lib/start-flags.ts reads package.json's "start").
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { test } from 'node:test';
import { startNodeFlags } from '../bench/lib/start-flags.ts';

const bin = new URL('../bin/gloss.mjs', import.meta.url);

test('npm start and the gloss command run Node with the same flags', () => {
  const shebang = fs.readFileSync(bin, 'utf8').split('\n')[0]!;
  const match = /^#!\/usr\/bin\/env -S node((?: --[\w-]+=\S+)*)$/.exec(shebang);
  assert.ok(match, `bin/gloss.mjs starts with "#!/usr/bin/env -S node --flag=value…", not ${shebang}`);
  const fromShebang = match[1]!.trim().split(/\s+/).filter(Boolean);
  assert.deepEqual(fromShebang, startNodeFlags());
  assert.ok(startNodeFlags().includes('--max-semi-space-size=8'));
});

test('the gloss command runs by its #! line', () => {
  const run = spawnSync(bin.pathname, ['--help'], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /Usage: gloss/);
});
