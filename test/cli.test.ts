// The CLI as a user runs it: `gloss serve` on a fresh database, `gloss import text` while the
// server runs (the post shows at once), --json output, and clear errors for bad input.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

const GLOSS = path.resolve('bin/gloss.mjs');
const SEED = path.resolve('src/clippings/sample/seed-page.txt');

/**
 * Runs the CLI without blocking this process: a blocking spawn would leave pooled keep-alive
 * sockets to the server unread while the server closes them, and the next fetch would fail.
 */
function gloss(
  args: string[],
  env: Record<string, string>,
  input?: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [GLOSS, ...args], {
      env: { ...process.env, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: 60_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

describe('gloss CLI', () => {
  let dir: string;
  let env: Record<string, string>;
  let server: ChildProcess | undefined;
  let base = '';
  let output = '';

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gloss-cli-'));
    env = { DATABASE_URL: path.join(dir, 'blog.db'), PORT: '0', HOST: '127.0.0.1' };
    server = spawn(process.execPath, [GLOSS], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    server.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    // `gloss` alone starts a worker per core, each loading the app: on a loaded 2-core machine
    // that can take far longer than on an idle one. This is a wait, not a speed test.
    const deadline = Date.now() + 120_000;
    while (!/Create the owner account/.test(output)) {
      if (Date.now() > deadline) throw new Error(`the server did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    base = /Gloss is serving (http:\/\/[^/\s]+)\//.exec(output)![1]!;
  });

  after(() => {
    server?.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('serves the sample blog on first start and prints a one-time owner link, no password', async () => {
    assert.match(
      output,
      /Created the sample blog; its first post is at \/2017\/07\/hun-sen-to-visit-japan\.html/,
    );
    assert.match(output, /\/admin\/setup\?token=[\w-]{20,}/);
    assert.doesNotMatch(output, /password/i);
    const home = await (await fetch(`${base}/`)).text();
    assert.match(home, /Paris Peace Accords 23 Oct\. 1991/);
    assert.match(home, /Monday, July 31, 2017/);
    const post = await fetch(`${base}/2017/07/hun-sen-to-visit-japan.html`);
    assert.equal(post.status, 200);
    assert.match(await post.text(), /class="editor-note"/);
  });

  it('imports pasted text while the server runs, and the post is served at once', async () => {
    await fetch(`${base}/`); // fill the page cache first
    const text = [
      'A second clipping from the wire',
      '',
      'By Reuters | 5 March 2018',
      '',
      'The first paragraph of the article.',
      'The second paragraph, with a note [the editor disagrees] inside it.',
    ].join('\n');
    const result = await gloss(['import', 'text', '-'], env, text);
    assert.equal(result.code, 0, result.stderr);
    const postPath = result.stdout.trim();
    assert.match(postPath, /^\/\d{4}\/\d{2}\/a-second-clipping-from-the-wire\.html$/);
    const home = await (await fetch(`${base}/`)).text();
    assert.match(home, /A second clipping from the wire/);
    const page = await (await fetch(`${base}${postPath}`)).text();
    assert.match(page, /<span class="editor-note">the editor disagrees<\/span>/);
    assert.match(page, /Reuters/);
  });

  it('prints what it recognised with --json and stores nothing', async () => {
    const before = await gloss(['import', 'text', SEED, '--json'], env);
    assert.equal(before.code, 0, before.stderr);
    const json = JSON.parse(before.stdout);
    assert.equal(json.blogTitle, 'Paris Peace Accords 23 Oct. 1991');
    assert.equal(json.date, '2017-07-31');
    assert.equal(json.title, 'Hun Sen to visit Japan');
    assert.deepEqual(json.source.authors, ['Chheang Vannarith']);
    assert.equal(json.source.outlet, 'Khmer Times');
    assert.equal(json.image.credit, 'AFP');
    assert.equal(json.notes.length, 1);
    assert.deepEqual(json.comments, []);
    const home = await (await fetch(`${base}/`)).text();
    assert.equal(home.match(/Hun Sen to visit Japan<\/a>/g)?.length, 1, 'nothing new was stored');
  });

  it('names the problem with bad input and exits non-zero', async () => {
    const missing = await gloss(['import', 'text', path.join(dir, 'nope.txt')], env);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /No such file: .*nope\.txt\.$/m);
    const binary = path.join(dir, 'latin1.txt');
    fs.writeFileSync(binary, Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]));
    assert.match((await gloss(['import', 'text', binary], env)).stderr, /is not UTF-8 text/);
    const empty = path.join(dir, 'empty.txt');
    fs.writeFileSync(empty, '  \n\n');
    assert.match((await gloss(['import', 'text', empty], env)).stderr, /holds no text/);
    assert.match((await gloss(['import', 'text'], env)).stderr, /Give exactly one FILE/);
    const unknown = await gloss(['frobnicate'], env);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /There is no command "frobnicate"\./);
    assert.match((await gloss(['serve', '--bogus'], env)).stderr, /Unknown option/);
    assert.match((await gloss([], { ...env, PORT: 'eighty' })).stderr, /PORT must be a port number/);
  });

  it('explains itself with --help', async () => {
    const help = await gloss(['--help'], env);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /gloss import text/);
    assert.match((await gloss(['import', 'text', '--help'], env)).stdout, /--json/);
  });
});

const pgProblem = process.env.CI === 'true' ? undefined : process.env.GLOSS_TEST_POSTGRES_PROBLEM;

describe('gloss with PostgreSQL', {
  skip: pgProblem ? `PostgreSQL is not reachable (${pgProblem})` : false,
}, () => {
  it('says clearly when the database does not exist', async () => {
    const result = await gloss(['import', 'text', SEED], {
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/gloss_no_such_database',
    });
    assert.equal(result.code, 2);
    assert.match(
      result.stderr,
      /database "gloss_no_such_database" does not exist.*createdb gloss_no_such_database/,
    );
  });
});
