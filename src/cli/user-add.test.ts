// `gloss user add` as scripts use it, on both databases: the password comes from standard input
// and never appears in the output.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type DatabaseKind, freshDatabase, postgresProblem } from '../../test/helpers/databases.ts';
import { verifyPassword } from '../auth/passwords.ts';
import { findByEmail } from '../auth/users.ts';
import { main } from '../main.ts';
import { openStore } from '../storage/db.ts';

const GLOSS = path.resolve('bin/gloss.mjs');
const PASSWORD = 'correct horse battery staple';

function gloss(args: string[], env: Record<string, string>, input = '') {
  const result = spawnSync(process.execPath, [GLOSS, ...args], {
    env: { ...process.env, ...env },
    input,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

for (const kind of ['sqlite', 'postgres'] as DatabaseKind[]) {
  const skip =
    kind === 'postgres' && process.env.CI !== 'true' ? process.env.GLOSS_TEST_POSTGRES_PROBLEM : undefined;
  describe(`gloss user add [${kind}]`, {
    skip: skip ? `PostgreSQL is not reachable (${skip})` : false,
  }, () => {
    let db: Awaited<ReturnType<typeof freshDatabase>>;
    before(async () => {
      if (kind === 'postgres') {
        const problem = await postgresProblem();
        if (problem) throw new Error(`PostgreSQL is required under CI=true: ${problem}`);
      }
      db = await freshDatabase(kind);
    });
    after(() => db?.drop());

    it('adds a user with the password from standard input', async () => {
      const r = gloss(
        [
          'user',
          'add',
          '--email',
          'Ed@Example.org',
          '--name',
          'Ed Itor',
          '--role',
          'admin',
          '--password-stdin',
        ],
        { DATABASE_URL: db.url },
        `${PASSWORD}\n`,
      );
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /Added Ed Itor <ed@example\.org> as admin/);
      assert.ok(!r.out.includes(PASSWORD) && !r.err.includes(PASSWORD));
      const store = await openStore(db.url);
      try {
        const user = await findByEmail(store.db, 'ed@example.org');
        assert.equal(user?.role, 'admin');
        assert.ok(await verifyPassword(user!.password_hash, PASSWORD), 'the final newline is not part of it');
      } finally {
        await store.close();
      }
    });

    it('refuses bad input with a clear message and exit code', async () => {
      // In process (main() with its own input and output): the same code path, without a spawn each.
      const run = async (args: string[], stdin = '') => {
        const out: string[] = [];
        const err: string[] = [];
        const code = await main(['user', 'add', ...args], {
          out: (l) => out.push(l),
          err: (l) => err.push(l),
          readStdin: async () => stdin,
          isTTY: false,
          env: { DATABASE_URL: db.url },
          cwd: process.cwd(),
        });
        return { code, out: out.join('\n'), err: err.join('\n') };
      };
      const dup = await run(
        ['--email', 'ed@example.org', '--name', 'Again', '--role', 'author', '--password-stdin'],
        PASSWORD,
      );
      assert.equal(dup.code, 1);
      assert.match(dup.err, /already an account for ed@example\.org/);
      const role = await run(
        ['--email', 'x@example.org', '--name', 'X', '--role', 'boss', '--password-stdin'],
        PASSWORD,
      );
      assert.equal(role.code, 2);
      assert.match(role.err, /--role must be one of owner, admin, author, moderator/);
      const noStdin = await run(['--email', 'x@example.org', '--name', 'X', '--role', 'author']);
      assert.equal(noStdin.code, 2);
      assert.match(noStdin.err, /--password-stdin is required/);
      const short = await run(
        ['--email', 'x@example.org', '--name', 'X', '--role', 'author', '--password-stdin'],
        'short',
      );
      assert.equal(short.code, 1);
      assert.match(short.err, /at least 10 characters/);
      const unknown = await run(['--email', 'x@example.org', '--nmae', 'X']);
      assert.equal(unknown.code, 2);
      const help = await run(['--help']);
      assert.equal(help.code, 0);
      assert.match(help.out, /--password-stdin/);
    });
  });
}
