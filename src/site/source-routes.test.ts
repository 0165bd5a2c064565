// Sources on the blog, on both databases: /source/OUTLET/ and /source/OUTLET/AUTHOR/ list the
// published clippings newest first and page as label pages do, for names in any script; each has
// Atom and RSS feeds that Python's feedparser reads; near misses and merged names redirect, unknown
// names get the helpful 404; the post page links its outlet and writers; the Sources widget lists
// the outlets; pages stay cached until a post changes; merging in the admin rewrites the posts.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { before, it } from 'node:test';
import { form, ORIGIN, type SignedIn, signedInAs } from '../../test/helpers/admin.ts';
import { eachDatabase } from '../../test/helpers/databases.ts';
import { createApp } from '../app.tsx';
import { loadConfig } from '../config.ts';
import { createPost, type PostInput } from '../posts/save.ts';
import { writeSettings } from '../settings/settings.ts';
import { validateSettings } from '../settings/validate.ts';
import { canonicalSource, lookAlikes } from '../sources/merge.ts';
import type { Store } from '../storage/db.ts';
import { urls } from '../web/urls.ts';

const ZONE = 'Asia/Phnom_Penh';
const KT = 'Khmer Times';
const PPP = 'ភ្នំពេញ ប៉ុស្តិ៍'; // Phnom Penh Post, in Khmer
const KHMER_WRITER = 'សុខ ចាន់';

const FEEDPARSER = `
import json, sys, feedparser
out = []
for name in sys.argv[1:]:
    d = feedparser.parse(name)
    out.append({"bozo": bool(d.bozo), "error": str(d.get("bozo_exception", "")), "version": d.version,
                "title": d.feed.get("title"), "link": d.feed.get("link"),
                "entries": [{"title": e.get("title"), "link": e.get("link")} for e in d.entries]})
print(json.dumps(out))
`;

interface Parsed {
  bozo: boolean;
  error: string;
  version: string;
  title: string;
  link: string;
  entries: { title: string; link: string }[];
}

function feedparser(feeds: string[]): Parsed[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gloss-source-feeds-'));
  const files = feeds.map((xml, i) => {
    const file = path.join(dir, `feed${i}.xml`);
    fs.writeFileSync(file, xml);
    return file;
  });
  const run = spawnSync('/usr/bin/python3', ['-c', FEEDPARSER, ...files], { encoding: 'utf8' });
  fs.rmSync(dir, { recursive: true, force: true });
  assert.equal(run.status, 0, `feedparser failed (python3-feedparser installed?): ${run.stderr}`);
  return JSON.parse(run.stdout) as Parsed[];
}

