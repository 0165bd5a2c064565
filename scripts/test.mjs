#!/usr/bin/env node
// `npm test`: finds every *.test.ts / *.test.tsx under src/ and test/ and runs them with node:test
// (Node 20 does not expand globs in --test). Probes PostgreSQL once, so suites that need it can
// skip with a clear message outside CI; under CI=true nothing skips.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const only = process.argv.slice(2);

function find(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : find(full);
    return /\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

const files = (
  only.length
    ? only.map((f) => path.resolve(f))
    : [...find(path.join(root, 'src')), ...find(path.join(root, 'test'))]
).sort();

const env = { ...process.env };
const url = env.GLOSS_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
try {
  await client.connect();
  await client.query('SELECT 1');
  delete env.GLOSS_TEST_POSTGRES_PROBLEM;
} catch (err) {
  env.GLOSS_TEST_POSTGRES_PROBLEM = err.message || String(err);
  console.warn(`PostgreSQL at ${url} is not reachable: ${env.GLOSS_TEST_POSTGRES_PROBLEM}`);
  if (env.CI === 'true') console.warn('CI=true: the PostgreSQL suites will fail rather than skip.');
} finally {
  await client.end().catch(() => {});
}

const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files],
  { stdio: 'inherit', env, cwd: root },
);
process.exit(result.status ?? 1);
