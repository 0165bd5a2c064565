import type { FC } from 'hono/jsx';
import { monthName } from '../../lib/dates.ts';
import { urls } from '../urls.ts';
import type { SidebarData, ThemeSettings } from './chrome.ts';
import { FollowForm } from './FollowForm.tsx';

export const Sidebar: FC<{ data: SidebarData; settings: ThemeSettings }> = ({ data, settings }) => {
  const years = groupByYear(data.archive);
  return (
    <aside class="sidebar" aria-label="Blog archive and labels">
      {settings.sidebar.map((widget) => {
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
                {years.map((y, i) => (
                  <li>
                    <details open={i === 0}>
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
          return (
            <section class="widget widget-labels">
              <h2>Labels</h2>
              <ul class="label-cloud">
                {data.labels.map((l) => (
                  <li>
                    <a href={urls.label(l.name)}>{l.name}</a> <span class="count">({l.count})</span>
                  </li>
                ))}
              </ul>
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
      })}
    </aside>
  );
};

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
