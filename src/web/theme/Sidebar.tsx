import { raw } from 'hono/html';
import type { FC } from 'hono/jsx';
import type { HtmlEscapedString } from 'hono/utils/html';
import { monthName } from '../../lib/dates.ts';
import { scriptLanguage } from '../../lib/script.ts';
import { urls } from '../urls.ts';
import type { SidebarData, ThemeSettings } from './chrome.ts';
import { FollowForm } from './FollowForm.tsx';
import { OutletList } from './OutletList.tsx';

interface SidebarProps {
  data: SidebarData;
  settings: ThemeSettings;
  /** The search box's current query. */
  query?: string;
  /** The year of the page being viewed (an archive, a post): its archive entry opens. */
  year?: string;
}

export const Sidebar: FC<SidebarProps> = ({ data, settings, query, year }) => {
  const parts = partsFor(data, settings);
  const years = parts.years;
  const open = years.some((y) => y.year === year) ? year : years[0]?.year;
  return (
    <aside class="sidebar" aria-label="Sidebar">
      {settings.sidebar.map((widget) => {
        // The search box shows the reader's query; every other widget is the same on every page
        // (the archive's open year aside) until the chrome changes, and is rendered once.
        if (widget === 'search') return <SearchWidget query={query} />;
        const key = widget === 'archive' ? `archive ${open}` : widget;
        let html = parts.html.get(key);
        if (html === undefined) {
          html = raw(
            String(<Widget widget={widget} data={data} settings={settings} years={years} open={open} />),
          );
          parts.html.set(key, html);
        }
        return html;
      })}
    </aside>
  );
};

type Years = ReturnType<typeof groupByYear>;

/** Rendered widgets of one chrome (a content version): its sidebar data and its settings. */
const rendered = new WeakMap<
  SidebarData,
  { settings: ThemeSettings; years: Years; html: Map<string, HtmlEscapedString> }
>();

function partsFor(data: SidebarData, settings: ThemeSettings) {
  let parts = rendered.get(data);
  if (parts?.settings !== settings) {
    parts = { settings, years: groupByYear(data.archive), html: new Map() };
    rendered.set(data, parts);
  }
  return parts;
}

const SearchWidget: FC<{ query?: string }> = ({ query }) => (
  <section class="widget widget-search">
    <h2>
      <label for="site-search">Search this blog</label>
    </h2>
    <form class="search-form" role="search" method="get" action={urls.search()}>
      <input id="site-search" type="search" name="q" value={query ?? ''} />
      <button type="submit">Search</button>
    </form>
  </section>
);

const Widget: FC<{
  widget: string;
  data: SidebarData;
  settings: ThemeSettings;
  years: Years;
  open: string | undefined;
}> = ({ widget, data, settings, years, open }) => {
  if (widget === 'about' && settings.description) {
    return (
      <section class="widget widget-about">
        <h2>About</h2>
        <p>{settings.description}</p>
      </section>
    );
  }
  if (widget === 'archive' && years.length > 0) {
    return (
      <section class="widget widget-archive">
        <h2>Blog archive</h2>
        <ul class="archive-years">
          {years.map((y) => (
            <li>
              <details open={y.year === open}>
                <summary>
                  <a href={urls.year(y.year)}>{y.year}</a> <span class="count">({y.count})</span>
                </summary>
                <ul class="archive-months">
                  {y.months.map((m) => (
                    <li>
                      <a href={urls.month(m.year, m.month)}>{monthName(Number(m.month))}</a>{' '}
                      <span class="count">({m.count})</span>
                    </li>
                  ))}
                </ul>
              </details>
            </li>
          ))}
        </ul>
      </section>
    );
  }
  if (widget === 'labels' && data.labels.length > 0) {
    const labels = pickLabels(data.labels, settings);
    const cloud = settings.labelsStyle === 'cloud';
    return (
      <section class="widget widget-labels">
        <h2>Labels</h2>
        <ul class={cloud ? 'label-cloud' : 'label-list'}>
          {labels.map((l) => (
            <li class={cloud ? `label-size-${l.size}` : undefined}>
              <a href={urls.label(l.name)} lang={scriptLanguage(l.name) ?? undefined}>
                {l.name}
              </a>{' '}
              <span class="count">({l.count})</span>
            </li>
          ))}
        </ul>
      </section>
    );
  }
  if (widget === 'sources' && data.sources.length > 0) {
    const outlets = pickLabels(data.sources, {
      labelsLimit: settings.sourcesLimit,
      labelsSort: settings.sourcesSort,
    });
    return (
      <section class="widget widget-sources">
        <h2>Sources</h2>
        <OutletList outlets={outlets} class="label-list" />
        {outlets.length < data.sources.length && (
          <p class="widget-more">
            <a href={urls.sources()}>All {data.sources.length} sources</a>
          </p>
        )}
      </section>
    );
  }
  if (widget === 'follow') {
    return (
      <section class="widget widget-follow">
        <h2>Follow by e-mail</h2>
        <p>New posts in your inbox. Unsubscribe from any mail in one click.</p>
        <FollowForm id="follow-sidebar" />
      </section>
    );
  }
  if (widget === 'feeds') {
    return (
      <section class="widget widget-feeds">
        <h2>Subscribe</h2>
        <ul>
          <li>
            <a href={urls.feedAtom()}>Posts (Atom)</a>
          </li>
          <li>
            <a href={urls.feedRss()}>Posts (RSS)</a>
          </li>
          <li>
            <a href={urls.commentsFeed()}>Comments (Atom)</a>
          </li>
        </ul>
      </section>
    );
  }
  return null;
};

/**
 * The labels the widget shows: all or the N most used (ties by name), sorted by name or by count,
 * each with a size from 1 to 5 for the cloud (by use, on a log scale, as Blogger's cloud does).
 */
export function pickLabels(
  labels: SidebarData['labels'],
  settings: Pick<ThemeSettings, 'labelsLimit' | 'labelsSort'>,
): { name: string; count: number; size: number }[] {
  const byCount = [...labels].sort((a, b) => b.count - a.count || compareNames(a.name, b.name));
  const shown = settings.labelsLimit ? byCount.slice(0, settings.labelsLimit) : byCount;
  const sorted =
    settings.labelsSort === 'count' ? shown : [...shown].sort((a, b) => compareNames(a.name, b.name));
  const counts = shown.map((l) => Math.log(l.count));
  const low = Math.min(...counts);
  const span = Math.max(...counts) - low;
  return sorted.map((l) => ({
    ...l,
    size: span > 0 ? 1 + Math.round(((Math.log(l.count) - low) / span) * 4) : 3,
  }));
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
const compareNames = (a: string, b: string) => collator.compare(a, b);

function groupByYear(archive: SidebarData['archive']) {
  const years: { year: string; count: number; months: SidebarData['archive'] }[] = [];
  for (const entry of archive) {
    let y = years.find((x) => x.year === entry.year);
    if (!y) {
      y = { year: entry.year, count: 0, months: [] };
      years.push(y);
    }
    y.count += entry.count;
    y.months.push(entry);
  }
  return years;
}
