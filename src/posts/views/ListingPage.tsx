import type { Child, FC } from 'hono/jsx';
import type { SiteChrome } from '../../app-deps.ts';
import { formatDateHeader } from '../../lib/dates.ts';
import type { Post } from '../../storage/schema.ts';
import { Layout } from '../../web/theme/Layout.tsx';
import { PostSummary } from './PostSummary.tsx';

export interface ListingData {
  /** "Posts with the label Japan", "July 2017"; absent on the home page. */
  heading?: string;
  posts: Post[];
  labels: Map<number, string[]>;
  comments: Map<number, number>;
  notes: Map<number, string>;
  newerUrl?: string;
  olderUrl?: string;
  canonical: string;
  emptyMessage: string;
  /** Extra head tags (a label page's own feeds). */
  head?: Child;
  /** Shown under the heading (a source page's writers and feed). */
  intro?: Child;
}

/** Home, archives and label pages: posts under Blogger-style date headers, newest first. */
export const ListingPage: FC<{ chrome: SiteChrome; data: ListingData }> = ({ chrome, data }) => {
  const groups = groupByDay(data.posts, chrome.settings.timeZone);
  return (
    <Layout chrome={chrome} title={data.heading} canonical={data.canonical} head={data.head}>
      {data.heading ? (
        <h1 class="listing-title">{data.heading}</h1>
      ) : (
        <h1 class="visually-hidden">Latest posts</h1>
      )}
      {data.intro}
      {groups.length === 0 && <p class="notice">{data.emptyMessage}</p>}
      {groups.map((group) => (
        <section class="date-group" aria-label={group.header}>
          <h2 class="date-header">{group.header}</h2>
          {group.posts.map((post) => (
            <PostSummary
              post={post}
              labels={data.labels.get(post.id) ?? []}
              comments={data.comments.get(post.id) ?? 0}
              firstNote={data.notes.get(post.id)}
            />
          ))}
        </section>
      ))}
      {(data.newerUrl || data.olderUrl) && (
        <nav class="pager" aria-label="More posts">
          {data.newerUrl && (
            <a class="newer" href={data.newerUrl} rel="prev">
              ← Newer posts
            </a>
          )}
          {data.olderUrl && (
            <a class="older" href={data.olderUrl} rel="next">
              Older posts →
            </a>
          )}
        </nav>
      )}
    </Layout>
  );
};

function groupByDay(posts: Post[], timeZone: string) {
  const groups: { header: string; posts: Post[] }[] = [];
  for (const post of posts) {
    const header = formatDateHeader(post.published_at, timeZone);
    const last = groups.at(-1);
    if (last && last.header === header) last.posts.push(post);
    else groups.push({ header, posts: [post] });
  }
  return groups;
}
