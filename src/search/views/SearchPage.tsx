import type { FC } from 'hono/jsx';
import type { SiteChrome } from '../../app-deps.ts';
import { joinNames, parseAuthors } from '../../lib/authors.ts';
import { formatDateHeader } from '../../lib/dates.ts';
import { scriptLanguage } from '../../lib/script.ts';
import { assetUrl } from '../../web/theme/assets.ts';
import { Layout } from '../../web/theme/Layout.tsx';
import { urls } from '../../web/urls.ts';
import type { SearchResults } from '../search.ts';
import type { Part } from '../snippet.ts';

export interface SearchPageData {
  q: string;
  label?: string;
  year?: number;
  byDate: boolean;
  results?: SearchResults;
  previousUrl?: string;
  nextUrl?: string;
}

/** /search?q=: the query and its filters, highlighted results, and paging. Works without JavaScript. */
export const SearchPage: FC<{ chrome: SiteChrome; data: SearchPageData }> = ({ chrome, data }) => {
  const r = data.results;
  const heading = data.q.trim() ? `Results for “${data.q.trim()}”` : 'Search';
  return (
    <Layout
      chrome={chrome}
      title={data.q.trim() ? `Search: ${data.q.trim()}` : 'Search'}
      query={data.q}
      head={
        <>
          <meta name="robots" content="noindex, follow" />
          <link rel="stylesheet" href={assetUrl('search.css')} />
        </>
      }
    >
      <header class="search-header">
        <p class="listing-title">Search</p>
        <h1 class="search-title">{heading}</h1>
        {r && <p class="search-count meta-line">{countLine(r)}</p>}
      </header>
      <SearchFilters chrome={chrome} data={data} />
      {!data.q.trim() && <p class="notice">Type a word or two in the box above to search every post.</p>}
      {r && r.total === 0 && data.q.trim() && <NoResults data={data} />}
      {r && r.results.length > 0 && (
        <ol class="search-results" start={r.offset + 1}>
          {r.results.map((hit) => {
            const authors = parseAuthors(hit.post.source_authors);
            const source = [authors.length ? joinNames(authors) : null, hit.post.source_outlet]
              .filter(Boolean)
              .join(' / ');
            return (
              <li
                class="search-result"
                lang={scriptLanguage(`${hit.post.title} ${hit.post.excerpt ?? ''}`) ?? undefined}
              >
                <p class="meta-line search-date">
                  <time datetime={hit.post.published_at}>
                    {formatDateHeader(hit.post.published_at, chrome.settings.timeZone)}
                  </time>
                  {source && <span class="search-source"> · {source}</span>}
                </p>
                <h2 class="search-result-title">
                  <a href={urls.post(hit.post)}>
                    <Marked parts={hit.title} />
                  </a>
                </h2>
                <p class="search-snippet">
                  <Marked parts={hit.snippet} />
                </p>
                {hit.labels.length > 0 && (
                  <p class="meta-line search-labels">
                    {hit.labels.map((name, i) => (
                      <>
                        {i > 0 && ', '}
                        <a href={urls.label(name)}>{name}</a>
                      </>
                    ))}
                  </p>
                )}
              </li>
            );
          })}
        </ol>
      )}
      {(data.previousUrl || data.nextUrl) && (
        <nav class="pager" aria-label="More results">
          {data.previousUrl && (
            <a class="newer" href={data.previousUrl} rel="prev">
              ← Previous results
            </a>
          )}
          {data.nextUrl && (
            <a class="older" href={data.nextUrl} rel="next">
              More results →
            </a>
          )}
        </nav>
      )}
    </Layout>
  );
};

/** Text with its matches in <mark>; the text itself is escaped by JSX. */
export const Marked: FC<{ parts: Part[] }> = ({ parts }) => (
  <>{parts.map((p) => (p.mark ? <mark>{p.text}</mark> : p.text))}</>
);

const SearchFilters: FC<{ chrome: SiteChrome; data: SearchPageData }> = ({ chrome, data }) => {
  const years = [...new Set(chrome.sidebar.archive.map((a) => a.year))];
  return (
    <form
      class="search-filters"
      method="get"
      action={urls.search()}
      role="search"
      aria-label="Search with filters"
    >
      <div class="search-field">
        <label for="search-q">Words</label>
        <input id="search-q" type="search" name="q" value={data.q} />
      </div>
      <div class="search-field">
        <label for="search-label">Label</label>
        <select id="search-label" name="label">
          <option value="">Any label</option>
          {chrome.sidebar.labels.map((l) => (
            <option value={l.name} selected={l.name === data.label}>
              {l.name}
            </option>
          ))}
        </select>
      </div>
      <div class="search-field">
        <label for="search-year">Year</label>
        <select id="search-year" name="year">
          <option value="">Any year</option>
          {years.map((y) => (
            <option value={y} selected={Number(y) === data.year}>
              {y}
            </option>
          ))}
        </select>
      </div>
      <div class="search-field search-order">
        <label>
          <input type="checkbox" name="by-date" value="true" checked={data.byDate} /> Newest first
        </label>
      </div>
      <button type="submit">Search</button>
      <details class="search-tips">
        <summary>Search tips</summary>
        <ul>
          <li>
            Every word must appear: <kbd>garment workers</kbd>
          </li>
          <li>
            Words side by side in quotes: <kbd>"National Assembly"</kbd>
          </li>
          <li>
            Leave a word out with a minus: <kbd>election -commune</kbd>
          </li>
          <li>Khmer, Thai and Chinese words are found inside longer runs of text, with or without spaces.</li>
        </ul>
      </details>
    </form>
  );
};

const NoResults: FC<{ data: SearchPageData }> = ({ data }) => (
  <div class="notice search-none">
    <p>
      No posts match <strong>{data.q.trim()}</strong>
      {data.label && (
        <>
          {' '}
          with the label <strong>{data.label}</strong>
        </>
      )}
      {data.year && (
        <>
          {' '}
          in <strong>{data.year}</strong>
        </>
      )}
      .
    </p>
    <p>
      Check the spelling, try fewer or other words
      {data.label || data.year ? ', or search without the filters' : ''}.
    </p>
  </div>
);

function countLine(r: SearchResults): string {
  if (r.total === 0) return 'No posts match.';
  const shown = `${r.offset + 1}–${r.offset + r.results.length}`;
  if (r.capped) return `More than ${r.total.toLocaleString('en-US')} posts match · showing ${shown}`;
  const noun = r.total === 1 ? 'post matches' : 'posts match';
  return `${r.total.toLocaleString('en-US')} ${noun}${r.total > r.results.length ? ` · showing ${shown}` : ''}`;
}
