import assert from 'node:assert/strict';
import { it } from 'node:test';
import { markdownToHtml } from './markdown.ts';
import { notesIn } from './notes.ts';

it('turns a paragraph in brackets into a block editor’s note', () => {
  assert.equal(
    markdownToHtml('[Is this the same scholar?]'),
    '<aside class="editor-note"><p>Is this the same scholar?</p></aside>\n',
  );
  const html = markdownToHtml('Before.\n\n[Editor: a note *with* emphasis\nover two lines.]\n\nAfter.');
  assert.match(
    html,
    /<p>Before.<\/p>\n<aside class="editor-note"><p>Editor: a note <em>with<\/em> emphasis\nover two lines.<\/p><\/aside>\n<p>After.<\/p>/,
  );
  // Surrounding blanks do not matter.
  assert.match(markdownToHtml('   [ spaced note ]  '), /^<aside class="editor-note">/);
});

it('turns a bracketed span inside a paragraph into an inline note', () => {
  assert.equal(
    markdownToHtml('Prime Minister Hun Sen will visit [in late August] next year.'),
    '<p>Prime Minister Hun Sen will visit <span class="editor-note">in late August</span> next year.</p>\n',
  );
  assert.deepEqual(notesIn(markdownToHtml('A [first short note] and [second short note] here.')), [
    'first short note',
    'second short note',
  ]);
  // A paragraph that starts with a note but goes on is a paragraph with an inline note.
  assert.match(
    markdownToHtml('[Update from Tokyo:] the talks resumed.'),
    /^<p><span class="editor-note">Update from Tokyo:<\/span> the talks/,
  );
});

it('keeps short brackets as text by the rule pasted text uses', () => {
  assert.equal(
    markdownToHtml('He said the tax [sic] was [1] fair, like [Hun Sen] before him.'),
    '<p>He said the tax [sic] was [1] fair, like [Hun Sen] before him.</p>\n',
  );
  // A whole paragraph in brackets needs two words; one word stays text.
  assert.equal(markdownToHtml('[Sic]'), '<p>[Sic]</p>\n');
  assert.match(markdownToHtml('[Same scholar?]'), /^<aside class="editor-note">/);
});

it('keeps literal brackets when escaped', () => {
  assert.equal(markdownToHtml(String.raw`Item \[3\] of the accord.`), '<p>Item [3] of the accord.</p>\n');
  assert.equal(markdownToHtml(String.raw`\[Not a note\]`), '<p>[Not a note]</p>\n');
  assert.equal(
    markdownToHtml(String.raw`A [note with \] inside] here.`),
    '<p>A <span class="editor-note">note with ] inside</span> here.</p>\n',
  );
  assert.equal(markdownToHtml('Empty [] brackets.'), '<p>Empty [] brackets.</p>\n');
});

it('leaves links alone, and allows links inside notes', () => {
  assert.equal(
    markdownToHtml('See [the accord](https://example.org/accord).'),
    '<p>See <a href="https://example.org/accord" rel="noopener">the accord</a>.</p>\n',
  );
  assert.equal(
    markdownToHtml('[the text][1] here\n\n[1]: https://example.org/t'),
    '<p><a href="https://example.org/t" rel="noopener">the text</a> here</p>\n',
  );
  assert.equal(
    markdownToHtml('[ref] here\n\n[ref]: https://example.org/r'),
    '<p><a href="https://example.org/r" rel="noopener">ref</a> here</p>\n',
  );
  assert.equal(
    markdownToHtml('[See [the report](https://example.org/r) for the figures.]'),
    '<aside class="editor-note"><p>See <a href="https://example.org/r" rel="noopener">the report</a> for the figures.</p></aside>\n',
  );
  assert.match(
    markdownToHtml('![a photo](https://example.org/p.jpg)'),
    /<img src="https:\/\/example.org\/p.jpg" alt="a photo" loading="lazy" \/>/,
  );
});

it('works in any script', () => {
  const html = markdownToHtml('សម្ដេច ហ៊ុន សែន [កំណត់សម្គាល់របស់អ្នកកែសម្រួល] នឹងទៅ [ខ្មែរ]។\n\n[ចំណាំ៖ នេះជាកំណត់ចំណាំ]');
  assert.deepEqual(notesIn(html), ['កំណត់សម្គាល់របស់អ្នកកែសម្រួល', 'ចំណាំ៖ នេះជាកំណត់ចំណាំ']);
  assert.match(html, /\[ខ្មែរ\]/);
  assert.match(html, /<aside class="editor-note"><p>ចំណាំ៖/);
});

it('starts headings at h2 and sanitises what it makes', () => {
  assert.equal(markdownToHtml('# Title\n\n## Sub'), '<h2>Title</h2>\n<h3>Sub</h3>\n');
  const html = markdownToHtml(
    '<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)>',
  );
  assert.doesNotMatch(html, /<script|javascript:|onerror/);
});

it('renders ordinary Markdown', () => {
  const html = markdownToHtml('Some *em*, **strong**, `code`.\n\n> A quote.\n\n- one\n- two\n\n1. first');
  assert.match(html, /<em>em<\/em>/);
  assert.match(html, /<strong>strong<\/strong>/);
  assert.match(html, /<blockquote>\n<p>A quote.<\/p>\n<\/blockquote>/);
  assert.match(html, /<ul>\n<li>one<\/li>/);
  assert.match(html, /<ol>\n<li>first<\/li>/);
});
