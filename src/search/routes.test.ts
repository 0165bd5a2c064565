// The search page over HTTP (in process): highlighted, escaped results, filters, paging, and
// Blogger's /search without q still answered by the posts listing.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { eachDatabase } from '../../test/helpers/databases.ts';
import { createApp } from '../app.tsx';
import { loadConfig } from '../config.ts';
import { createPost } from '../posts/save.ts';

eachDatabase('search page', (store) => {
  let app: ReturnType<typeof createApp>['app'];
  const page = async (url: string) => {
    const res = await app.request(`http://blog.test${url}`);
    assert.equal(res.status, 200, url);
    return res.text();
  };

  before(async () => {
    for (let i = 1; i <= 12; i++) {
      await createPost(
        store().db,
        {
          title: i === 3 ? 'Bridge <b>works</b> & more' : `Digest ${i}`,
          bodyHtml: `<p>The bridge news of week ${i}: <script>alert(1)</script> nothing else.</p>`,
          publishedAt: new Date(Date.UTC(2016 + (i % 3), 0, i)).toISOString(),
          labels: i % 2 ? ['Odd'] : ['Even'],
        },
        'UTC',
      );
    }
    app = createApp({ store: store(), config: loadConfig({}, process.cwd()) }).app;
  });

  it('shows ranked results with <mark>ed, escaped titles and snippets, in the theme', async () => {
    const html = await page('/search?q=bridge');
    assert.match(html, /<h1 class="search-title">Results for “bridge”<\/h1>/);
    assert.match(html, /12 posts match · showing 1–10/);
    assert.match(html, /<input id="site-search" type="search" name="q" value="bridge"/);
    // The title match comes first; its markup is text, its match marked.
    const first = /<li class="search-result">[\s\S]*?<\/li>/.exec(html)![0];
    assert.match(first, /<mark>Bridge<\/mark> &lt;b&gt;works&lt;\/b&gt; &amp; more/);
    assert.match(first, /The <mark>bridge<\/mark> news of week 3/);
    assert.doesNotMatch(html, /<script>alert/);
    assert.match(html, /<meta name="robots" content="noindex, follow"\/>/);
    assert.match(html, /<a class="older" href="\/search\?q=bridge&amp;start=10" rel="next">/);
  });

  it('pages, filters by label and year, and escapes the query it shows back', async () => {
    const second = await page('/search?q=bridge&start=10');
    assert.match(second, /showing 11–12/);
    assert.match(second, /<a class="newer" href="\/search\?q=bridge" rel="prev">/);
    assert.doesNotMatch(second, /class="older"/);
    const even = await page('/search?q=bridge&label=Even&year=2016');
    assert.match(even, /2 posts match/);
    assert.match(even, /<option value="Even" selected="">Even<\/option>/);
    assert.match(even, /<option value="2016" selected="">2016<\/option>/);
    const hostile = await page(`/search?q=${encodeURIComponent('"><script>x</script> -')}`);
    assert.match(hostile, /Results for “&quot;&gt;&lt;script&gt;x&lt;\/script&gt; -”/);
    assert.doesNotMatch(hostile, /<script>x/);
    assert.match(hostile, /No posts match/);
  });

  it('asks for words on an empty query, and leaves /search without q to the posts listing', async () => {
    assert.match(await page('/search?q='), /Type a word or two/);
    assert.match(await page('/search?q=%20%20'), /Type a word or two/);
    const listing = await page('/search?updated-max=2030-01-01T00:00:00Z&max-results=3');
    assert.doesNotMatch(listing, /search-results/);
    assert.match(listing, /date-header/);
  });
});
