// A file that is not XML at all (a README, notes saved as text) is refused at the line where it
// first goes wrong, its first character, for both kinds of export, on both databases; the
// command's message ends in one full stop.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, it } from 'node:test';
import { eachDatabase } from '../../test/helpers/databases.ts';
import { main } from '../main.ts';
import { ImportError } from './errors.ts';
import { runImport } from './run.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gloss-not-xml-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const f = path.join(dir, name);
  fs.writeFileSync(f, text);
  return f;
};

const README = file(
  'README.md',
  '# Gloss\n\nGloss is a self-hosted publishing system.\n\n## Start\n\n```sh\nnpm ci && npm start\n```\n\n<b>late markup</b>\n',
);
const INDENTED = file('notes.txt', '\uFEFF\n\n   Notes from the meeting\n<p>x</p>\n');

eachDatabase('importing a file that is not XML', (store) => {
  for (const format of ['blogger', 'wordpress'] as const) {
    it(`names line 1 of a README as a ${format} export`, async () => {
      await assert.rejects(runImport({ store: store(), file: README, format }), (err: unknown) => {
        assert.ok(err instanceof ImportError);
        assert.equal(
          err.message,
          'line 1, column 1: this is not an XML file: it starts with text ("# Gloss"), not an element',
        );
        return true;
      });
    });
  }

  it('counts the blank lines before the first text', async () => {
    await assert.rejects(runImport({ store: store(), file: INDENTED, format: 'blogger' }), {
      message: /^line 3, column 4: this is not an XML file: it starts with text \("Notes from the meeting"\)/,
    });
  });
});

it('tells it on the command line in one sentence that ends once', async () => {
  const err: string[] = [];
  const code = await main(['import', 'blogger', README, '--dry-run'], {
    out: () => {},
    err: (l) => err.push(l),
    readStdin: async () => '',
    isTTY: false,
    env: { ...process.env, DATABASE_URL: path.join(dir, 'gloss.db') },
    cwd: process.cwd(),
  });
  assert.equal(code, 1);
  const text = err.join('\n');
  assert.match(text, /README\.md: line 1, column 1: this is not an XML file/);
  assert.doesNotMatch(text, /\.\./);
});
