// A blog with something at every route, and one concrete URL for every GET route the app has:
// the sample post, the WordPress theme unit test data (pages, comments, labels, wide tables and
// code) imported from ../shared/corpora, a clip snapshot, an invitation, a signed-in owner. A
// route this list cannot fill fails the tests that walk it, so a new route is never left out.
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Hono } from 'hono';
import { createInvitation } from '../../src/auth/invitations.ts';
import { seedEmptyBlog } from '../../src/clippings/seed.ts';
import { runImport } from '../../src/import/run.ts';
import { CORPORA } from '../../src/import/test-support.ts';
import { createPost } from '../../src/posts/save.ts';
import type { Store } from '../../src/storage/db.ts';
import { urls as paths } from '../../src/web/urls.ts';
import { type SignedIn, signedInAs } from './admin.ts';

export const WORDPRESS_SAMPLE = path.join(
  CORPORA,
  'wordpress/theme-test-data/themeunittestdata.wordpress.xml',
);

export interface SiteSamples {
  owner: SignedIn;
  postId: number;
  postPath: string;
  pagePath: string;
  commentId: number;
  label: string;
  year: string;
  month: string;
  snapshotId: number;
  invitationToken: string;
  /** A reader's manage/unsubscribe token, and a pending reader's confirmation link token. */
  subscriberToken: string;
  confirmToken: string;
  /** A commenter's pending "Notify me" request: its confirmation token and its unsubscribe token. */
  replyConfirmToken: string;
  replyToken: string;
  /** A clipping's outlet and one of its writers, in Khmer (the source pages). */
  outlet: string;
  author: string;
}

