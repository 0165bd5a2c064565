// The feeds, read by two independent parsers (Debian's python3-feedparser and the npm rss-parser),
// on both databases: entries, titles, links, dates, authors, paging, labels, comments (approved
// only, never an e-mail address), editor's notes kept marked, conditional GET in and out of cache.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { before, it } from 'node:test';
import Parser from 'rss-parser';
import { eachDatabase } from '../../test/helpers/databases.ts';
import { startServer } from '../../test/helpers/server.ts';
import { createApp } from '../app.tsx';
import { loadConfig } from '../config.ts';
import { createPost } from '../posts/save.ts';
import { writeSettings } from '../settings/settings.ts';
import type { Store } from '../storage/db.ts';
import type { Post } from '../storage/schema.ts';

const PYTHON = '/usr/bin/python3';
const BASE = 'http://blog.test';
// biome-ignore lint/suspicious/noExplicitAny: Blogger's JSON feed is checked field by field.
type Gdata = any;

/** Parses every file given with feedparser and prints what the tests compare, as JSON. */
const FEEDPARSER = `
import calendar, json, sys, feedparser
out = []
for name in sys.argv[1:]:
    d = feedparser.parse(name)
    out.append({
        "bozo": d.bozo, "error": str(d.get("bozo_exception", "")), "version": d.version,
        "title": d.feed.get("title"),
        "entries": [{
            "title": e.get("title"), "link": e.get("link"), "id": e.get("id"),
            "published": calendar.timegm(e.published_parsed) if e.get("published_parsed") else None,
            "author": [a.get("name") for a in e.get("authors", [])],
            "content": (e.get("content") or [{}])[0].get("value") or e.get("summary"),
        } for e in d.entries],
    })
print(json.dumps(out))
`;

function feedparserProblem(): string | false {
  const probe = spawnSync(PYTHON, ['-c', 'import feedparser'], { encoding: 'utf8' });
  if (probe.status === 0) return false;
  if (process.env.CI === 'true') return false; // fail loudly below
  return `${PYTHON} cannot import feedparser: install Debian's python3-feedparser (apt-get install python3-feedparser)`;
}

interface ParsedFeed {
  bozo: boolean | number;
  error: string;
  version: string;
  title: string;
  entries: {
    title: string;
    link: string;
    id: string;
    published: number | null;
    author: string;
    content: string;
  }[];
}

