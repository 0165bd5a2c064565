import type { FC } from 'hono/jsx';
import type { SiteChrome } from '../../app-deps.ts';
import { scriptLanguage } from '../../lib/script.ts';
import { Layout } from '../../web/theme/Layout.tsx';
import { OutletList } from '../../web/theme/OutletList.tsx';
import { urls } from '../../web/urls.ts';
import type { NameCount, SourceFilter } from '../source-queries.ts';

/** What a source page says above its clippings: the outlet's writers, or the way back to the outlet. */
export const SourceIntro: FC<{ filter: SourceFilter; writers: NameCount[] }> = ({ filter, writers }) => (
  <div class="source-intro">
    {filter.author === undefined ? (
      writers.length > 0 && (
        <p class="source-writers">
          <span class="source-intro-kicker">Writers</span>{' '}
          {writers.map((w, i) => (
            <>
              {i > 0 && ' · '}
              <a href={urls.sourceAuthor(filter.outlet, w.name)} lang={scriptLanguage(w.name) ?? undefined}>
                {w.name}
              </a>{' '}
              <span class="count">({w.count})</span>
            </>
          ))}
        </p>
      )
    ) : (
      <p>
        <a href={urls.source(filter.outlet)} lang={scriptLanguage(filter.outlet) ?? undefined}>
          Every clipping from {filter.outlet}
        </a>
      </p>
    )}
    <p class="source-feeds meta-line">
      Follow: <a href={urls.sourceFeed(filter.outlet, filter.author)}>Atom</a> ·{' '}
      <a href={`${urls.sourceFeed(filter.outlet, filter.author)}?alt=rss`}>RSS</a> ·{' '}
      <a href={urls.sources()}>All sources</a>
    </p>
  </div>
);

/** /source/: every outlet the blog has clipped, with how many clippings came from each. */
export const SourceIndexPage: FC<{ chrome: SiteChrome; outlets: NameCount[]; canonical: string }> = ({
  chrome,
  outlets,
  canonical,
}) => (
  <Layout chrome={chrome} title="Sources" canonical={canonical}>
    <h1 class="listing-title">Sources</h1>
    {outlets.length === 0 ? (
      <p class="notice">No clipping names its outlet yet.</p>
    ) : (
      <OutletList outlets={outlets} class="source-index" />
    )}
  </Layout>
);
