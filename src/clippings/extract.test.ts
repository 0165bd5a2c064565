// The extractor on small hand-made pages, one feature each; the Readability corpus
// (test/clip-corpus.test.ts) measures it on 130 real ones.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseHTML } from 'linkedom';
import { documentTitle, ExtractError, extractArticle, MAX_ELEMENTS, normaliseDate } from './extract.ts';
import { captionAndCredit, splitTrailingCredit } from './lead-image.ts';
import { splitNames } from './page-metadata.ts';

const PARAGRAPHS = Array.from(
  { length: 6 },
  (_, i) =>
    `<p>Paragraph ${i + 1} of the story tells what the ministry announced on Monday, with enough words to read as prose and to make the page look like an article to Readability.</p>`,
).join('\n');

function page(head: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">${head}</head><body>${body}</body></html>`;
}

const URL_ = 'https://news.example/2024/05/story.html?utm_source=feed';

describe('extractArticle', () => {
  it('reads NewsArticle JSON-LD inside @graph, with authors by @id reference and the publisher', () => {
    const jsonLd = {
      '@context': 'https://schema.org',
      '@graph': [
        { '@type': 'WebSite', '@id': '#site', name: 'Example Site' },
        { '@type': 'Person', '@id': '#jane', name: 'Jane Doe' },
        { '@type': 'Organization', '@id': '#org', name: 'The Example Times' },
        {
          '@type': ['NewsArticle'],
          headline: 'Ministry announces new bridge',
          author: [{ '@id': '#jane' }, { '@type': 'Person', name: 'John Roe' }],
          publisher: { '@id': '#org' },
          datePublished: '2024-05-03T08:30:00+07:00',
          image: {
            '@type': 'ImageObject',
            url: 'https://cdn.example/bridge.jpg',
            caption: 'The old bridge at dawn.',
            creditText: 'Sam Lens/Agency',
          },
          mainEntityOfPage: { '@id': 'https://news.example/2024/05/story.html' },
        },
      ],
    };
    const html = page(
      `<title>Ministry announces new bridge | The Example Times</title><script type="application/ld+json">${JSON.stringify(jsonLd)}</script>`,
      `<article><h1>Ministry announces new bridge</h1>${PARAGRAPHS}</article>`,
    );
    const a = extractArticle(html, URL_);
    assert.equal(a.title, 'Ministry announces new bridge');
    assert.deepEqual(a.source.authors, ['Jane Doe', 'John Roe']);
    assert.equal(a.source.outlet, 'The Example Times');
    assert.equal(a.source.date, '2024-05-03T08:30:00+07:00');
    assert.equal(a.source.url, 'https://news.example/2024/05/story.html');
    assert.equal(a.canonicalUrl, 'https://news.example/2024/05/story.html');
    assert.deepEqual(a.image, {
      src: 'https://cdn.example/bridge.jpg',
      alt: null,
      caption: 'The old bridge at dawn.',
      credit: 'Sam Lens/Agency',
    });
    assert.match(a.bodyHtml, /^<p>Paragraph 1 of the story/);
    assert.match(a.text, /Paragraph 6 of the story/);
  });

  it('falls back to OpenGraph, article:published_time, meta author and rel=canonical', () => {
    const html = page(
      `<title>Floods close schools across the capital – Daily Planet</title>
       <link rel="canonical" href="/2024/05/floods.html">
       <meta property="og:site_name" content="Daily Planet">
       <meta property="og:image" content="https://cdn.example/floods-1200x630.jpg">
       <meta property="og:image:alt" content="Water covers the road outside a school in the capital">
       <meta property="article:published_time" content="2024-05-04T10:00:00Z">
       <meta name="author" content="By Ann Poe and Lee Moe">`,
      `<main>${PARAGRAPHS}</main>`,
    );
    const a = extractArticle(html, 'https://planet.example/floods?ref=home');
    assert.equal(a.title, 'Floods close schools across the capital', 'split at the en dash');
    assert.deepEqual(a.source.authors, ['Ann Poe', 'Lee Moe']);
    assert.equal(a.source.outlet, 'Daily Planet');
    assert.equal(a.source.date, '2024-05-04T10:00:00Z');
    assert.equal(a.canonicalUrl, 'https://planet.example/2024/05/floods.html');
    assert.equal(a.image?.src, 'https://cdn.example/floods-1200x630.jpg');
    assert.equal(a.image?.caption, 'Water covers the road outside a school in the capital');
  });

  it('takes the lead figure with its caption and credit, and leaves it out of the body', () => {
    const html = page(
      '<title>Harvest begins early this year in the north</title><meta property="og:image" content="https://cdn.example/rice-1200x630.jpg">',
      `<article><h1>Harvest begins early</h1>
        <figure><img src="https://cdn.example/rice-800x450.jpg" alt="Farmers in a field">
          <figcaption>Farmers cut rice near the river. <span class="credit">Photo: Dara Kim/Reuters</span></figcaption>
        </figure>
        ${PARAGRAPHS}
        <figure><img src="https://cdn.example/map.png"><figcaption>A map of the region.</figcaption></figure>
      </article>`,
    );
    const a = extractArticle(html, URL_);
    assert.deepEqual(a.image, {
      src: 'https://cdn.example/rice-800x450.jpg',
      alt: 'Farmers in a field',
      caption: 'Farmers cut rice near the river.',
      credit: 'Dara Kim/Reuters',
    });
    assert.doesNotMatch(a.bodyHtml, /rice-800x450/, 'the lead image is not repeated in the body');
    assert.match(a.bodyHtml, /map\.png/, 'other figures stay');
  });

  it('finds a date in <time> and Dublin Core when the page has no JSON-LD or OpenGraph date', () => {
    const timeOnly = page(
      '<title>A quiet week at the port authority</title>',
      `<article><time datetime="2023-11-02T09:00:00+01:00" class="published">2 Nov</time>${PARAGRAPHS}</article>`,
    );
    assert.equal(extractArticle(timeOnly, URL_).source.date, '2023-11-02T09:00:00+01:00');
    const dublin = page(
      '<title>A quiet week at the port authority</title><meta name="DC.date.issued" content="2023-11-03">',
      `<article>${PARAGRAPHS}</article>`,
    );
    assert.equal(extractArticle(dublin, URL_).source.date, '2023-11-03');
  });

  it('cleans the body: no scripts, handlers, forms or buttons; foreign ids renamed or dropped', () => {
    const html = page(
      '<title>Council votes on the new budget today</title>',
      `<article>
        <p id="intro" onclick="steal()">The council met. <a href="#fn1">[1]</a> <a href="#gone">more</a> <a href="javascript:alert(1)">x</a></p>
        ${PARAGRAPHS}
        <form action="/subscribe"><input name="email"><button>Subscribe now</button></form>
        <script>alert('x')</script>
        <h1>An inner heading</h1>
        <p id="fn1">Footnote one.</p>
      </article>`,
    );
    const { bodyHtml } = extractArticle(html, URL_);
    assert.doesNotMatch(bodyHtml, /script|onclick|steal|javascript:|<form|<button|Subscribe now|<input/);
    assert.match(bodyHtml, /<a href="#src-fn1">\[1\]<\/a>/);
    assert.match(bodyHtml, /<p id="src-fn1">Footnote one\.<\/p>/);
    assert.doesNotMatch(bodyHtml, /id="intro"|href="#gone"/);
    assert.doesNotMatch(bodyHtml, /<h1/);
  });

  it('refuses a page built of more elements than any article, naming the count, before reading it', () => {
    // 8 MB (under the fetch limit) of nested markup: about 600,000 elements, which Readability
    // took 167 s and 1.9 GB to read before this limit.
    const unit = '<div><span><a href="/x">link</a> <b>word</b> <i>word</i></span></div>';
    const hostile = `<!doctype html><title>Flood</title><article>${unit.repeat(120_000)}</article>`;
    assert.throws(
      () => extractArticle(hostile, 'https://example.com/flood'),
      (err: Error) =>
        err instanceof ExtractError &&
        /600,0\d\d HTML elements; Gloss reads pages of up to 30,000/.test(err.message),
    );
    // A long real article stays well inside the limit: 5,000 paragraphs, each with a link.
    const para =
      '<p>The court heard the garment workers union again on <a href="/w">wages</a> and floods, and the judges asked the ministry for the figures of the last three seasons.</p>';
    const long = `<!doctype html><html><head><title>Long read</title></head><body><article><h1>Long read</h1>${para.repeat(5_000)}</article></body></html>`;
    assert.ok(5_000 * 2 < MAX_ELEMENTS);
    assert.match(extractArticle(long, 'https://example.com/long').bodyHtml, /garment workers union/);
  });

  it('refuses a page with no article', () => {
    assert.throws(() => extractArticle('<html><body></body></html>', URL_), /no article text/);
  });
});

