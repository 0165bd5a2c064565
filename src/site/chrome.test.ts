// The chrome of the public pages follows the Settings page: the header pages and their order,
// the search box as a sidebar widget, the labels widget's options, and the archive widget
// opening the year being viewed.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { form, ORIGIN, type SignedIn, signedInAs } from '../../test/helpers/admin.ts';
import { eachDatabase } from '../../test/helpers/databases.ts';
import { createApp } from '../app.tsx';
import { loadConfig } from '../config.ts';
import { createPost } from '../posts/save.ts';
import type { Store } from '../storage/db.ts';

const ZONE = 'Asia/Phnom_Penh';

const BASE_SETTINGS = {
  title: 'Chrome test',
  description: 'About this blog.',
  timeZone: ZONE,
  language: 'en',
  postsPerPage: '10',
  commentPolicy: 'open',
  commentCloseDays: '',
  sidebar: ['search', 'archive', 'labels'],
  commentMaxLinks: '3',
  commentMaxLength: '4000',
  commentMinSeconds: '3',
  commentLimitPerAddress: '10',
  commentLimitGlobal: '300',
  commentLimitWindowMinutes: '10',
  commentBlocklist: '',
  commentNotify: '1',
  behindProxy: '0',
};

eachDatabase('the public chrome follows the settings', (getStore) => {
  let store: Store;
  let app: ReturnType<typeof createApp>['app'];
  let owner: SignedIn;
  const pages: { id: number; title: string; path: string }[] = [];
  let oldPost = '';

  const html = async (path: string) => (await app.request(`${ORIGIN}${path}`)).text();
  const save = async (fields: Record<string, string | string[]>) => {
    const res = await app.request(`${ORIGIN}/admin/settings`, {
      method: 'POST',
      headers: owner.headers,
      body: form(owner, { ...BASE_SETTINGS, ...fields }),
    });
    assert.equal(res.status, 303, await res.text());
  };
  const headerLinks = (page: string) =>
    [...(/<nav class="site-nav"[\s\S]*?<\/nav>/.exec(page)?.[0] ?? '').matchAll(/<a href="([^"]+)">/g)].map(
      (m) => m[1],
    );
  const openYears = (page: string) =>
    [...page.matchAll(/<details open="">\s*<summary><a href="\/(\d{4})\/">/g)].map((m) => m[1]);
  const sidebarLabels = (page: string) => {
    const widget = /<section class="widget widget-labels">[\s\S]*?<\/section>/.exec(page)?.[0] ?? '';
    return [
      ...widget.matchAll(
        /<li( class="label-size-(\d)")?><a href="\/search\/label\/[^"]+"[^>]*>([^<]+)<\/a>/g,
      ),
    ].map((m) => (m[2] ? `${m[3]}:${m[2]}` : m[3]));
  };

  before(async () => {
    store = getStore();
    ({ app } = createApp({ store, config: loadConfig({}, process.cwd()) }));
    owner = await signedInAs(store, 'owner');
    for (const title of ['About', 'Contact', 'Archive policy', 'Donate', 'Events', 'Friends']) {
      const page = await createPost(store.db, { kind: 'page', title, bodyHtml: `<p>${title}.</p>` }, ZONE);
      pages.push({ id: page.id, title, path: page.path });
    }
    const labelled: [string, string, string[]][] = [
      ['2019-07-24T02:00:00.000Z', 'Old news', ['Cambodia', 'Politics']],
      ['2021-03-01T02:00:00.000Z', 'Newer news', ['Cambodia', 'Economy']],
      ['2021-04-01T02:00:00.000Z', 'Newest news', ['Cambodia', 'Economy', 'Zoology']],
    ];
    for (const [publishedAt, title, labels] of labelled) {
      const post = await createPost(store.db, { title, bodyHtml: '<p>Text.</p>', publishedAt, labels }, ZONE);
      if (title === 'Old news') oldPost = post.path;
    }
    await save({});
  });

  it('links a few pages in the header by default, then the chosen ones in the chosen order', async () => {
    const byTitle = [...pages].sort((a, b) => a.title.localeCompare(b.title));
    assert.deepEqual(headerLinks(await html('/')), ['/', ...byTitle.slice(0, 4).map((p) => p.path)]);

    const [about, contact, , donate] = pages;
    await save({
      headerPagesListed: '1',
      headerPage: [String(about!.id), String(donate!.id)],
      [`headerPage_at_${about!.id}`]: '2',
      [`headerPage_at_${donate!.id}`]: '1',
    });
    assert.deepEqual(headerLinks(await html('/')), ['/', donate!.path, about!.path]);
    const settingsPage = await (
      await app.request(`${ORIGIN}/admin/settings`, { headers: { cookie: owner.cookie } })
    ).text();
    assert.match(settingsPage, new RegExp(`name="headerPage" value="${donate!.id}" checked=""`));
    assert.doesNotMatch(settingsPage, new RegExp(`name="headerPage" value="${contact!.id}" checked`));

    await save({ headerPagesListed: '1' });
    assert.deepEqual(headerLinks(await html('/')), ['/'], 'none ticked: Home alone');
    // A form that did not list the pages (an older client) leaves the choice as it was.
    await save({});
    assert.deepEqual(headerLinks(await html('/')), ['/']);
  });

  it('shows the search box where the sidebar setting puts it, and nowhere when it is off', async () => {
    const withBox = await html('/');
    assert.match(
      withBox,
      /<aside class="sidebar"[^>]*><section class="widget widget-search">/,
      'first widget',
    );
    assert.equal(withBox.match(/role="search"/g)?.length, 1, 'one search box');
    await save({ sidebar: ['archive', 'search'], sidebar_at_archive: '1', sidebar_at_search: '2' });
    const second = await html('/');
    assert.ok(
      second.indexOf('widget-archive') < second.indexOf('widget-search'),
      'the archive comes first now',
    );
    await save({ sidebar: ['archive', 'labels'] });
    assert.doesNotMatch(await html('/'), /role="search"/);
    await save({});
  });

  it('opens the archive at the year being viewed', async () => {
    assert.deepEqual(openYears(await html('/')), ['2021'], 'the home page opens the newest year');
    assert.deepEqual(openYears(await html('/2019/')), ['2019']);
    assert.deepEqual(openYears(await html('/2019/07/')), ['2019']);
    assert.deepEqual(openYears(await html(oldPost)), ['2019'], 'a post opens its own year');
    assert.deepEqual(openYears(await html('/2021/03/')), ['2021']);
  });

  it('lists all labels or the most used, by name or by count, as a list or a cloud', async () => {
    assert.deepEqual(sidebarLabels(await html('/')), ['Cambodia', 'Economy', 'Politics', 'Zoology']);
    await save({ labelsShow: 'top', labelsLimit: '2', labelsSort: 'count', labelsStyle: 'list' });
    assert.deepEqual(sidebarLabels(await html('/')), ['Cambodia', 'Economy']);
    await save({ labelsShow: 'all', labelsLimit: '2', labelsSort: 'count', labelsStyle: 'cloud' });
    assert.deepEqual(sidebarLabels(await html('/')), ['Cambodia:5', 'Economy:4', 'Politics:1', 'Zoology:1']);
    await save({ labelsShow: 'top', labelsLimit: '3', labelsSort: 'name', labelsStyle: 'cloud' });
    assert.deepEqual(sidebarLabels(await html('/')), ['Cambodia:5', 'Economy:4', 'Politics:1']);

    const bad = await app.request(`${ORIGIN}/admin/settings`, {
      method: 'POST',
      headers: owner.headers,
      body: form(owner, { ...BASE_SETTINGS, labelsShow: 'top', labelsLimit: '0' }),
    });
    assert.equal(bad.status, 400);
    assert.match(await bad.text(), /A whole number from 1 to 1000/);
  });
});
