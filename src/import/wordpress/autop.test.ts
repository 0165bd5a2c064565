// WordPress's autop as the import applies it: paragraphs from blank lines, <br> from single line
// breaks inside paragraphs only, never between or inside block elements; checked on hand-made
// text and on every post of the WordPress corpus (the theme unit test's markup page keeps its
// table, headings and lists).
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { ImportedPost } from '../model.ts';
import { openTextSource } from '../source.ts';
import { CORPORA, corpusFiles, corpusSkip } from '../test-support.ts';
import { XmlRecordReader } from '../xml/reader.ts';
import { autop } from './autop.ts';
import { readWordpress } from './read.ts';

const BLOCK = 'table|thead|tbody|tfoot|tr|td|th|ul|ol|li|dl|dt|dd|h[1-6]|blockquote|div|p|pre|figure';
/** A <br> right before or after a block tag: what the old autop left between table rows. */
const STRAY_BR = new RegExp(`</?(?:${BLOCK})\\b[^>]*>\\s*<br>|<br>\\s*</?(?:${BLOCK})\\b`, 'i');

async function posts(file: string): Promise<ImportedPost[]> {
  const out: ImportedPost[] = [];
  const reader = new XmlRecordReader({ recordDepth: 2 });
  try {
    for await (const item of readWordpress(openTextSource(file), reader)) {
      if (item.type === 'post') out.push(item.post);
    }
  } catch {
    // The deliberately broken files stop early; the posts read before the damage still count.
  }
  return out;
}

describe('autop', () => {
  it('makes paragraphs and line breaks of plain text', () => {
    assert.equal(autop('One\ntwo\n\nThree'), '<p>One<br>\ntwo</p>\n<p>Three</p>');
  });

  it('puts no <br> inside or between the rows and cells of a table', () => {
    const html = autop('Before\n<table>\n<tr>\n<th>A</th>\n<td>1</td>\n</tr>\n</table>\nAfter');
    assert.doesNotMatch(html, /<br>/);
    assert.match(html, /^<p>Before<\/p>\n<table>/);
    assert.match(html, /<\/table>\n<p>After<\/p>$/);
  });

  it('keeps nested lists, headings and blockquotes whole', () => {
    const html = autop(
      '<strong>Lists</strong>\n<h2>Two</h2>\n<ul>\n\t<li>one\n<ul>\n\t<li>inner</li>\n</ul>\n</li>\n</ul>\nQuote:\n<blockquote>Stay hungry.</blockquote>',
    );
    assert.doesNotMatch(html, /<br>/);
    assert.match(html, /<p><strong>Lists<\/strong><\/p>\n<h2>Two<\/h2>/);
    assert.match(html, /<li>one\n<ul>\n<li>inner<\/li>/);
    assert.match(html, /<p>Quote:<\/p>\n<blockquote><p>Stay hungry\.<\/p><\/blockquote>/);
  });

  it('keeps the line breaks of <pre> and of tags split over lines', () => {
    assert.equal(autop('<pre>a\n\nb</pre>'), '<pre>a\n\nb</pre>');
    assert.equal(autop('<a\nhref="x">link</a>\ntext'), '<p><a\nhref="x">link</a><br>\ntext</p>');
  });

  it('leaves block-editor markup as written', () => {
    const blocks = '<!-- wp:paragraph -->\n<p>Hi</p>\n<!-- /wp:paragraph -->';
    assert.equal(autop(blocks), blocks);
  });
});

describe('autop on the WordPress corpus', { skip: corpusSkip('wordpress') }, () => {
  it("keeps the theme unit test's markup page's table, headings and lists", async () => {
    const file = path.join(CORPORA, 'wordpress/theme-test-data/themeunittestdata.wordpress.xml');
    const page = (await posts(file)).find((p) => p.title === 'Markup: HTML Tags and Formatting');
    assert.ok(page, 'the markup page is in the file');
    const html = page.bodyHtml;
    for (let level = 1; level <= 6; level++) assert.match(html, new RegExp(`<h${level}>Header `));
    const table = /<table>[\s\S]*?<\/table>/.exec(html)?.[0] ?? '';
    assert.equal((table.match(/<tr>/g) ?? []).length, 5, 'five table rows');
    assert.doesNotMatch(table, /<br>|<p>/);
    assert.match(html, /<dl>\n<dt>Definition List Title<\/dt>\n<dd>Definition list division\.<\/dd>/);
    assert.match(html, /<ol start="8">\n<li>List item one -start at 8\n<ol>/);
    assert.doesNotMatch(html, STRAY_BR);
  });

  for (const file of corpusFiles('wordpress')) {
    it(`leaves no <br> beside a block element in ${path.basename(file)}`, async () => {
      for (const post of await posts(file)) {
        // Block-editor posts are stored as written; the <br> in them are the author's.
        if (post.bodyHtml.includes('<!-- wp:')) continue;
        // What an author typed inside <pre> is theirs, <br> included.
        const html = post.bodyHtml.replace(/<pre[\s>][\s\S]*?<\/pre>/gi, '<pre></pre>');
        const stray = STRAY_BR.exec(html);
        const at = stray?.index ?? 0;
        assert.equal(stray, null, `${post.title}: …${html.slice(Math.max(0, at - 60), at + 60)}…`);
      }
    });
  }
});