function feedparser(feeds: string[]): ParsedFeed[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gloss-feeds-'));
  const files = feeds.map((xml, i) => {
    const file = path.join(dir, `feed${i}.xml`);
    fs.writeFileSync(file, xml);
    return file;
  });
  const run = spawnSync(PYTHON, ['-c', FEEDPARSER, ...files], { encoding: 'utf8' });
  fs.rmSync(dir, { recursive: true, force: true });
  assert.equal(run.status, 0, `feedparser failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as ParsedFeed[];
}

const skipPython = feedparserProblem();

eachDatabase('feeds', (store) => {
  let posts: Post[] = [];
  let imported: Post;
  let app: ReturnType<typeof createApp>['app'];
  const get = async (url: string, headers: Record<string, string> = {}) =>
    app.request(`${BASE}${url}`, { headers });
  const text = async (url: string) => {
    const res = await get(url);
    assert.equal(res.status, 200, url);
    return res.text();
  };

  before(async () => {
    posts = await fixture(store());
    imported = posts.find((p) => p.external_id)!;
    app = createApp({ store: store(), config: { ...loadConfig({}, process.cwd()), baseUrl: BASE } }).app;
  });

  it('lists published posts newest first in Atom, RSS and JSON Feed, read alike by two parsers', async (t) => {
    const published = posts.filter((p) => p.status === 'published' && p.kind === 'post' && !p.trashed_at);
    const expected = [...published].sort((a, b) => b.published_at.localeCompare(a.published_at));
    const atom = await text('/feeds/posts/default');
    const rss = await text('/feeds/posts/default?alt=rss');
    const rssParser = new Parser();
    for (const xml of [atom, rss]) {
      const feed = await rssParser.parseString(xml);
      assert.equal(feed.title, 'Clippings & Notes');
      assert.deepEqual(
        feed.items.map((i) => i.title),
        expected.map((p) => p.title),
      );
      assert.deepEqual(
        feed.items.map((i) => i.link),
        expected.map((p) => `${BASE}${p.path}`),
      );
      assert.deepEqual(
        feed.items.map((i) => Date.parse(i.isoDate ?? '')),
        expected.map((p) => Date.parse(p.published_at) - (Date.parse(p.published_at) % 1000)),
      );
      assert.deepEqual(
        feed.items.map((i) => i.creator ?? i.author),
        expected.map((p) => authorOf(p)),
      );
    }
    const json = JSON.parse(await text('/feed.json'));
    assert.equal(json.version, 'https://jsonfeed.org/version/1.1');
    assert.deepEqual(
      json.items.map((i: { title: string }) => i.title),
      expected.map((p) => p.title),
    );
    assert.equal(
      json.items.find((i: { id: string }) => i.id === imported.external_id)?.url,
      `${BASE}${imported.path}`,
    );
    assert.equal(
      json.items.find((i: { title: string }) => i.title === 'Japan pledges bridge aid')?.external_url,
      'https://www.khmertimeskh.com/2017/07/30/japan-aid/',
    );

    // Blogger's summary feeds carry excerpts only.
    const summary = await text('/feeds/posts/summary');
    assert.doesNotMatch(summary, /<content /);
    const clipped = posts.find((p) => p.title === 'Japan pledges bridge aid')!;
    assert.ok(summary.includes(`<summary type="text">${clipped.excerpt}</summary>`));

    if (skipPython) return t.skip(skipPython);
    const [a, r, s] = feedparser([atom, rss, summary]);
    assert.equal(s!.bozo, false, s!.error);
    assert.equal(s!.entries.length, expected.length);
    for (const parsed of [a!, r!]) {
      assert.equal(parsed.bozo, false, parsed.error);
      assert.deepEqual(
        parsed.entries.map((e) => [e.title, e.link, e.published, e.author]),
        expected.map((p) => [
          p.title,
          `${BASE}${p.path}`,
          Math.floor(Date.parse(p.published_at) / 1000),
          authorsOf(p),
        ]),
      );
    }
    assert.equal(a!.version, 'atom10');
    assert.equal(r!.version, 'rss20');
    // An imported post keeps its Blogger entry id, so readers do not see it twice.
    assert.ok(a!.entries.some((e) => e.id === imported.external_id));
  });

  it('keeps the source attribution and the editor’s notes, marked, in the entries', async () => {
    const feed = await new Parser().parseString(await text('/feeds/posts/default'));
    const clip = feed.items.find((i) => i.title === 'Japan pledges bridge aid')!;
    const html = clip.content ?? '';
    assert.match(html, /Clipped from <b>Khmer Times<\/b>/);
    assert.match(html, /by Mech Dara and Sok Chan/);
    assert.match(html, /href="https:\/\/www\.khmertimeskh\.com\/2017\/07\/30\/japan-aid\/"/);
    assert.match(
      html,
      /<aside class="editor-note"><p><strong>Editor's note:<\/strong> Compare the 2015 loan\.<\/p><\/aside>/,
    );
    assert.match(html, /<span class="editor-note"><strong>Editor's note:<\/strong> the second one<\/span>/);
    // Relative links and the lead image become absolute; the caption and credit come along.
    assert.match(html, /<img src="http:\/\/blog\.test\/media\/bridge\.jpg" alt="The bridge site"\/>/);
    assert.match(html, /<figcaption>The bridge site — AFP<\/figcaption>/);
    assert.match(html, /href="http:\/\/blog\.test\/2017\/07\/older\.html"/);
    // A note that already says what it is gets no second label.
    const noted = feed.items.find((i) => i.title === 'ការបោះឆ្នោតនៅកម្ពុជា')!;
    assert.doesNotMatch(noted.content ?? '', /Editor's note:<\/strong> Editor's note/);
  });

  it('pages with max-results and start-index, as Blogger does', async (t) => {
    const first = await text('/feeds/posts/default?max-results=2');
    const second = await text('/feeds/posts/default?max-results=2&start-index=3');
    const p1 = await new Parser().parseString(first);
    const p2 = await new Parser().parseString(second);
    assert.equal(p1.items.length, 2);
    assert.equal(p2.items.length, 2);
    assert.equal(new Set([...p1.items, ...p2.items].map((i) => i.link)).size, 4);
    assert.match(first, /<openSearch:totalResults>4<\/openSearch:totalResults>/);
    assert.match(
      first,
      /<link rel="next" type="application\/atom\+xml" href="http:\/\/blog\.test\/feeds\/posts\/default\?start-index=3&amp;max-results=2"\/>/,
    );
    assert.doesNotMatch(second, /rel="next"/);
    // Nonsense parameters fall back to the defaults instead of failing.
    assert.equal((await get('/feeds/posts/default?max-results=abc&start-index=-4')).status, 200);
    if (skipPython) return t.skip(skipPython);
    const [a, b] = feedparser([first, second]);
    assert.equal(a!.bozo, false, a!.error);
    assert.equal(b!.entries.length, 2);
  });

  it('has a feed per label (and per several labels), linked from the label page', async (t) => {
    const japan = await text('/feeds/posts/default/-/Japan');
    const both = await text('/feeds/posts/default/-/Japan/Aid?alt=rss');
    const spaced = await text(`/feeds/posts/default/-/${encodeURIComponent('Hun Sen')}`);
    const titles = async (xml: string) =>
      (await new Parser().parseString(xml)).items.map((i) => i.title).sort();
    assert.deepEqual(await titles(japan), ['Hun Sen meets Abe', 'Japan pledges bridge aid']);
    assert.deepEqual(await titles(both), ['Japan pledges bridge aid']);
    assert.deepEqual(await titles(spaced), ['Hun Sen meets Abe']);
    const page = await text('/search/label/Japan');
    assert.match(
      page,
      /<link rel="alternate" type="application\/atom\+xml" title="[^"]*Japan \(Atom\)" href="\/feeds\/posts\/default\/-\/Japan"\/>/,
    );
    if (skipPython) return t.skip(skipPython);
    for (const parsed of feedparser([japan, both, spaced])) assert.equal(parsed.bozo, false, parsed.error);
  });

  it('has comments feeds, approved comments only and never an e-mail address', async (t) => {
    const all = await text('/feeds/comments/default');
    const one = await text(`/feeds/${posts[0]!.id}/comments/default?alt=rss`);
    const blogger = await text('/feeds/4567890123456789012/comments/default');
    for (const xml of [all, one, blogger]) {
      assert.doesNotMatch(xml, /@example\.org|reader@/);
      assert.doesNotMatch(xml, /Held for moderation|Spam, spam/);
    }
    const allItems = (await new Parser().parseString(all)).items;
    assert.deepEqual(allItems.map((i) => i.author).sort(), ['Dara', 'Sophea', 'Vanna']);
    assert.ok(allItems.every((i) => i.link?.startsWith(`${BASE}/`) && /#c\d+$/.test(i.link)));
    const oneItems = (await new Parser().parseString(one)).items;
    assert.deepEqual(oneItems.map((i) => i.creator).sort(), ['Dara', 'Sophea']);
    assert.deepEqual(
      (await new Parser().parseString(blogger)).items.map((i) => i.author),
      ['Vanna'],
      'an imported post answers at its Blogger id',
    );
    assert.equal((await get('/feeds/999999/comments/default')).status, 404);
    assert.equal(
      (await get(`/feeds/${posts.find((p) => p.status === 'draft')!.id}/comments/default`)).status,
      404,
    );
    if (skipPython) return t.skip(skipPython);
    for (const parsed of feedparser([all, one, blogger])) assert.equal(parsed.bozo, false, parsed.error);
  });

  it('answers conditional GETs with 304: ETag and Last-Modified, in the app and on the server fast path', async () => {
    for (const url of ['/feeds/posts/default', '/feeds/posts/default?alt=rss', '/sitemap.xml']) {
      const first = await get(url);
      const etag = first.headers.get('etag')!;
      const lastModified = first.headers.get('last-modified')!;
      assert.ok(etag && lastModified, url);
      const newest = newestUpdate(posts, url.startsWith('/sitemap') ? ['post', 'page'] : ['post']);
      assert.equal(Date.parse(lastModified), Math.floor(Date.parse(newest) / 1000) * 1000);
      assert.equal((await get(url, { 'if-none-match': etag })).status, 304);
      assert.equal((await get(url, { 'if-modified-since': lastModified })).status, 304);
      const earlier = new Date(Date.parse(lastModified) - 1000).toUTCString();
      assert.equal((await get(url, { 'if-modified-since': earlier })).status, 200);
    }
    // The raw node:http path answers cached pages before Hono sees them.
    const server = await startServer(store(), { baseUrl: BASE });
    try {
      const url = `${server.base}/feeds/posts/default?alt=rss`;
      const first = await fetch(url);
      await first.arrayBuffer();
      const cached = await fetch(url);
      await cached.arrayBuffer();
      assert.equal(cached.headers.get('etag'), first.headers.get('etag'));
      const byDate = await fetch(url, {
        headers: { 'if-modified-since': first.headers.get('last-modified')! },
      });
      assert.equal(byDate.status, 304);
      const byTag = await fetch(url, { headers: { 'if-none-match': first.headers.get('etag')! } });
      assert.equal(byTag.status, 304);
    } finally {
      await server.close();
    }
  });

  it('publishes a sitemap with lastmod and a robots.txt that points to it', async () => {
    const xml = await text('/sitemap.xml');
    const locs = [...xml.matchAll(/<loc>([^<]+)<\/loc><lastmod>([^<]+)<\/lastmod>/g)].map((m) => m[1]);
    const expected = posts
      .filter((p) => p.status === 'published' && !p.trashed_at)
      .map((p) => `${BASE}${p.path}`);
    assert.deepEqual(locs.sort(), [`${BASE}/`, ...expected].sort());
    assert.equal((await get('/sitemap.xml?page=2')).status, 404);
    const robots = await text('/robots.txt');
    assert.match(robots, /^Sitemap: http:\/\/blog\.test\/sitemap\.xml$/m);
    assert.match(robots, /^Disallow: \/search$/m);
  });

  it('gives post pages OpenGraph, Twitter card and JSON-LD naming the source article', async () => {
    const clip = posts.find((p) => p.title === 'Japan pledges bridge aid')!;
    const html = await text(clip.path);
    assert.match(
      html,
      /<link rel="canonical" href="http:\/\/blog\.test\/2017\/07\/japan-pledges-bridge-aid\.html"\/>/,
    );
    assert.match(html, /<meta property="og:image" content="http:\/\/blog\.test\/media\/bridge\.jpg"\/>/);
    assert.match(html, /<meta property="og:image:alt" content="The bridge site"\/>/);
    assert.match(html, /<meta name="twitter:card" content="summary_large_image"\/>/);
    assert.match(html, /<meta property="article:tag" content="Japan"\/>/);
    const ld = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(html)![1]!);
    assert.equal(ld['@type'], 'BlogPosting');
    assert.equal(ld.headline, 'Japan pledges bridge aid');
    assert.equal(ld.image.caption, 'The bridge site');
    assert.deepEqual(ld.isBasedOn, {
      '@type': 'NewsArticle',
      headline: 'Japan to fund new Mekong bridge',
      url: 'https://www.khmertimeskh.com/2017/07/30/japan-aid/',
      datePublished: '2017-07-30',
      author: [
        { '@type': 'Person', name: 'Mech Dara' },
        { '@type': 'Person', name: 'Sok Chan' },
      ],
      publisher: { '@type': 'Organization', name: 'Khmer Times' },
    });
  });

  it("answers ?alt=json in Blogger's JSON shape, as recent-posts widgets read it", async () => {
    const published = posts.filter((p) => p.status === 'published' && p.kind === 'post' && !p.trashed_at);
    const res = await get('/feeds/posts/default?alt=json&max-results=2');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    const { feed } = (await res.json()) as { feed: Gdata };
    assert.equal(feed.title.$t, 'Clippings & Notes');
    assert.equal(feed.openSearch$totalResults.$t, String(published.length));
    assert.equal(feed.openSearch$itemsPerPage.$t, '2');
    assert.equal(feed.entry.length, 2);
    const newest = [...published].sort((a, b) => b.published_at.localeCompare(a.published_at))[0]!;
    const first = feed.entry[0];
    assert.equal(first.title.$t, newest.title);
    assert.equal(
      first.link.find((l: { rel: string }) => l.rel === 'alternate').href,
      `${BASE}${newest.path}`,
    );
    assert.equal(first.published.$t, newest.published_at);
    assert.ok(first.content.$t.length > 0);
    assert.ok(typeof first.author[0].name.$t === 'string');
    assert.match(
      feed.link.find((l: { rel: string }) => l.rel === 'next').href,
      /alt=json.*start-index=3|start-index=3.*alt=json/,
    );
    const hunSen =
      feed.entry.find((e: Gdata) => e.title.$t === 'Hun Sen meets Abe') ??
      (await (await get('/feeds/posts/default/-/Hun%20Sen?alt=json')).json()).feed.entry[0];
    assert.deepEqual(hunSen.category.map((c: { term: string }) => c.term).sort(), ['Hun Sen', 'Japan']);
    const summary = (await (await get('/feeds/posts/summary?alt=json')).json()).feed.entry[0];
    assert.equal(summary.content, undefined);
    assert.equal(typeof summary.summary.$t, 'string');
    const withComments = (await (await get('/feeds/posts/full?alt=json')).json()).feed.entry.find(
      (e: Gdata) => e.title.$t === posts[0]!.title,
    );
    assert.equal(withComments.thr$total.$t, '2');
  });

  it('wraps it in the named callback at ?alt=json-in-script, and refuses a callback that is not a name', async () => {
    const res = await get('/feeds/posts/default/-/Japan?alt=json-in-script&callback=showPosts');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/javascript/);
    const script = await res.text();
    const m = /^\/\/ API callback\nshowPosts\(([\s\S]*)\);\n$/.exec(script);
    assert.ok(m, script.slice(0, 80));
    const data = JSON.parse(m[1]!);
    assert.ok(
      data.feed.entry.every((e: Gdata) => e.category.some((c: { term: string }) => c.term === 'Japan')),
    );
    assert.match(
      await (await get('/feeds/posts/default?alt=json-in-script')).text(),
      /^\/\/ API callback\ngdata\.io\.handleScriptLoaded\(/,
    );
    const bad = await get('/feeds/posts/default?alt=json-in-script&callback=alert(1)//');
    assert.equal(bad.status, 400);
  });

  it('serves full as default, comment feeds in every shape, and JSON Feed at ?alt=jsonfeed and /feed.json', async () => {
    for (const feed of ['posts', 'comments']) {
      const full = (await text(`/feeds/${feed}/full`)).replaceAll(
        `/feeds/${feed}/full`,
        `/feeds/${feed}/default`,
      );
      assert.equal(full, await text(`/feeds/${feed}/default`));
    }
    const comments = (await (await get(`/feeds/${posts[0]!.id}/comments/default?alt=json`)).json()).feed;
    assert.deepEqual(comments.entry.map((e: Gdata) => e.author[0].name.$t).sort(), ['Dara', 'Sophea']);
    const imported = (await (await get('/feeds/4567890123456789012/comments/full?alt=json')).json()).feed;
    assert.match(imported.title.$t, /comments on An imported Blogger post$/);
    const jsonFeed = JSON.parse(await text('/feeds/posts/default?alt=jsonfeed'));
    assert.equal(jsonFeed.version, 'https://jsonfeed.org/version/1.1');
    assert.equal(JSON.parse(await text('/feed.json')).version, 'https://jsonfeed.org/version/1.1');
    const labelFeed = JSON.parse(await text('/feeds/posts/default/-/Japan?alt=jsonfeed'));
    assert.match(labelFeed.feed_url, /\/feeds\/posts\/default\/-\/Japan\?alt=jsonfeed$/);
  });
});

/** The (first) author a feed shows: the clipped article's journalists, else the editor who posted it. */
function authorOf(post: Post): string {
  const authors = JSON.parse(post.source_authors) as string[];
  if (authors.length > 0) return authors[0]!;
  return post.author_id ? 'Sok Dara' : 'Clippings & Notes';
}

/** Every author a feed names for the post. */
function authorsOf(post: Post): string[] {
  const authors = JSON.parse(post.source_authors) as string[];
  return authors.length > 0 ? authors : [authorOf(post)];
}

function newestUpdate(posts: Post[], kinds: string[]): string {
  return posts
    .filter((p) => p.status === 'published' && !p.trashed_at && kinds.includes(p.kind))
    .map((p) => p.updated_at)
    .sort()
    .at(-1)!;
}

async function fixture(store: Store): Promise<Post[]> {
  const { db } = store;
  await writeSettings(db, { title: 'Clippings & Notes', timeZone: 'Asia/Phnom_Penh', language: 'en' });
  const editor = await db
    .insertInto('users')
    .values({
      email: 'editor@example.org',
      name: 'Sok Dara',
      role: 'author',
      created_at: '2017-01-01T00:00:00.000Z',
      updated_at: '2017-01-01T00:00:00.000Z',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const zone = 'Asia/Phnom_Penh';
  const posts: Post[] = [];
  posts.push(
    await createPost(
      db,
      {
        title: 'Japan pledges bridge aid',
        bodyHtml:
          '<aside class="editor-note"><p>Compare the 2015 loan.</p></aside><p>Japan will fund a bridge, <span class="editor-note">the second one</span>, near <a href="/2017/07/older.html">Phnom Penh</a>.</p>',
        publishedAt: '2017-07-31T03:15:00.000Z',
        labels: ['Japan', 'Aid'],
        authorId: editor.id,
        image: { src: '/media/bridge.jpg', caption: 'The bridge site', credit: 'AFP' },
        source: {
          title: 'Japan to fund new Mekong bridge',
          authors: ['Mech Dara', 'Sok Chan'],
          outlet: 'Khmer Times',
          date: '2017-07-30',
          url: 'https://www.khmertimeskh.com/2017/07/30/japan-aid/',
        },
      },
      zone,
    ),
  );
  posts.push(
    await createPost(
      db,
      {
        title: 'Hun Sen meets Abe',
        bodyHtml: '<p>The two leaders met in Tokyo.</p>',
        publishedAt: '2017-07-20T10:00:00.000Z',
        labels: ['Japan', 'Hun Sen'],
        authorId: editor.id,
      },
      zone,
    ),
  );
  posts.push(
    await createPost(
      db,
      {
        title: 'ការបោះឆ្នោតនៅកម្ពុជា',
        bodyHtml:
          '<aside class="editor-note"><p>Editor\'s note: translated below.</p></aside><p>គណបក្ស\u200bនយោបាយ\u200bចំនួន ២០ ចូលរួម\u0001។</p>',
        publishedAt: '2018-06-01T01:00:00.000Z',
        labels: ['Elections'],
      },
      zone,
    ),
  );
  posts.push(
    await createPost(
      db,
      {
        title: 'An imported Blogger post',
        bodyHtml: '<p>From the old blog.</p>',
        publishedAt: '2016-03-05T08:00:00.000Z',
        externalId: 'tag:blogger.com,1999:blog-1234.post-4567890123456789012',
      },
      zone,
    ),
  );
  posts.push(await createPost(db, { title: 'A draft', status: 'draft', bodyHtml: '<p>Not yet.</p>' }, zone));
  posts.push(await createPost(db, { title: 'About', kind: 'page', bodyHtml: '<p>About us.</p>' }, zone));
  const trashed = await createPost(db, { title: 'Trashed', bodyHtml: '<p>Gone.</p>' }, zone);
  await db
    .updateTable('posts')
    .set({ trashed_at: '2019-01-01T00:00:00.000Z' })
    .where('id', '=', trashed.id)
    .execute();
  posts.push({ ...trashed, trashed_at: '2019-01-01T00:00:00.000Z' });

  const comment = (
    postId: number,
    author: string,
    status: string,
    created: string,
    parent: number | null = null,
  ) =>
    db
      .insertInto('comments')
      .values({
        post_id: postId,
        parent_id: parent,
        author_name: author,
        author_email: `${author.toLowerCase().replace(/\W/g, '')}@example.org`,
        author_url: author === 'Dara' ? 'https://dara.example.net/' : null,
        body_text: status === 'approved' ? `A thought from ${author}.` : 'Held for moderation, or Spam, spam',
        body_html:
          status === 'approved'
            ? `<p>A thought from ${author}.</p>`
            : '<p>Held for moderation, or Spam, spam</p>',
        status: status as 'approved',
        created_at: created,
        updated_at: created,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
  const first = await comment(posts[0]!.id, 'Dara', 'approved', '2017-08-01T00:00:00.000Z');
  await comment(posts[0]!.id, 'Sophea', 'approved', '2017-08-02T00:00:00.000Z', first.id);
  await comment(posts[0]!.id, 'Mallory', 'pending', '2017-08-03T00:00:00.000Z');
  await comment(posts[0]!.id, 'Spammer', 'spam', '2017-08-04T00:00:00.000Z');
  await comment(posts[3]!.id, 'Vanna', 'approved', '2017-08-05T00:00:00.000Z');
  await comment(posts[4]!.id, 'Drafty', 'approved', '2017-08-06T00:00:00.000Z');
  // Re-read: createPost returned rows before comments and trash; feeds compare against these.
  return db.selectFrom('posts').selectAll().orderBy('id').execute();
}
