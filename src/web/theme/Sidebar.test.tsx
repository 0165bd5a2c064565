// The sidebar's widgets are rendered once per chrome and reused: a new chrome (a content change)
// or new settings must show at once, the archive must open the year being viewed, and the search
// box must show each page's own query.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { SidebarData, ThemeSettings } from './chrome.ts';
import { Sidebar } from './Sidebar.tsx';

const settings: ThemeSettings = {
  title: 'Sidebar test',
  description: 'About.',
  language: 'en',
  sidebar: ['search', 'about', 'archive', 'labels', 'sources', 'feeds'],
  labelsLimit: null,
  labelsSort: 'name',
  labelsStyle: 'list',
  sourcesLimit: null,
  sourcesSort: 'name',
};

const data = (labels: string[]): SidebarData => ({
  archive: [
    { year: '2017', month: '07', count: 2 },
    { year: '2016', month: '01', count: 1 },
  ],
  labels: labels.map((name) => ({ name, count: 1 })),
  sources: [{ name: 'Kyodo', count: 1 }],
});

const render = (d: SidebarData, s: ThemeSettings, props: { query?: string; year?: string } = {}) =>
  String(<Sidebar data={d} settings={s} {...props} />);

it('shows a new chrome, new settings, the viewed year and each query, though widgets are reused', () => {
  const first = data(['Alpha']);
  const a = render(first, settings);
  assert.match(a, /Alpha/);
  assert.equal(render(first, settings), a, 'the same chrome renders the same sidebar');

  // A content change builds a new chrome: its labels show, not the remembered ones.
  const b = render(data(['Alpha', 'Beta']), settings);
  assert.match(b, />Beta</);

  // New settings on the same data (the Settings page saved): the cloud, not the list.
  const cloud = render(first, { ...settings, labelsStyle: 'cloud' });
  assert.match(cloud, /widget-labels"><h2>Labels<\/h2><ul class="label-cloud">/);
  assert.match(a, /widget-labels"><h2>Labels<\/h2><ul class="label-list">/);
  const noAbout = render(first, { ...settings, sidebar: ['labels'] });
  assert.doesNotMatch(noAbout, /widget-about|widget-archive/);

  // The archive opens the year being viewed, else the newest.
  const openYear = (html: string) => /<details open="">\s*<summary><a href="\/(\d{4})\/">/.exec(html)?.[1];
  assert.equal(openYear(render(first, settings, { year: '2016' })), '2016');
  assert.equal(openYear(render(first, settings, { year: '2017' })), '2017');
  assert.equal(openYear(render(first, settings)), '2017');

  // The search box shows the page's query, escaped, and no other page's.
  assert.match(render(first, settings, { query: 'a<b' }), /value="a&lt;b"/);
  assert.match(render(first, settings), /name="q" value=""/);
});
