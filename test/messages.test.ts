// What the CLI says, as a user reads it: every command answers --help (and `gloss help COMMAND`),
// groups such as `gloss import` list their kinds, `gloss --version` prints the version, and every
// problem is reported as sentences (a capital first, one full stop at the end, never ".."), at
// the line where a file goes wrong. Runs main() in process, with a fresh SQLite file.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CliIO } from '../src/cli/command.ts';
import { COMMANDS } from '../src/cli/commands.ts';
import { sentenceProblem } from '../src/lib/sentence.ts';
import { main } from '../src/main.ts';

describe('CLI messages', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gloss-messages-'));
    env = { DATABASE_URL: path.join(dir, 'blog.db') };
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function gloss(...argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIO = {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      readStdin: async () => '',
      isTTY: false,
      env,
      cwd: dir,
    };
    const code = await main(argv, io);
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  /** The first line of what went to stderr, without its "gloss COMMAND: " prefix, must read as sentences. */
  function assertSentences(stderr: string, what: string) {
    const first = stderr.split('\n')[0]!;
    assert.match(first, /^gloss[a-z ]*: /, `${what}: "${first}" names the command`);
    const message = first.replace(/^gloss[a-z ]*: /, '');
    const problem = sentenceProblem(message);
    assert.equal(problem, null, `${what}: "${message}": ${problem}`);
  }

  it('answers --help and `help COMMAND` for every command, exit 0', async () => {
    for (const name of Object.keys(COMMANDS)) {
      const words = name.split(' ');
      for (const argv of [
        [...words, '--help'],
        [...words, '-h'],
        ['help', ...words],
      ]) {
        const r = await gloss(...argv);
        assert.equal(r.code, 0, argv.join(' '));
        assert.match(r.out, new RegExp(`^Usage: gloss ${name}\\b`), `${argv.join(' ')} prints its usage`);
        assert.equal(r.err, '');
      }
    }
  });

  it('lists the kinds of a group alone, with --help, or after help', async () => {
    for (const argv of [['import'], ['import', '--help'], ['help', 'import']]) {
      const r = await gloss(...argv);
      assert.equal(r.code, 0, argv.join(' '));
      assert.match(r.out, /^Usage: gloss import text\|blogger\|wordpress\|json/);
      for (const kind of ['text', 'blogger', 'wordpress', 'json'])
        assert.match(r.out, new RegExp(`gloss import ${kind} `));
    }
    assert.match((await gloss('export', '--help')).out, /gloss export static/);
    assert.match((await gloss('user', '--help')).out, /gloss user add/);
    const wrong = await gloss('import', 'bloger', 'x.xml');
    assert.equal(wrong.code, 2);
    assertSentences(wrong.err, 'an unknown kind');
    assert.match(wrong.err, /gloss import blogger/, 'the kinds follow');
  });

  it('prints the version', async () => {
    const { version } = JSON.parse(fs.readFileSync('package.json', 'utf8'));
    for (const flag of ['--version', '-v', 'version']) {
      const r = await gloss(flag);
      assert.equal(r.code, 0);
      assert.equal(r.out, `gloss ${version}`);
    }
    assert.match((await gloss('--help')).out, /--version/);
  });

  it('reports every usage problem as sentences', async () => {
    const cases = [
      ['nonsense'],
      ['import', 'text'],
      ['import', 'blogger'],
      ['import', 'wordpress', 'a.xml', 'b.xml'],
      ['import', 'json'],
      ['export', 'json'],
      ['export', 'blogger'],
      ['export', 'static'],
      ['backup'],
      ['clip'],
      ['reindex', '--fast'],
      ['serve', '--port'],
      ['user', 'add'],
      ['user', 'add', '--email', 'e@example.org'],
      ['user', 'add', '--email', 'e@example.org', '--name', 'E', '--role', 'king'],
      ['import', 'blogger', path.join('missing', 'file.xml')],
    ];
    for (const argv of cases) {
      const r = await gloss(...argv);
      assert.notEqual(r.code, 0, argv.join(' '));
      assertSentences(r.err, argv.join(' '));
    }
  });

  it('reports a file that is not XML at its first line, in one sentence per thought', async () => {
    const readme = path.join(dir, 'README.md');
    fs.writeFileSync(readme, '# A project\n\nSome words.\n\n```sh\nnpm ci && npm start\n```\n<b>bold</b>\n');
    for (const kind of ['blogger', 'wordpress']) {
      const r = await gloss('import', kind, readme);
      assert.equal(r.code, 1);
      assertSentences(r.err, `import ${kind} README.md`);
      assert.match(r.err, /README\.md: line 1, column 1: this is not an XML file/);
      assert.match(r.err, /Nothing was imported/);
    }
    const blank = path.join(dir, 'notes.txt');
    fs.writeFileSync(blank, '\n\n   Notes & more\n');
    assert.match((await gloss('import', 'blogger', blank)).err, /line 3, column 4:/);
  });
});
