import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { CliIO } from './command.ts';
import { progressReporter } from './progress.ts';

function io(isTTY: boolean, lines: string[]): CliIO {
  return { out: () => {}, err: (l) => lines.push(l), readStdin: async () => '', isTTY, env: {}, cwd: '.' };
}

it('draws a bar in place on a terminal', () => {
  const written: string[] = [];
  const p = progressReporter(io(true, []), 'Importing x.xml', (s) => written.push(s));
  p.update({ bytes: 50, totalBytes: 100, posts: 1200, comments: 3400 });
  p.done();
  assert.match(
    written[0]!,
    /^\rImporting x\.xml █{15}░{15} {2}50% {2}1,200 posts, 3,400 comments, \d+\/s\u001b\[K$/,
  );
  assert.equal(written.at(-1), '\n');
});

it('prints plain lines elsewhere, no more than one every few seconds', () => {
  const lines: string[] = [];
  const written: string[] = [];
  const p = progressReporter(io(false, lines), 'Importing x.xml', (s) => written.push(s));
  p.update({ bytes: 10, totalBytes: 100, posts: 1, comments: 0 });
  p.update({ bytes: 20, totalBytes: 100, posts: 2, comments: 0 });
  p.done();
  assert.deepEqual(written, []);
  assert.ok(lines.length <= 1);
  for (const line of lines)
    assert.match(line, /^Importing x\.xml: \d+% of 100 kB|^Importing x\.xml: \d+% of/);
});