/** The titles of the posts a listing shows, in order. */
function titles(html: string): string[] {
  return [...html.matchAll(/<h3 class="summary-title"><a href="[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]!);
}

function clip(
  title: string,
  publishedAt: string,
  outlet: string,
  authors: string[],
  extra: Partial<PostInput> = {},
) {
  return {
    title,
    bodyHtml: `<p>${title}, as the outlet reported it.</p>`,
    publishedAt,
    source: { outlet, authors, url: `https://news.example/${encodeURIComponent(title)}` },
    ...extra,
  };
}

eachDatabase('source pages', (getStore) => {
  let store: Store;
  let app: ReturnType<typeof createApp>['app'];
  let owner: SignedIn;
  const get = (p: string) => app.request(`${ORIGIN}${p}`);
  const page = async (p: string) => {
    const res = await get(p);
    assert.equal(res.status, 200, p);
    return res.text();
  };

  before(async () => {
    store = getStore();
    await writeSettings(store.db, { title: 'Clippings', timeZone: ZONE });
    const posts: PostInput[] = [
      clip('Japan pledges bridge aid', '2017-07-31T03:00:00Z', KT, ['Mech Dara', 'Sok Chan']),
      clip('Rice exports rise', '2017-08-02T03:00:00Z', KT, ['Sok Chan']),
      clip('Garment wages agreed', '2017-08-05T03:00:00Z', KT, ['Mech Dara']),
      clip('Unpublished draft', '2017-08-06T03:00:00Z', KT, ['Sok Chan'], { status: 'draft' }),
      clip('ការបោះឆ្នោតនៅកម្ពុជា', '2017-08-03T03:00:00Z', PPP, [KHMER_WRITER]),
      clip('Flood season begins', '2017-08-07T03:00:00Z', 'KhmerTimes', ['SOK CHAN']),
      clip('Ministers meet', '2017-08-08T03:00:00Z', 'Asia / Pacific Wire', ['A. Writer']),
    ];
    for (const post of posts) await createPost(store.db, post, ZONE);
    app = createApp({ store, config: { ...loadConfig({}, process.cwd()), baseUrl: ORIGIN } }).app;
    owner = await signedInAs(store, 'owner');
  });

  it('lists an outlet’s published clippings newest first, with its writers and feeds', async () => {
    const html = await page(urls.source(KT));
    assert.equal(urls.source(KT), '/source/Khmer%20Times/');
    assert.match(html, /<h1 class="listing-title">Clippings from Khmer Times<\/h1>/);
    assert.deepEqual(titles(html), ['Garment wages agreed', 'Rice exports rise', 'Japan pledges bridge aid']);
    // Writers, most clipped first, each linking to their page at the outlet.
    assert.match(
      html,
      /href="\/source\/Khmer%20Times\/Mech%20Dara\/">Mech Dara<\/a> <span class="count">\(2\)/,
    );
    assert.match(
      html,
      /href="\/source\/Khmer%20Times\/Sok%20Chan\/">Sok Chan<\/a> <span class="count">\(2\)/,
    );
    assert.match(
      html,
      /<link rel="alternate" type="application\/atom\+xml"[^>]*href="\/feeds\/source\/Khmer%20Times"/,
    );
    assert.match(html, /<link rel="canonical" href="http:\/\/blog\.test\/source\/Khmer%20Times\/"/);
  });

  it('pages with max-results and updated-max as label pages do', async () => {
    const first = await page(`${urls.source(KT)}?max-results=2`);
    assert.deepEqual(titles(first), ['Garment wages agreed', 'Rice exports rise']);
    const older = /<a class="older" href="([^"]+)"/.exec(first)?.[1]?.replaceAll('&amp;', '&');
    assert.ok(older?.startsWith('/source/Khmer%20Times/?updated-max='), older);
    const second = await page(older!);
    assert.deepEqual(titles(second), ['Japan pledges bridge aid']);
    assert.doesNotMatch(second, /class="older"/);
    const newer = /<a class="newer" href="([^"]+)"/.exec(second)?.[1]?.replaceAll('&amp;', '&');
    assert.deepEqual(titles(await page(newer!)), ['Garment wages agreed', 'Rice exports rise']);
  });

  it('lists one writer’s clippings at an outlet, in any script', async () => {
    const html = await page(urls.sourceAuthor(KT, 'Sok Chan'));
    assert.match(html, /Clippings by Sok Chan in Khmer Times/);
    assert.deepEqual(titles(html), ['Rice exports rise', 'Japan pledges bridge aid']);
    assert.match(html, /href="\/source\/Khmer%20Times\/">Every clipping from Khmer Times<\/a>/);

    const khmer = urls.sourceAuthor(PPP, KHMER_WRITER);
    assert.match(khmer, /^\/source\/(%[0-9A-F]{2})+\/(%[0-9A-F]{2})+\/$/, 'percent-encoded UTF-8');
    assert.deepEqual(titles(await page(khmer)), ['ការបោះឆ្នោតនៅកម្ពុជា']);
    assert.deepEqual(titles(await page(urls.source(PPP))), ['ការបោះឆ្នោតនៅកម្ពុជា']);
    // A name holding a slash is one path segment.
    assert.equal(urls.source('Asia / Pacific Wire'), '/source/Asia%20%2F%20Pacific%20Wire/');
    assert.deepEqual(titles(await page(urls.source('Asia / Pacific Wire'))), ['Ministers meet']);
    assert.deepEqual(titles(await page(urls.sourceAuthor('Asia / Pacific Wire', 'A. Writer'))), [
      'Ministers meet',
    ]);
  });

  it('redirects near misses, and answers unknown outlets and writers with the helpful 404', async () => {
    const slashless = await get('/source/Khmer%20Times');
    assert.equal(slashless.status, 301);
    assert.equal(slashless.headers.get('location'), '/source/Khmer%20Times/');
    const cased = await get('/source/khmer%20%20times/sok%20chan/?max-results=1');
    assert.equal(cased.status, 301);
    assert.equal(cased.headers.get('location'), '/source/Khmer%20Times/sok%20chan/?max-results=1');
    const writer = await get('/source/Khmer%20Times/sok%20chan/');
    assert.equal(writer.headers.get('location'), '/source/Khmer%20Times/Sok%20Chan/');
    for (const missing of [
      '/source/Nobody%20Daily/',
      '/source/Khmer%20Times/Nobody/',
      '/feeds/source/Nobody',
    ]) {
      const res = await get(missing);
      assert.equal(res.status, 404, missing);
      if (!missing.startsWith('/feeds'))
        assert.match(await res.text(), /Sorry, the page you were looking for/);
    }
    // A draft's outlet has no page until something from it is published.
    await createPost(store.db, clip('Only a draft', '2017-08-01T00:00:00Z', 'Draft Daily', []), ZONE).then(
      async (post) => {
        await store.db.updateTable('posts').set({ status: 'draft' }).where('id', '=', post.id).execute();
      },
    );
    assert.equal((await get(urls.source('Draft Daily'))).status, 404);
  });

  it('serves each source’s Atom and RSS feeds, read cleanly by feedparser', async () => {
    const wanted = [
      { url: urls.sourceFeed(KT), title: 'Clippings: Khmer Times', home: urls.source(KT), n: 3 },
      {
        url: urls.sourceFeed(KT, 'Mech Dara'),
        title: 'Clippings: Mech Dara, Khmer Times',
        home: urls.sourceAuthor(KT, 'Mech Dara'),
        n: 2,
      },
      {
        url: urls.sourceFeed(PPP, KHMER_WRITER),
        title: `Clippings: ${KHMER_WRITER}, ${PPP}`,
        home: urls.sourceAuthor(PPP, KHMER_WRITER),
        n: 1,
      },
    ];
    const xml: string[] = [];
    for (const feed of wanted) {
      xml.push(await page(feed.url), await page(`${feed.url}?alt=rss`));
    }
    const parsed = feedparser(xml);
    wanted.forEach((feed, i) => {
      const [atom, rss] = [parsed[2 * i]!, parsed[2 * i + 1]!];
      assert.equal(atom.version, 'atom10');
      assert.equal(rss.version, 'rss20');
      for (const p of [atom, rss]) {
        assert.equal(p.bozo, false, p.error);
        assert.equal(p.title, feed.title);
        assert.equal(p.link, `${ORIGIN}${feed.home}`);
        assert.equal(p.entries.length, feed.n);
      }
    });
    assert.deepEqual(
      parsed[2]!.entries.map((e) => e.title),
      ['Garment wages agreed', 'Japan pledges bridge aid'],
    );
    const json = JSON.parse(await page(`${urls.sourceFeed(KT)}?alt=jsonfeed`));
    assert.equal(json.items.length, 3);
  });

  it('links the post page’s outlet and writers to their pages, and lists outlets in the sidebar', async () => {
    const post = await store.db
      .selectFrom('posts')
      .select('path')
      .where('title', '=', 'Japan pledges bridge aid')
      .executeTakeFirstOrThrow();
    const html = await page(post.path);
    const block = /<aside class="source"[\s\S]*?<\/aside>/.exec(html)?.[0] ?? '';
    assert.match(
      block,
      /By <a href="\/source\/Khmer%20Times\/Mech%20Dara\/">Mech Dara<\/a> and <a href="\/source\/Khmer%20Times\/Sok%20Chan\/">Sok Chan<\/a>/,
    );
    assert.match(block, /<a class="source-outlet" href="\/source\/Khmer%20Times\/">Khmer Times<\/a>/);

    const widget =
      /<section class="widget widget-sources">[\s\S]*?<\/section>/.exec(await page('/'))?.[0] ?? '';
    const listed = [
      ...widget.matchAll(/<a href="([^"]+)"[^>]*>([^<]+)<\/a> <span class="count">\((\d+)\)/g),
    ].map((m) => `${m[2]}:${m[3]}`);
    assert.deepEqual(listed, ['Khmer Times:3', 'Asia / Pacific Wire:1', 'KhmerTimes:1', `${PPP}:1`]);
    // Settings → Sources widget: the two most clipped, by name, and a link to them all.
    await writeSettings(store.db, { sourcesLimit: 2, sourcesSort: 'name' });
    const limited =
      /<section class="widget widget-sources">[\s\S]*?<\/section>/.exec(await page('/'))?.[0] ?? '';
    assert.deepEqual(
      [...limited.matchAll(/">([^<]+)<\/a> <span class="count">/g)].map((m) => m[1]),
      ['Asia / Pacific Wire', 'Khmer Times'],
    );
    assert.match(limited, /<a href="\/source\/">All 4 sources<\/a>/);
    await writeSettings(store.db, { sourcesLimit: 10, sourcesSort: 'count' });
    assert.deepEqual(
      validateSettings({ sourcesShow: 'top', sourcesLimit: '0' }).errors.sourcesLimit,
      'A whole number from 1 to 1000.',
    );
    assert.equal(validateSettings({ sourcesShow: 'all', sourcesSort: 'name' }).changes.sourcesLimit, null);
    const index = await page('/source/');
    assert.match(index, /<a href="\/source\/Khmer%20Times\/">Khmer Times<\/a> <span class="count">\(3\)/);
  });

  it('keeps source pages cached until a post changes', async () => {
    const first = await get(urls.source(KT));
    const etag = first.headers.get('etag')!;
    const again = await app.request(`${ORIGIN}${urls.source(KT)}`, { headers: { 'if-none-match': etag } });
    assert.equal(again.status, 304, 'served from the cache');
    await createPost(store.db, clip('Bridge opens', '2017-08-09T03:00:00Z', KT, ['Mech Dara']), ZONE);
    const after = await app.request(`${ORIGIN}${urls.source(KT)}`, { headers: { 'if-none-match': etag } });
    assert.equal(after.status, 200);
    assert.equal(titles(await after.text())[0], 'Bridge opens');
  });

  it('merges outlets and writers in the admin: posts change, old addresses redirect', async () => {
    const merge = (fields: Record<string, string | string[]>) =>
      app.request(`${ORIGIN}/admin/source-names/merge`, {
        method: 'POST',
        headers: owner.headers,
        body: form(owner, fields),
      });
    const list = await app.request(`${ORIGIN}/admin/source-names`, { headers: owner.headers });
    assert.equal(list.status, 200);
    assert.match(
      await list.text(),
      /Spelled alike[\s\S]*keep <strong>Khmer Times<\/strong>[\s\S]*KhmerTimes/,
    );

    const refused = await merge({ names: [KT], into: KT });
    assert.equal(refused.status, 422);
    assert.match(await refused.text(), /Tick the outlets to merge: at least one other than “Khmer Times”/);

    const done = await merge({ names: ['KhmerTimes', KT], into: KT });
    assert.equal(done.status, 200);
    assert.match(await done.text(), /1 post updated/);
    assert.ok(titles(await page(urls.source(KT))).includes('Flood season begins'));
    const old = await get('/source/KhmerTimes/?max-results=2');
    assert.equal(old.status, 301);
    assert.equal(old.headers.get('location'), '/source/Khmer%20Times/?max-results=2');
    const oldFeed = await get('/feeds/source/KhmerTimes?alt=rss');
    assert.equal(oldFeed.headers.get('location'), '/feeds/source/Khmer%20Times?alt=rss');

    // Writers at one outlet: "SOK CHAN" becomes "Sok Chan" there.
    const writers = await merge({ outlet: KT, names: ['SOK CHAN', 'Sok Chan'], into: 'Sok Chan' });
    assert.equal(writers.status, 200, await writers.text());
    assert.deepEqual(titles(await page(urls.sourceAuthor(KT, 'Sok Chan'))), [
      'Flood season begins',
      'Rice exports rise',
      'Japan pledges bridge aid',
    ]);
    const oldWriter = await get('/source/Khmer%20Times/SOK%20CHAN/');
    assert.equal(oldWriter.headers.get('location'), '/source/Khmer%20Times/Sok%20Chan/');

    // Merged again under a new spelling: every old address goes straight to the newest name.
    const renamed = await merge({ names: [KT], into: '', into_other: 'The Khmer Times' });
    assert.equal(renamed.status, 200);
    assert.equal((await get('/source/KhmerTimes/')).headers.get('location'), '/source/The%20Khmer%20Times/');
    assert.equal(
      (await get('/source/Khmer%20Times/')).headers.get('location'),
      '/source/The%20Khmer%20Times/',
    );
    const chained = await get('/source/The%20Khmer%20Times/SOK%20CHAN/');
    assert.equal(chained.headers.get('location'), '/source/The%20Khmer%20Times/Sok%20Chan/');
    const drafts = await store.db
      .selectFrom('posts')
      .select('source_outlet')
      .where('title', '=', 'Unpublished draft')
      .executeTakeFirstOrThrow();
    assert.equal(drafts.source_outlet, 'The Khmer Times', 'drafts take the merged name too');
    // A new clipping under an old name takes the merged one (the inbox's clip applies this).
    assert.deepEqual(await canonicalSource(store.db, 'KhmerTimes', ['SOK CHAN', 'Sok Chan', 'Mech Dara']), {
      outlet: 'The Khmer Times',
      authors: ['Sok Chan', 'Mech Dara'],
    });
    assert.deepEqual(await canonicalSource(store.db, 'Voice of Democracy', []), {
      outlet: 'Voice of Democracy',
      authors: [],
    });
  });
});

it('finds names of one outlet spelled differently', () => {
  assert.deepEqual(lookAlikes(['Khmer Times', 'Phnom Penh Post', 'KhmerTimes', 'khmertimeskh.com', 'VOD']), [
    ['Khmer Times', 'KhmerTimes', 'khmertimeskh.com'],
  ]);
  assert.deepEqual(lookAlikes(['www.phnompenhpost.com', 'Phnom Penh Post', 'The Post']), [
    ['www.phnompenhpost.com', 'Phnom Penh Post'],
  ]);
  assert.deepEqual(lookAlikes(['សុខ ចាន់', 'សុខចាន់', 'Sok Chan']), [['សុខ ចាន់', 'សុខចាន់']]);
});
