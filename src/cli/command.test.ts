import assert from 'node:assert/strict';
import { it } from 'node:test';
import { ConfigError } from '../config.ts';
import { type CliIO, commandContext } from './command.ts';

function io(env: NodeJS.ProcessEnv): CliIO {
  return { out: () => {}, err: () => {}, readStdin: async () => '', isTTY: false, env, cwd: '/srv/blog' };
}

it('reads the config once, when a command first asks for it', () => {
  const env: NodeJS.ProcessEnv = { PORT: '8081' };
  const context = commandContext(io(env));
  env.PORT = '9000';
  const config = context.config();
  assert.equal(config.port, 9000, 'read on first use');
  assert.equal(config.databaseUrl, '/srv/blog/data/gloss.db');
  env.PORT = '9001';
  assert.equal(context.config(), config, 'the same settings for the whole command');
});

it('fails on a bad environment only where the config is used, as commands always have', () => {
  const context = commandContext(io({ PORT: 'eighty' }));
  assert.throws(() => context.config(), ConfigError);
});

it('hands commands its clock', () => {
  const at = new Date('2030-01-01T00:00:00.000Z');
  assert.equal(commandContext(io({}), () => at).now(), at);
  assert.ok(commandContext(io({})).now() instanceof Date);
});
