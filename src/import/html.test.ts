// Comment bodies from exports: the allowlist drops headings, lists and tables but keeps their
// words apart (a line break where each block element was), checked on hand-made markup and on
// the theme unit test's comment that holds every kind of block.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { commentHtml, commentText } from './html.ts';
import { CORPORA, corpusSkip } from './test-support.ts';
import { autop } from './wordpress/autop.ts';

describe('commentHtml', () => {
  it('keeps a line break where a dropped block element was', () => {
    const html = commentHtml(
      '<h2>Lists</h2><dl><dt>Title</dt><dd>Definition list division.</dd><dt>Startup</dt></dl>',
    );
    assert.equal(html, 'Lists<br />Title<br />Definition list division.<br />Startup');
    assert.equal(commentText(html), 'Lists\nTitle\nDefinition list division.\nStartup');
  });

  it('separates table cells and list items, and adds no empty lines', () => {
    const html = commentHtml('<ul><li>one</li><li>two</li></ul><table><tr><td>1</td><td>2</td></tr></table>');
    assert.equal(html, 'one<br />two<br />1<br />2');
  });

  it('leaves paragraphs and line breaks the commenter wrote as they were', () => {
    assert.equal(commentHtml('<p>Hi</p>\n<p>there<br>you</p>'), '<p>Hi</p>\n<p>there<br />you</p>');
    assert.equal(commentHtml('<p><div>inside</div></p>'), '<p>inside</p>');
  });

  it('still drops scripts and keeps links safe', () => {
    assert.equal(
      commentHtml('<div><a href="https://a.example/">a</a><script>x()</script></div>'),
      '<a href="https://a.example/" rel="nofollow ugc noopener">a</a>',
    );
  });
});

describe('commentHtml on the theme unit test', { skip: corpusSkip('wordpress') }, () => {
  it('keeps the words of the markup comment apart', () => {
    const file = path.join(CORPORA, 'wordpress/theme-test-data/themeunittestdata.wordpress.xml');
    const xml = fs.readFileSync(file, 'utf8');
    const raw = /<wp:comment_content><!\[CDATA\[((?:(?!\]\]>)[\s\S])*<dl>(?:(?!\]\]>)[\s\S])*)\]\]>/.exec(
      xml,
    );
    assert.ok(raw, 'the file holds a comment with a definition list');
    // As the WordPress reader does it: autop first, then the allowlist.
    const text = commentText(commentHtml(autop(raw[1]!)));
    assert.doesNotMatch(text, /TitleDefinition|division\.Startup/);
    assert.match(text, /Definition List Title\nDefinition list division\.\nStartup\n/);
  });
});
