import assert from 'node:assert/strict';
import os from 'node:os';
import { it } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';

const cacheBytes = (env: NodeJS.ProcessEnv) => loadConfig(env, '/srv').cacheBytes;

it('bounds the page cache at 32 MiB unless told otherwise', () => {
  assert.equal(cacheBytes({}), 32 * 1024 * 1024);
  assert.equal(cacheBytes({ GLOSS_CACHE_BYTES: '64M' }), 64 * 1024 * 1024);
  assert.equal(cacheBytes({ GLOSS_CACHE_BYTES: '512k' }), 512 * 1024);
  assert.equal(cacheBytes({ GLOSS_CACHE_BYTES: '1GiB' }), 1024 ** 3);
  assert.equal(cacheBytes({ GLOSS_CACHE_BYTES: '100000' }), 100_000);
});

it('turns the page cache really off', () => {
  assert.equal(cacheBytes({ GLOSS_CACHE: 'off' }), 0);
  assert.equal(cacheBytes({ GLOSS_CACHE: '0', GLOSS_CACHE_BYTES: '64M' }), 0);
  assert.equal(cacheBytes({ GLOSS_CACHE_BYTES: '0' }), 0);
  assert.equal(cacheBytes({ GLOSS_CACHE: 'on' }), 32 * 1024 * 1024);
});

it('refuses sizes and switches it cannot read, naming the variable', () => {
  assert.throws(() => cacheBytes({ GLOSS_CACHE_BYTES: 'lots' }), /GLOSS_CACHE_BYTES.*"lots"/);
  assert.throws(() => cacheBytes({ GLOSS_CACHE_BYTES: '-5' }), ConfigError);
  assert.throws(() => cacheBytes({ GLOSS_CACHE: 'sometimes' }), /GLOSS_CACHE must be/);
  assert.throws(() => cacheBytes({ GLOSS_CACHE_ENTRIES: '0' }), /GLOSS_CACHE_BYTES/);
});

it('serves from one process per core unless told otherwise', () => {
  const workers = (env: NodeJS.ProcessEnv) => loadConfig(env, '/srv').workers;
  assert.equal(workers({}), os.availableParallelism());
  assert.equal(workers({ GLOSS_WORKERS: 'auto' }), os.availableParallelism());
  assert.equal(workers({ GLOSS_WORKERS: '1' }), 1);
  assert.equal(workers({ GLOSS_WORKERS: '3' }), 3);
  assert.throws(
    () => workers({ GLOSS_WORKERS: '0' }),
    /GLOSS_WORKERS must be a whole number from 1 to 256, not "0"/,
  );
  assert.throws(() => workers({ GLOSS_WORKERS: 'many' }), /GLOSS_WORKERS.*"many"/);
});
