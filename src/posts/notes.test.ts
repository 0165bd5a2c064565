import assert from 'node:assert/strict';
import { it } from 'node:test';
import { notesIn, paragraphHtml } from './notes.ts';

it('marks note spans inside a paragraph and escapes the text', () => {
  const text = 'Trade <b> rose the editor doubts it sharply.';
  const start = text.indexOf('the editor');
  const html = paragraphHtml(text, [{ start, end: start + 'the editor doubts it'.length }]);
  assert.equal(
    html,
    '<p>Trade &lt;b&gt; rose <span class="editor-note">the editor doubts it</span> sharply.</p>',
  );
});

it('reads the notes back out of a stored body, in order', () => {
  const body =
    '<aside class="editor-note"><p>First, a whole paragraph.</p></aside><p>Text <span class="editor-note">second</span>.</p>';
  assert.deepEqual(notesIn(body), ['First, a whole paragraph.', 'second']);
});
