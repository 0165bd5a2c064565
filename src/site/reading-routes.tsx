// The public reading pages: home, post, static page, archives, labels, in Blogger's URL scheme.
// They compose posts (the listing and the post), comments (counts, thread, form) and feeds (links).
import { type Context, Hono } from 'hono';
import type { AppDeps } from '../app-deps.ts';
import { rememberedCommenter } from '../comments/remember.ts';
import { staffOf } from '../comments/staff.ts';
import { approvedCounts } from '../comments/thread.ts';
import { LabelFeedLinks, PostDiscovery } from '../feeds/discovery.tsx';
import { monthName } from '../lib/dates.ts';
import { notesIn } from '../posts/notes.ts';
import { findPublicByPath, labelsOf, listPosts, postsUnderPath } from '../posts/queries.ts';
import { ListingPage } from '../posts/views/ListingPage.tsx';
import type { Store } from '../storage/db.ts';
import type { Post } from '../storage/schema.ts';
import { tagPage } from '../web/middleware/page-cache.ts';
import { urls } from '../web/urls.ts';
import { canonicalUrl, renderPostPage } from './post-page.tsx';

export function readingRoutes(deps: AppDeps) {
  const { db } = deps.store;
  const app = new Hono();

  app.get('/', (c) => listing(c, '/', undefined));

  // Blogger's "Older posts" links are /search?updated-max=…; a search with a query goes on to search.
  app.get('/search', (c, next) =>
    c.req.query('q') === undefined ? listing(c, '/search', undefined) : next(),
  );

  app.get('/search/label/:name', (c) => listing(c, urls.label(c.req.param('name')), c.req.param('name')));

  app.get('/:year{[0-9]{4}}', (c) => c.redirect(urls.year(c.req.param('year')), 301));
  app.get('/:year{[0-9]{4}}/', (c) => archive(c, c.req.param('year')));
  app.get('/:year{[0-9]{4}}/:month{[0-9]{2}}', (c) =>
    c.redirect(urls.month(c.req.param('year'), c.req.param('month')), 301),
  );
  app.get('/:year{[0-9]{4}}/:month{[0-9]{2}}/', (c) => archive(c, c.req.param('year'), c.req.param('month')));
  // Blogger's older archive links: /2017_07_01_archive.html
  app.get('/:archive{[0-9]{4}_[0-9]{2}_[0-9]{2}_archive\\.html}', (c) => {
    const [year, month] = c.req.param('archive').split('_');
    return c.redirect(urls.month(year!, month!), 301);
  });

  app.get('/:year{[0-9]{4}}/:month{[0-9]{2}}/:file{.+\\.html}', (c) => postPage(c));
  app.get('/p/:file{.+\\.html}', (c) => postPage(c));

  async function listing(c: Context, base: string, label: string | undefined) {
    const chrome = await deps.site.chrome();
    const limit = maxResults(c, chrome.settings.postsPerPage);
    const before = instant(c.req.query('updated-max'));
    const after = instant(c.req.query('updated-min'));
    const page = await listPosts(db, { before, after, limit }, label);
    const listingBase = base === '/search' ? '/search' : base;
    const olderBase = base === '/' ? '/search' : listingBase;
    const data = await decorate(db, page.posts);
    tagPage(c, 'posts', 'comments'); // comment counts under each post
    return c.html(
      <ListingPage
        chrome={chrome}
        data={{
          ...data,
          heading: label ? `Posts with the label ${label}` : before || after ? 'Posts' : undefined,
          olderUrl:
            page.hasOlder && page.posts.length > 0
              ? urls.older(olderBase, page.posts.at(-1)!.published_at, limit)
              : undefined,
          newerUrl:
            page.hasNewer && page.posts.length > 0
              ? urls.newer(olderBase, page.posts[0]!.published_at, limit)
              : undefined,
          canonical: await canonicalUrl(deps, label ? urls.label(label) : '/'),
          head: label ? <LabelFeedLinks label={label} settings={chrome.settings} /> : undefined,
          emptyMessage: label ? `No posts carry the label “${label}”.` : 'Nothing has been published yet.',
        }}
      />,
    );
  }

  async function archive(c: Context, year: string, month?: string) {
    const chrome = await deps.site.chrome();
    const limit = maxResults(c, chrome.settings.postsPerPage);
    const prefix = month ? urls.month(year, month) : urls.year(year);
    const before = instant(c.req.query('updated-max'));
    const page = await postsUnderPath(db, prefix, limit, before);
    if (page.posts.length === 0 && !before) return c.notFound();
    const data = await decorate(db, page.posts);
    tagPage(c, 'posts', 'comments'); // comment counts under each post
    return c.html(
      <ListingPage
        chrome={chrome}
        data={{
          ...data,
          heading: month ? `${monthName(Number(month))} ${year}` : year,
          olderUrl:
            page.hasOlder && page.posts.length > 0
              ? urls.older(prefix, page.posts.at(-1)!.published_at, limit)
              : undefined,
          newerUrl: before ? prefix : undefined,
          canonical: await canonicalUrl(deps, prefix),
          emptyMessage: 'No more posts in this period.',
        }}
      />,
    );
  }

  /** The name and site a commenter asked to be remembered, already in the form (never cached). */
  function rememberedValues(c: Context) {
    const who = rememberedCommenter(c);
    return who ? { author: who.author, url: who.url, remember: true } : undefined;
  }

  async function postPage(c: Context) {
    const path = decodeURI(new URL(c.req.url).pathname);
    const post =
      (await findPublicByPath(db, path)) ?? (await findPublicByPath(db, new URL(c.req.url).pathname));
    if (!post) return c.notFound();
    tagPage(c, `post:${post.id}`, 'posts'); // posts: the sidebar's archive and labels, newer/older
    const staff = await staffOf(c, deps);
    const page = await renderPostPage(deps, c, post, {
      form: { replyTo: c.req.query('replyTo'), values: staff ? undefined : rememberedValues(c), staff },
      head: (labels, chrome, canonical) => (
        <PostDiscovery post={post} labels={labels} settings={chrome.settings} canonical={canonical} />
      ),
    });
    return c.html(page);
  }

  return app;
}

/** What a listing shows under each post: labels, comment count, the first editor's note. */
export async function decorate(db: Store['db'], posts: Post[]) {
  const ids = posts.map((p) => p.id);
  const [labels, comments] = await Promise.all([labelsOf(db, ids), approvedCounts(db, ids)]);
  const notes = new Map<number, string>();
  for (const post of posts) {
    const first = notesIn(post.body_html)[0];
    if (first) notes.set(post.id, first);
  }
  return { posts, labels, comments, notes };
}

/** A listing's window from Blogger's paging parameters (updated-max, updated-min, max-results). */
export function blogWindow(c: Context, postsPerPage: number) {
  return {
    before: instant(c.req.query('updated-max')),
    after: instant(c.req.query('updated-min')),
    limit: maxResults(c, postsPerPage),
  };
}

function maxResults(c: Context, fallback: number): number {
  const n = Number.parseInt(c.req.query('max-results') ?? '', 10);
  return Number.isFinite(n) && n > 0 ? Math.min(n, 50) : fallback;
}

/** An instant from a Blogger paging parameter, or undefined when absent or unreadable. */
function instant(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const t = Date.parse(value.replace(' ', '+'));
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}
