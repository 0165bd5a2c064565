import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { XSS_VECTORS, xssSkip, xssVectors } from '../../test/helpers/comments.ts';
import { linkCount, renderCommentHtml } from './render.ts';

// Every tag a rendered comment may contain: the allowlist, with links carrying only a checked
// http(s)/mailto href and the rel Gloss adds.
const ALLOWED_TAG =
  /^<(?:\/?(?:p|b|strong|i|em|a)|br \/|a href="(?:https?:\/\/|mailto:)[^"<>\s]*" rel="nofollow ugc noopener")>$/;

function assertOnlyAllowedTags(html: string, input: string) {
  for (const tag of html.match(/<[^>]*>?/g) ?? []) {
    assert.match(tag, ALLOWED_TAG, `a tag outside the allowlist from ${JSON.stringify(input).slice(0, 200)}`);
  }
  assert.doesNotMatch(html, /<(?![/a-z])/i, 'a stray "<" reached the HTML unescaped');
}

describe('comment rendering', () => {
  it('makes paragraphs from blank lines and keeps line breaks', () => {
    assert.equal(
      renderCommentHtml('First line\r\nsecond line\n\n\n  Second paragraph  '),
      '<p>First line<br />second line</p><p>Second paragraph</p>',
    );
  });

  it('keeps bold, italic, paragraphs, breaks and links as written, case-insensitively', () => {
    assert.equal(
      renderCommentHtml('<B>bold</B> <em>em</em> <strong>s</strong> <i>i</i><br>next<p>para</p>'),
      '<p><b>bold</b> <em>em</em> <strong>s</strong> <i>i</i><br />next</p><p>para</p>',
    );
    assert.equal(
      renderCommentHtml(`<a href='https://example.org/a?b=1&c=2'>a source</a>`),
      '<p><a href="https://example.org/a?b=1&amp;c=2" rel="nofollow ugc noopener">a source</a></p>',
    );
  });

  it('shows every other tag as the text the reader typed', () => {
    assert.equal(
      renderCommentHtml('<script>alert(1)</script> <img src=x onerror=alert(1)>'),
      '<p>&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt;</p>',
    );
    assert.equal(
      renderCommentHtml('<b onclick="x">bold</b> and 3 < 4 && 5 > 2'),
      '<p>&lt;b onclick="x"&gt;bold&lt;/b&gt; and 3 &lt; 4 &amp;&amp; 5 &gt; 2</p>',
    );
    assert.equal(
      renderCommentHtml('<a href="javascript:alert(1)">x</a> &amp;'),
      '<p>&lt;a href="javascript:alert(1)"&gt;x&lt;/a&gt; &amp;amp;</p>',
    );
  });

  it('turns plain web and mail addresses into links with rel="nofollow ugc noopener"', () => {
    const html = renderCommentHtml('See https://example.org/x?a=1&b=2, www.example.com and me@example.net.');
    assert.equal(
      html,
      '<p>See <a href="https://example.org/x?a=1&amp;b=2" rel="nofollow ugc noopener">https://example.org/x?a=1&amp;b=2</a>, ' +
        '<a href="http://www.example.com" rel="nofollow ugc noopener">www.example.com</a> and ' +
        '<a href="mailto:me@example.net" rel="nofollow ugc noopener">me@example.net</a>.</p>',
    );
    assert.equal(linkCount(html), 3);
    // Not inside a link the reader wrote, and never a javascript: or protocol-relative address.
    assert.equal(
      renderCommentHtml(
        '<a href="https://a.example/">https://a.example/</a> javascript:alert(1) //evil.example',
      ),
      '<p><a href="https://a.example/" rel="nofollow ugc noopener">https://a.example/</a> javascript:alert(1) //evil.example</p>',
    );
  });

  it('closes what the reader left open and leaves nothing empty', () => {
    assert.equal(renderCommentHtml('<b>open\n\nnext'), '<p><b>open</b></p><p>next</p>');
    assert.equal(renderCommentHtml('<br><br>\n\n<p></p>'), '');
  });

  it('keeps text in any script', () => {
    assert.equal(renderCommentHtml('សួស្តី <b>ពិភពលោក</b>'), '<p>សួស្តី <b>ពិភពលោក</b></p>');
  });

  it(`renders every vector of the XSS corpus with allowlisted tags only`, { skip: xssSkip() }, () => {
    const vectors = xssVectors();
    assert.ok(vectors.length >= 400, `expected the full corpus at ${XSS_VECTORS}`);
    for (const vector of vectors) assertOnlyAllowedTags(renderCommentHtml(vector), vector);
  });
});
