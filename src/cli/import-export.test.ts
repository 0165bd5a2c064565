// The import, export and backup commands as a user runs them: output, exit codes, help texts.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { CORPORA, corpusSkip } from '../import/test-support.ts';
import { main } from '../main.ts';
import { SQLite } from '../storage/sqlite-driver.ts';
import type { CliIO } from './command.ts';

function cli(env: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    readStdin: async () => '',
    isTTY: false,
    env: { ...env },
    cwd: process.cwd(),
  };
  return { io, out, err, run: (...argv: string[]) => main(argv, io) };
}

const dir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'gloss-cli-'));
const skip = corpusSkip('blogger');

describe('gloss import, export and backup', { skip }, () => {
  it('imports, prints the summary, and exits 0', async () => {
    const d = dir();
    const c = cli({ DATABASE_URL: path.join(d, 'g.db') });
    assert.equal(
      await c.run('import', 'blogger', path.join(CORPORA, 'blogger/pelican-bloggerexport.xml')),
      0,
    );
    const text = c.out.join('\n');
    assert.match(text, /^Imported from Blogger in [\d.]+ s:/);
    assert.match(text, /posts\s+2 \(2 new\)/);
    assert.match(text, /drafts\s+2/);
    assert.match(text, /1 × template: Blogger templates do not apply/);
    assert.match(text, /note: The prefix "app:" is used without being declared/);
  });

  it('says where a broken file breaks, and that nothing was imported (exit 1)', async () => {
    const d = dir();
    const c = cli({ DATABASE_URL: path.join(d, 'g.db') });
    const code = await c.run(
      'import',
      'blogger',
      path.join(CORPORA, 'blogger/jekyll-import-snippet-broken-1.xml'),
    );
    assert.equal(code, 1);
    assert.match(
      c.err.join('\n'),
      /gloss import blogger: .*broken-1\.xml: line 1, column \d+: this is not an XML file.*Nothing was imported: the database is as it was\./,
    );
    assert.equal(
      await c.run('import', 'wordpress', path.join(CORPORA, 'blogger/pelican-bloggerexport.xml')),
      1,
    );
    assert.match(c.err.at(-1)!, /import it with "gloss import blogger"/);
    assert.equal(await c.run('import', 'blogger', path.join(d, 'nope.xml')), 1);
    assert.match(c.err.at(-1)!, /No such file/);
  });

  it('runs dry, and prints JSON when asked', async () => {
    const d = dir();
    const c = cli({ DATABASE_URL: path.join(d, 'g.db') });
    assert.equal(
      await c.run('import', 'blogger', '--dry-run', path.join(CORPORA, 'blogger/ghost-importer-blogger.xml')),
      0,
    );
    assert.match(c.out[0]!, /^Dry run of a Blogger import: nothing was stored/);
    c.out.length = 0;
    assert.equal(
      await c.run('import', 'blogger', '--json', path.join(CORPORA, 'blogger/ghost-importer-blogger.xml')),
      0,
    );
    const summary = JSON.parse(c.out.join('\n'));
    assert.equal(summary.posts.created, 4);
    assert.equal(summary.comments.created, 13);
  });

  it('exports JSON and Blogger Atom, restores JSON into a new database, and backs up SQLite', async () => {
    const d = dir();
    const first = cli({ DATABASE_URL: path.join(d, 'a.db') });
    await first.run('import', 'blogger', path.join(CORPORA, 'blogger/ghost-importer-blogger.xml'));
    assert.equal(await first.run('export', 'json', path.join(d, 'blog.json')), 0);
    assert.match(
      first.err.at(-1)!,
      /^Wrote .*blog\.json: \d+ users, 0 media, 1 labels, 5 posts, 13 comments/,
    );
    assert.equal(
      await first.run('export', 'blogger', path.join(d, 'blog.atom'), '--base-url', 'https://b.example'),
      0,
    );
    assert.match(
      fs.readFileSync(path.join(d, 'blog.atom'), 'utf8'),
      /href='https:\/\/b\.example\/p\/feedback\.html'/,
    );

    const second = cli({ DATABASE_URL: path.join(d, 'b.db') });
    assert.equal(await second.run('import', 'json', path.join(d, 'blog.json')), 0);
    assert.match(second.out[0]!, /^Restored in [\d.]+ s: .*5 posts, 13 comments/);
    assert.equal(await second.run('import', 'json', path.join(d, 'blog.json')), 1);
    assert.match(second.err.at(-1)!, /the database is not empty/);

    assert.equal(await first.run('backup', path.join(d, 'copy.db')), 0);
    assert.match(first.out.at(-1)!, /^Backed up to .*copy\.db/);
    const copy = new SQLite(path.join(d, 'copy.db'), { readonly: true });
    assert.equal((copy.prepare('SELECT COUNT(*) AS n FROM posts').get() as { n: number }).n, 5);
    assert.equal(copy.pragma('integrity_check', { simple: true }), 'ok');
    copy.close();
    assert.equal(await first.run('backup', path.join(d, 'copy.db')), 1);
    assert.match(first.err.at(-1)!, /exists already/);
  });

  it('refuses a backup of PostgreSQL without connecting, naming pg_dump and export json', async () => {
    const d = dir();
    const c = cli({ DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    assert.equal(await c.run('backup', path.join(d, 'x.db')), 1);
    assert.match(c.err.at(-1)!, /pg_dump.*export json/);
  });

  it('has help that names every option', async () => {
    for (const [name, options] of [
      ['import blogger', ['--dry-run', '--download-images', '--image-host', '--json']],
      ['import wordpress', ['--dry-run', '--download-images', '--image-host', '--json']],
      ['import json', ['--dry-run', '--json']],
      ['export json', ['--include-password-hashes']],
      ['export blogger', ['--base-url', '--all-comments']],
      ['backup', ['pg_dump']],
    ] as const) {
      const c = cli({});
      assert.equal(await c.run(...name.split(' '), '--help'), 0);
      for (const option of options)
        assert.ok(c.out.join('\n').includes(option), `${name} --help names ${option}`);
    }
  });
});