/** Fills an empty database: the sample post, the WordPress unit test data, a snapshot, an owner. */
export async function seedSite(store: Store, now = new Date()): Promise<SiteSamples> {
  await seedEmptyBlog(store.db, now);
  await runImport({ store, file: WORDPRESS_SAMPLE, format: 'wordpress', now: () => now });
  const owner = await signedInAs(store, 'owner', 'owner@example.org', now);
  const { token } = await createInvitation(
    store.db,
    owner.user,
    { email: 'invited@example.org', name: 'Invited Person', role: 'author' },
    now,
  );
  const db = store.db;
  const commented = await db
    .selectFrom('comments')
    .innerJoin('posts', 'posts.id', 'comments.post_id')
    .select(['posts.id as postId', 'posts.path as path', 'comments.id as commentId'])
    .where('posts.kind', '=', 'post')
    .where('posts.status', '=', 'published')
    .where('comments.status', '=', 'approved')
    .orderBy('comments.id')
    .executeTakeFirstOrThrow();
  const page = await db
    .selectFrom('posts')
    .select('path')
    .where('kind', '=', 'page')
    .where('status', '=', 'published')
    .orderBy('id')
    .executeTakeFirstOrThrow();
  const label = await db
    .selectFrom('labels')
    .innerJoin('post_labels', 'post_labels.label_id', 'labels.id')
    .select('labels.name')
    .orderBy('labels.id')
    .executeTakeFirstOrThrow();
  const snapshot = await db
    .insertInto('clip_snapshots')
    .values({
      post_id: commented.postId,
      url: 'https://news.example/story',
      canonical_url: null,
      fetched_at: now.toISOString(),
      title: 'A story',
      text: 'The story as fetched.',
      html: '<p>The story as fetched.</p>',
      metadata: '{}',
      text_hash: 'x',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  // Two readers following by e-mail: one confirmed (manage, unsubscribe), one pending (confirm).
  const secret = 'c'.repeat(32);
  const subscribers = await db
    .insertInto('subscribers')
    .values(
      ['reader@example.org', 'pending@example.org'].map((email, i) => ({
        email,
        status: i === 0 ? ('confirmed' as const) : ('pending' as const),
        mode: 'post' as const,
        labels: '[]',
        token: `${i}`.repeat(32),
        confirm_hash: i === 0 ? null : createHash('sha256').update(secret).digest('base64url'),
        confirm_expires_at: i === 0 ? null : new Date(now.getTime() + 86_400_000).toISOString(),
        source: 'form',
        consent: null,
        created_at: now.toISOString(),
        confirmed_at: i === 0 ? now.toISOString() : null,
        unsubscribed_at: null,
        digest_through: null,
      })),
    )
    .returning(['id', 'token'])
    .execute();
  // The sample comment's author asked to be told of replies (pending: the confirm page shows).
  const reply = await db
    .insertInto('reply_subscriptions')
    .values({
      comment_id: commented.commentId,
      email: 'commenter@example.org',
      status: 'pending',
      token: 'r'.repeat(32),
      confirm_hash: createHash('sha256').update(secret).digest('base64url'),
      confirm_expires_at: new Date(now.getTime() + 86_400_000).toISOString(),
      created_at: now.toISOString(),
      confirmed_at: null,
      unsubscribed_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  // A clipping from a Khmer outlet by two writers, for the source pages.
  const outlet = 'ភ្នំពេញ ប៉ុស្តិ៍';
  const author = 'សុខ ចាន់';
  await createPost(
    db,
    {
      title: 'ការបោះឆ្នោតក្រុមប្រឹក្សាឃុំសង្កាត់',
      bodyHtml: '<p>ការបោះឆ្នោតបានប្រព្រឹត្តទៅដោយរលូន។</p>',
      publishedAt: now.toISOString(),
      source: { outlet, authors: [author, 'Mech Dara'], url: 'https://news.example/khmer-story' },
    },
    'UTC',
  );
  const [, year, month] = /^\/(\d{4})\/(\d{2})\//.exec(commented.path) ?? [];
  return {
    owner,
    postId: commented.postId,
    postPath: commented.path,
    pagePath: page.path,
    commentId: commented.commentId,
    label: label.name,
    year: year!,
    month: month!,
    snapshotId: snapshot.id,
    invitationToken: token,
    subscriberToken: subscribers[0]!.token,
    confirmToken: `${subscribers[1]!.id}.${secret}`,
    replyConfirmToken: `${reply.id}.${secret}`,
    replyToken: 'r'.repeat(32),
    outlet,
    author,
  };
}

/** One URL for every GET route of the app (fails on a route it does not know). */
export function everyGetUrl(app: Hono, s: SiteSamples): { url: string; admin: boolean }[] {
  const fill: Record<string, string[]> = {
    '/assets/:name': ['/assets/gloss.css'],
    '/comments/:postId{[0-9]+}': [`/comments/${s.postId}`],
    '/admin/login': ['/admin/login'],
    '/admin/setup': ['/admin/setup'],
    '/admin/invite/:token': [`/admin/invite/${s.invitationToken}`],
    '/admin': ['/admin'],
    '/admin/account': ['/admin/account'],
    '/admin/posts': ['/admin/posts', '/admin/posts?kind=page', '/admin/posts?status=draft'],
    '/admin/posts/new': ['/admin/posts/new', '/admin/posts/new?kind=page'],
    '/admin/posts/:id{[0-9]+}/edit': [`/admin/posts/${s.postId}/edit`],
    '/admin/posts/:id{[0-9]+}/preview': [`/admin/posts/${s.postId}/preview`],
    '/admin/comments': ['/admin/comments', '/admin/comments?status=approved'],
    '/admin/comments/:id{[0-9]+}': [`/admin/comments/${s.commentId}`],
    '/admin/settings': ['/admin/settings'],
    '/admin/users': ['/admin/users'],
    '/admin/clip': ['/admin/clip'],
    '/admin/clip/snapshots/:id': [`/admin/clip/snapshots/${s.snapshotId}`],
    '/media/*': [],
    '/healthz': ['/healthz'],
    '/readyz': ['/readyz'],
    // A hub's verification of intent; no subscription here, so the answer is a plain 404.
    '/websub/:source{[0-9]{1,15}}/:token': [
      '/websub/1/unknown-token?hub.mode=subscribe&hub.topic=x&hub.challenge=c',
    ],
    '/admin/media': ['/admin/media', '/admin/media?q=image'],
    '/admin/media/library.json': ['/admin/media/library.json', '/admin/media/library.json?q=image'],
    '/admin/subscribers': ['/admin/subscribers'],
    '/admin/subscribers/export.csv': ['/admin/subscribers/export.csv'],
    '/admin/inbox': ['/admin/inbox'],
    '/admin/inbox/sources': ['/admin/inbox/sources'],
    '/admin/inbox/sources.opml': ['/admin/inbox/sources.opml'],
    '/admin/source-names': [
      '/admin/source-names',
      `/admin/source-names?outlet=${encodeURIComponent(s.outlet)}`,
    ],
    '/subscriptions': ['/subscriptions'],
    '/subscriptions/confirm': [`/subscriptions/confirm?token=${s.confirmToken}`],
    '/subscriptions/manage': [`/subscriptions/manage?token=${s.subscriberToken}`],
    '/subscriptions/unsubscribe': [`/subscriptions/unsubscribe?token=${s.subscriberToken}`],
    '/subscriptions/replies/confirm': [`/subscriptions/replies/confirm?token=${s.replyConfirmToken}`],
    '/subscriptions/replies/unsubscribe': [`/subscriptions/replies/unsubscribe?token=${s.replyToken}`],
    '/feeds/posts/full': ['/feeds/posts/full'],
    '/feeds/posts/full/-/*': [`/feeds/posts/full/-/${encodeURIComponent(s.label)}`],
    '/feeds/comments/full': ['/feeds/comments/full'],
    '/feeds/:postId{[0-9]+}/comments/full': [`/feeds/${s.postId}/comments/full`],
    '/feeds/posts/default': ['/feeds/posts/default'],
    '/feeds/posts/default/-/*': [`/feeds/posts/default/-/${encodeURIComponent(s.label)}`],
    '/feeds/comments/default': ['/feeds/comments/default'],
    '/feeds/:postId{[0-9]+}/comments/default': [`/feeds/${s.postId}/comments/default`],
    '/feeds/posts/summary': ['/feeds/posts/summary'],
    '/feeds/posts/summary/-/*': [`/feeds/posts/summary/-/${encodeURIComponent(s.label)}`],
    '/feeds/comments/summary': ['/feeds/comments/summary'],
    '/feeds/:postId{[0-9]+}/comments/summary': [`/feeds/${s.postId}/comments/summary`],
    '/feed.json': ['/feed.json'],
    '/feeds/source/:outlet': [paths.sourceFeed(s.outlet)],
    '/feeds/source/:outlet/:author': [paths.sourceFeed(s.outlet, s.author)],
    '/source': ['/source'],
    '/source/': ['/source/'],
    '/source/:outlet': [paths.source(s.outlet).slice(0, -1)],
    '/source/:outlet/': [paths.source(s.outlet), `${paths.source(s.outlet)}?max-results=1`],
    '/source/:outlet/:author': [paths.sourceAuthor(s.outlet, s.author).slice(0, -1)],
    '/source/:outlet/:author/': [paths.sourceAuthor(s.outlet, s.author)],
    '/atom.xml': ['/atom.xml'],
    '/rss.xml': ['/rss.xml'],
    '/sitemap.xml': ['/sitemap.xml'],
    '/robots.txt': ['/robots.txt'],
    '/': ['/', '/?m=1'],
    '/search': ['/search?q=post', '/search?q=nothingmatchesthis'],
    '/search/label/:name': [`/search/label/${encodeURIComponent(s.label)}`],
    '/:year{[0-9]{4}}': [`/${s.year}`],
    '/:year{[0-9]{4}}/': [`/${s.year}/`],
    '/:year{[0-9]{4}}/:month{[0-9]{2}}': [`/${s.year}/${s.month}`],
    '/:year{[0-9]{4}}/:month{[0-9]{2}}/': [`/${s.year}/${s.month}/`],
    '/:archive{[0-9]{4}_[0-9]{2}_[0-9]{2}_archive\\.html}': [`/${s.year}_${s.month}_01_archive.html`],
    '/:year{[0-9]{4}}/:month{[0-9]{2}}/:file{.+\\.html}': [s.postPath],
    '/p/:file{.+\\.html}': [s.pagePath],
  };
  const urls: { url: string; admin: boolean }[] = [];
  const seen = new Set<string>();
  for (const route of app.routes) {
    if (route.method !== 'GET' || seen.has(route.path)) continue;
    seen.add(route.path);
    const filled = fill[route.path];
    if (!filled)
      throw new Error(`No sample URL for the route ${route.path}: add one to test/helpers/site-routes.ts`);
    for (const url of filled) urls.push({ url, admin: url.startsWith('/admin') });
  }
  urls.push({ url: '/2099/01/nothing-here.html', admin: false });
  return urls;
}
