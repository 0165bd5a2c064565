// Feeds at Blogger's addresses (existing subscribers keep working), JSON Feed, sitemap, robots.txt.
//   /feeds/posts/default[?alt=rss|json|json-in-script|jsonfeed]   /feeds/posts/default/-/LABEL[/LABEL…]
//   /feeds/comments/default                     /feeds/POSTID/comments/default
//   /feeds/source/OUTLET[/AUTHOR]               one outlet's clippings, or one writer's there
//   /feeds/…/full is /default, as on Blogger; /feeds/…/summary: excerpts only
//   ?alt=json is Blogger's JSON, ?alt=json-in-script&callback=NAME the same wrapped in a call;
//   JSON Feed 1.1 is ?alt=jsonfeed and /feed.json          /sitemap.xml   /robots.txt
import { type Context, Hono } from 'hono';
import type { AppDeps } from '../app-deps.ts';
import { aliasOf, type SourceFilter, sourceExists } from '../posts/source-queries.ts';
import { tagPage } from '../web/middleware/page-cache.ts';
import { urls } from '../web/urls.ts';
import { ATOM_TYPE, renderAtom } from './atom.ts';
import {
  BLOGGER_JSON_TYPE,
  DEFAULT_CALLBACK,
  isCallbackName,
  JSON_IN_SCRIPT_TYPE,
  renderBloggerJson,
  renderJsonInScript,
} from './blogger-json.ts';
import { commentsFeed, feedWindow, postsFeed } from './build.ts';
import { conditionalResponse } from './conditional.ts';
import { JSON_FEED_TYPE, renderJsonFeed } from './json-feed.ts';
import type { Feed } from './model.ts';
import { postForFeedId } from './queries.ts';
import { RSS_TYPE, renderRss } from './rss.ts';
import { robotsTxt, SITEMAP_TYPE, sitemap } from './sitemap.ts';

export function feedRoutes(deps: AppDeps) {
  const { db } = deps.store;
  const app = new Hono();
  const request = async (c: Context, path: string, kind = 'default') => ({
    base: await deps.origin(),
    path,
    window: feedWindow(c.req.query('start-index'), c.req.query('max-results')),
    summary: kind === 'summary',
  });

  // Written out per kind: a "default|summary" pattern leaks its alternation into Hono's router.
  for (const kind of ['default', 'full', 'summary']) {
    app.get(`/feeds/posts/${kind}`, (c) => posts(c, [], kind));
    app.get(`/feeds/posts/${kind}/-/*`, (c) => {
      const path = new URL(c.req.url).pathname;
      const labels = path
        .slice(path.indexOf('/-/') + 3)
        .split('/')
        .filter(Boolean)
        .map(safeDecode);
      return labels.length > 0 ? posts(c, labels, kind) : c.notFound();
    });
    app.get(`/feeds/comments/${kind}`, async (c) => {
      tagPage(c, 'comments', 'posts');
      const settings = (await deps.site.chrome()).settings;
      const { feed, lastModified } = await commentsFeed(
        db,
        settings,
        await request(c, `/feeds/comments/${kind}`, kind),
      );
      return respond(c, feed, lastModified);
    });
    app.get(`/feeds/:postId{[0-9]+}/comments/${kind}`, async (c) => {
      const post = await postForFeedId(db, c.req.param('postId'));
      if (!post) return c.notFound();
      tagPage(c, 'comments', 'posts');
      const settings = (await deps.site.chrome()).settings;
      const path = `/feeds/${c.req.param('postId')}/comments/${kind}`;
      const { feed, lastModified } = await commentsFeed(db, settings, await request(c, path, kind), post);
      return respond(c, feed, lastModified);
    });
  }
  app.get('/feed.json', (c) => posts(c, [], 'default', 'jsonfeed'));
  app.get('/feeds/source/:outlet', (c) => sourceFeed(c, { outlet: c.req.param('outlet') }));
  app.get('/feeds/source/:outlet/:author', (c) =>
    sourceFeed(c, { outlet: c.req.param('outlet'), author: c.req.param('author') }),
  );

  // Blogger's older feed addresses.
  app.get('/atom.xml', (c) => c.redirect(urls.feedAtom(), 301));
  app.get('/rss.xml', (c) => c.redirect(urls.feedRss(), 301));

  app.get('/sitemap.xml', async (c) => {
    const pageParam = c.req.query('page');
    const page = pageParam === undefined ? undefined : Number(pageParam);
    if (page !== undefined && !Number.isInteger(page)) return c.notFound();
    const map = await sitemap(db, await deps.origin(), page);
    if (!map) return c.notFound();
    tagPage(c, 'posts');
    return conditionalResponse(c, map.lastModified, SITEMAP_TYPE, () => map.xml);
  });
  app.get('/robots.txt', async (c) => c.text(robotsTxt(await deps.origin())));

  async function posts(c: Context, labels: string[], kind: string, format?: 'jsonfeed') {
    const settings = (await deps.site.chrome()).settings;
    const path = format ? urls.feedAtom() : new URL(c.req.url).pathname;
    const { feed, lastModified } = await postsFeed(db, settings, await request(c, path, kind), labels);
    tagPage(c, 'posts');
    return respond(c, feed, lastModified, format);
  }

  async function sourceFeed(c: Context, source: SourceFilter) {
    tagPage(c, 'posts');
    if (!(await sourceExists(db, source))) {
      const outlet = await aliasOf(db, 'outlet', source.outlet);
      if (outlet) return c.redirect(urls.sourceFeed(outlet, source.author) + new URL(c.req.url).search, 301);
      const author = source.author && (await aliasOf(db, 'author', source.author, source.outlet));
      if (author) return c.redirect(urls.sourceFeed(source.outlet, author) + new URL(c.req.url).search, 301);
      return c.notFound();
    }
    const settings = (await deps.site.chrome()).settings;
    const path = urls.sourceFeed(source.outlet, source.author);
    const { feed, lastModified } = await postsFeed(db, settings, await request(c, path), [], source);
    return respond(c, feed, lastModified);
  }

  function respond(c: Context, feed: Feed, lastModified: string | undefined, format?: 'jsonfeed') {
    const alt = format ?? c.req.query('alt');
    if (alt === 'rss') return conditionalResponse(c, lastModified, RSS_TYPE, () => renderRss(feed));
    if (alt === 'jsonfeed' || alt === 'json-feed')
      return conditionalResponse(c, lastModified, JSON_FEED_TYPE, () => renderJsonFeed(feed));
    if (alt === 'json')
      return conditionalResponse(c, lastModified, BLOGGER_JSON_TYPE, () => renderBloggerJson(feed));
    if (alt === 'json-in-script') {
      const callback = c.req.query('callback') || DEFAULT_CALLBACK;
      if (!isCallbackName(callback)) {
        return c.text(`callback must be a JavaScript name such as showPosts, not "${callback}"`, 400);
      }
      return conditionalResponse(c, lastModified, JSON_IN_SCRIPT_TYPE, () =>
        renderJsonInScript(feed, callback),
      );
    }
    return conditionalResponse(c, lastModified, ATOM_TYPE, () => renderAtom(feed));
  }

  return app;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