describe('extraction helpers', () => {
  it('splits bylines into names only when each part is a name', () => {
    assert.deepEqual(splitNames('By Jane Doe and John Roe'), ['Jane Doe', 'John Roe']);
    assert.deepEqual(splitNames('Jane Doe, John Roe & Ann Poe'), ['Jane Doe', 'John Roe', 'Ann Poe']);
    assert.deepEqual(splitNames('Doe, Jane'), ['Doe, Jane']);
    assert.deepEqual(splitNames('Jane Doe, Reuters'), ['Jane Doe, Reuters']);
    assert.deepEqual(splitNames('Written by Rob Ewaschuk Edited by Betsy Beyer'), ['Rob Ewaschuk']);
    assert.deepEqual(splitNames('Martin Untersinger (avec Damien Leloup et Morgane Tual)'), [
      'Martin Untersinger (avec Damien Leloup et Morgane Tual)',
    ]);
  });

  it('tells a caption from its credit in the ways outlets write them', () => {
    const cases: [string, string, string | null][] = [
      ['Whale expert Hori Parata. Photograph: Adrian Malloch', 'Whale expert Hori Parata.', 'Adrian Malloch'],
      ['Un Népalais prie. (Photo Prakash Mathema. AFP)', 'Un Népalais prie.', 'Prakash Mathema. AFP'],
      [
        'Prices fell. (Ellen M. Banner / The Seattle Times)',
        'Prices fell.',
        'Ellen M. Banner / The Seattle Times',
      ],
      ['At the lab | photo by Joan Bardeletti', 'At the lab', 'Joan Bardeletti'],
      ['Mr Obama speaking © Reuters', 'Mr Obama speaking', 'Reuters'],
      ['Glass cloche terrariums (Lucy Akins)', 'Glass cloche terrariums (Lucy Akins)', null],
    ];
    for (const [text, caption, credit] of cases) {
      assert.deepEqual(splitTrailingCredit(text), { caption, credit }, text);
    }
    const { document } = parseHTML(
      '<figure><img src="a.jpg"><figcaption><span class="caption-text">Peacekeepers at a camp.</span> <span class="credit" itemprop="copyrightHolder"><span class="visually-hidden">Credit</span> Ashraf Shazly/AFP</span></figcaption></figure>',
    );
    assert.deepEqual(captionAndCredit(document.querySelector('figure') as unknown as Element), {
      caption: 'Peacekeepers at a camp.',
      credit: 'Ashraf Shazly/AFP',
    });
  });

  it('keeps ISO dates as the page gave them and converts other readable dates to UTC', () => {
    assert.equal(normaliseDate('2015-07-24T05:36:09+01:00'), '2015-07-24T05:36:09+01:00');
    assert.equal(normaliseDate('2015-07-24'), '2015-07-24');
    assert.equal(normaliseDate('Fri, 24 Jul 2015 04:36:09 GMT'), '2015-07-24T04:36:09.000Z');
    assert.equal(normaliseDate('last Tuesday'), null);
  });

  it('cleans <title> like Readability, with en and em dashes as separators', () => {
    const title = (t: string, body = '') => {
      const { document } = parseHTML(`<html><head><title>${t}</title></head><body>${body}</body></html>`);
      return documentTitle(document as unknown as Document);
    };
    assert.equal(title('Lorem ipsum dolor sit amet – My website'), 'Lorem ipsum dolor sit amet');
    assert.equal(
      title('Council passes the budget for next year | City News'),
      'Council passes the budget for next year',
    );
    assert.equal(title('Budget passes | City News'), 'Budget passes | City News', 'too short once cut');
    assert.equal(
      title('Evolve: Shared Mutable History — evolve extension for Mercurial'),
      'Evolve: Shared Mutable History — evolve extension for Mercurial',
    );
  });
});
