// Which pages the mirror has and what each one shows, decided from the bulk data alone, with a
// fingerprint of each page's inputs: a page whose fingerprint is the one the last export wrote
// costs no render. Listings are paged from the oldest end (page 1 holds the oldest posts), so a
// new post changes the first page of a listing and the newest older-posts page or two, never the
// addresses of the rest.
import { monthName } from '../lib/dates.ts';
import { urls } from '../web/urls.ts';
import { fingerprint, type MirrorData, type MirrorPost } from './static-data.ts';

export interface PlannedPost {
  kind: 'post';
  url: string;
  print: string;
  post: MirrorPost;
  older?: MirrorPost;
  newer?: MirrorPost;
}

export interface PlannedListing {
  kind: 'listing';
  url: string;
  print: string;
  /** Newest first. */
  posts: MirrorPost[];
  heading?: string;
  /** The label a label page lists (its feeds go in the head). */
  label?: string;
  /** The live address the page stands for (its canonical link). */
  canonical: string;
  newerUrl?: string;
  olderUrl?: string;
  emptyMessage: string;
}

/** A page the blog itself answers (a feed), fetched only when its fingerprint changed. */
export interface PlannedFetch {
  kind: 'fetch';
  url: string;
  print: string;
}

export type PlannedPage = PlannedPost | PlannedListing | PlannedFetch;

/**
 * Every page of the mirror that the data decides. `site` fingerprints what every page shows
 * (settings, header pages, editors, the code that renders them); `perPage` is the listings' size.
 */
export function planMirror(data: MirrorData, site: string, perPage: number): PlannedPage[] {
  const summaries = new Map<number, string>();
  const summary = (p: MirrorPost) => {
    let s = summaries.get(p.id);
    if (s === undefined) {
      s = [
        p.id,
        p.path,
        p.title,
        p.published_at,
        p.updated_at,
        (data.labels.get(p.id) ?? []).join('\u0001'),
        data.approved.get(p.id) ?? 0,
      ].join('\u0000');
      summaries.set(p.id, s);
    }
    return s;
  };
  const print = (...parts: (string | number | undefined)[]) => fingerprint([site, ...parts].join('\u0002'));
  const plan: PlannedPage[] = [];

  const postPage = (post: MirrorPost, older?: MirrorPost, newer?: MirrorPost) => {
    const image =
      post.image_media_id !== null
        ? data.media.get(`id:${post.image_media_id}`)
        : post.image_src?.startsWith('/media/')
          ? data.media.get(`path:${safeDecode(post.image_src.slice('/media/'.length))}`)
          : undefined;
    plan.push({
      kind: 'post',
      url: post.path,
      post,
      older,
      newer,
      print: print(
        'post',
        summary(post),
        data.commentPrints.get(post.id),
        post.image_src ?? '',
        image,
        older && `${older.path} ${older.title}`,
        newer && `${newer.path} ${newer.title}`,
      ),
    });
  };
  for (const [i, post] of data.posts.entries()) postPage(post, data.posts[i + 1], data.posts[i - 1]);
  for (const page of data.pages) postPage(page);

  /** A listing's first page at `first`, its older pages at `${pages}K/`, K counted from the oldest. */
  const listing = (
    first: string,
    pages: string,
    posts: MirrorPost[],
    shared: Omit<PlannedListing, 'kind' | 'url' | 'print' | 'posts'>,
    pagedHeading = shared.heading,
  ) => {
    const chunks = Math.ceil(posts.length / perPage);
    const at = (k: number) => `${pages}${k}/`;
    const add = (
      url: string,
      shown: MirrorPost[],
      heading: string | undefined,
      newer?: string,
      older?: string,
    ) =>
      plan.push({
        kind: 'listing',
        url,
        ...shared,
        heading,
        posts: shown,
        newerUrl: newer,
        olderUrl: older,
        print: print('listing', url, heading, shared.label, newer, older, ...shown.map(summary)),
      });
    add(first, posts.slice(0, perPage), shared.heading, undefined, chunks > 1 ? at(chunks - 1) : undefined);
    // Chunk k holds the k-th perPage posts from the oldest; the newest chunk is all on the first
    // page, so older pages run from chunks - 1 down to 1.
    for (let k = chunks - 1; k >= 1; k--) {
      const shown = posts.slice(posts.length - k * perPage, posts.length - (k - 1) * perPage);
      add(at(k), shown, pagedHeading, k + 1 < chunks ? at(k + 1) : first, k > 1 ? at(k - 1) : undefined);
    }
  };

  listing(
    '/',
    '/search/page/',
    data.posts,
    { canonical: '/', emptyMessage: 'Nothing has been published yet.' },
    'Posts',
  );

  const byLabel = new Map<string, MirrorPost[]>();
  for (const post of [...data.posts, ...data.pages])
    for (const name of data.labels.get(post.id) ?? []) if (!byLabel.has(name)) byLabel.set(name, []);
  for (const post of data.posts)
    for (const name of data.labels.get(post.id) ?? []) byLabel.get(name)!.push(post);
  for (const [name, posts] of byLabel) {
    const url = urls.label(name);
    listing(url, `${url}/page/`, posts, {
      label: name,
      heading: `Posts with the label ${name}`,
      canonical: url,
      emptyMessage: `No posts carry the label “${name}”.`,
    });
    const feed = print('feed', name, ...posts.map(summary));
    plan.push({ kind: 'fetch', url: urls.labelFeed(name), print: feed });
    plan.push({ kind: 'fetch', url: `${urls.labelFeed(name)}?alt=rss`, print: feed });
  }

  const archives = new Map<string, MirrorPost[]>();
  for (const post of data.posts) {
    const m = /^\/(\d{4})\/(\d{2})\//.exec(post.path);
    if (!m) continue;
    for (const prefix of [urls.year(m[1]!), urls.month(m[1]!, m[2]!)]) {
      const list = archives.get(prefix);
      if (list) list.push(post);
      else archives.set(prefix, [post]);
    }
  }
  for (const [prefix, posts] of archives) {
    const [year, month] = prefix.split('/').filter(Boolean) as [string, string?];
    listing(prefix, `${prefix}page/`, posts, {
      heading: month ? `${monthName(Number(month))} ${year}` : year,
      canonical: prefix,
      emptyMessage: 'No more posts in this period.',
    });
  }

  const feed = print('feed', ...data.posts.map(summary));
  for (const url of [urls.feedAtom(), urls.feedRss(), urls.feedJson()])
    plan.push({ kind: 'fetch', url, print: feed });
  plan.push({ kind: 'fetch', url: urls.commentsFeed(), print: print('comments', data.allComments, feed) });
  return plan;
}

function safeDecode(p: string): string {
  try {
    return decodeURIComponent(p);
  } catch {
    return p;
  }
}
