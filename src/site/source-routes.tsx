// The blog's source pages: every clipping from one outlet (/source/OUTLET/), from one of its writers
// (/source/OUTLET/AUTHOR/), and the list of outlets (/source/). Paged and cached as label pages are;
// a name merged away redirects to the one it became, a near miss in case or spacing to the name
// meant, and anything else is the helpful 404.
import { type Context, Hono } from 'hono';
import type { AppDeps } from '../app-deps.ts';
import { SourceFeedLinks } from '../feeds/discovery.tsx';
import {
  aliasOf,
  meantName,
  outletCounts,
  type SourceFilter,
  sourceExists,
  sourcePosts,
  writersOf,
} from '../posts/source-queries.ts';
import { ListingPage } from '../posts/views/ListingPage.tsx';
import { SourceIndexPage, SourceIntro } from '../posts/views/SourcePages.tsx';
import { tagPage } from '../web/middleware/page-cache.ts';
import { urls } from '../web/urls.ts';
import { canonicalUrl } from './post-page.tsx';
import { blogWindow, decorate } from './reading-routes.tsx';

export function sourceRoutes(deps: AppDeps) {
  const { db } = deps.store;
  const app = new Hono();

  app.get('/source', (c) => c.redirect(urls.sources(), 301));
  app.get('/source/', async (c) => {
    const [chrome, outlets] = await Promise.all([deps.site.chrome(), outletCounts(db)]);
    tagPage(c, 'posts');
    return c.html(
      <SourceIndexPage
        chrome={chrome}
        outlets={outlets}
        canonical={await canonicalUrl(deps, urls.sources())}
      />,
    );
  });
  app.get('/source/:outlet', (c) => c.redirect(urls.source(c.req.param('outlet')) + query(c), 301));
  app.get('/source/:outlet/', (c) => sourcePage(c, { outlet: c.req.param('outlet') }));
  app.get('/source/:outlet/:author', (c) =>
    c.redirect(urls.sourceAuthor(c.req.param('outlet'), c.req.param('author')) + query(c), 301),
  );
  app.get('/source/:outlet/:author/', (c) =>
    sourcePage(c, { outlet: c.req.param('outlet'), author: c.req.param('author') }),
  );

  async function sourcePage(c: Context, filter: SourceFilter) {
    tagPage(c, 'posts', 'comments'); // comment counts under each post
    if (!(await sourceExists(db, filter))) {
      const moved = await movedTo(filter);
      return moved ? c.redirect(moved + query(c), 301) : c.notFound();
    }
    const chrome = await deps.site.chrome();
    const window = blogWindow(c, chrome.settings.postsPerPage);
    const [page, writers] = await Promise.all([
      sourcePosts(db, filter, window),
      filter.author === undefined ? writersOf(db, filter.outlet) : Promise.resolve([]),
    ]);
    const base =
      filter.author === undefined
        ? urls.source(filter.outlet)
        : urls.sourceAuthor(filter.outlet, filter.author);
    const first = page.posts[0];
    const last = page.posts.at(-1);
    const heading =
      filter.author === undefined
        ? `Clippings from ${filter.outlet}`
        : `Clippings by ${filter.author} in ${filter.outlet}`;
    return c.html(
      <ListingPage
        chrome={chrome}
        data={{
          ...(await decorate(db, page.posts)),
          heading,
          olderUrl: page.hasOlder && last ? urls.older(base, last.published_at, window.limit) : undefined,
          newerUrl: page.hasNewer && first ? urls.newer(base, first.published_at, window.limit) : undefined,
          canonical: await canonicalUrl(deps, base),
          head: <SourceFeedLinks filter={filter} settings={chrome.settings} />,
          intro: <SourceIntro filter={filter} writers={writers} />,
          emptyMessage: 'No more clippings from this source.',
        }}
      />,
    );
  }

  /** Where the pages of a name merged away, or typed slightly wrong, now are. */
  async function movedTo(filter: SourceFilter): Promise<string | undefined> {
    const outlet =
      (await aliasOf(db, 'outlet', filter.outlet)) ??
      meantName(
        (await outletCounts(db)).map((o) => o.name),
        filter.outlet,
      );
    if (filter.author === undefined)
      return outlet && outlet !== filter.outlet ? urls.source(outlet) : undefined;
    if (outlet && outlet !== filter.outlet) return urls.sourceAuthor(outlet, filter.author);
    const author =
      (await aliasOf(db, 'author', filter.author, filter.outlet)) ??
      meantName(
        (await writersOf(db, filter.outlet)).map((w) => w.name),
        filter.author,
      );
    return author && author !== filter.author ? urls.sourceAuthor(filter.outlet, author) : undefined;
  }

  return app;
}

function query(c: Context): string {
  return new URL(c.req.url).search;
}
