// The mirror's pages, rendered straight from data with the blog's own views (the same ones the
// live routes call): a post or a static page, and a listing (home, label, archive). The data is
// read in bulk beforehand; only a post's lead image sizes are read here, for posts that have one. The sidebar is not in the page: the mirror shares one (see
// static-sidebar.ts), and the comment form posts to the live blog, so a note stands in for it.
import type { Kysely } from 'kysely';
import type { SiteChrome } from '../app-deps.ts';
import type { ThreadPage } from '../comments/thread.ts';
import { postComments } from '../comments/views/post-comments.tsx';
import { LabelFeedLinks, PostDiscovery } from '../feeds/discovery.tsx';
import { leadImageVariants } from '../media/store.ts';
import { notesIn } from '../posts/notes.ts';
import { ListingPage } from '../posts/views/ListingPage.tsx';
import { PostPage } from '../posts/views/PostPage.tsx';
import type { Database, Post } from '../storage/schema.ts';
import type { PlannedListing } from './static-plan.ts';

export interface PageInputs {
  db: Kysely<Database>;
  /** The blog's chrome with an empty sidebar. */
  chrome: SiteChrome;
  /** The blog's public origin, for canonical links. */
  origin: string;
}

export interface PostPageInputs {
  post: Post;
  labels: string[];
  older?: { title: string; path: string };
  newer?: { title: string; path: string };
  /** Approved comments, and the first page of their thread. */
  count: number;
  thread: ThreadPage;
}

const FORM_NOTE = <p class="comment-form-note">Comments are written on the live blog.</p>;

export async function renderPost(inputs: PageInputs, page: PostPageInputs): Promise<string> {
  const { chrome, db } = inputs;
  const { post, count, thread } = page;
  const imageVariants = await leadImageVariants(db, post);
  const canonical = new URL(post.path, inputs.origin).toString();
  const comments = postComments({
    post,
    thread,
    count,
    replyDepth: chrome.settings.commentReplyDepth,
    timeZone: chrome.settings.timeZone,
    form: FORM_NOTE,
  });
  const html = (
    <PostPage
      chrome={chrome}
      data={{
        post,
        labels: page.labels,
        older: page.older,
        newer: page.newer,
        imageVariants,
        canonical,
        head: (
          <PostDiscovery post={post} labels={page.labels} settings={chrome.settings} canonical={canonical} />
        ),
        comments,
      }}
    />
  );
  return String(await html.toString());
}

/** A planned listing's words and links (static-plan.ts), with its posts read whole. */
export interface ListingInputs
  extends Pick<PlannedListing, 'heading' | 'label' | 'canonical' | 'newerUrl' | 'olderUrl' | 'emptyMessage'> {
  posts: Post[];
  labels: Map<number, string[]>;
  comments: Map<number, number>;
}

export async function renderListing(inputs: PageInputs, listing: ListingInputs): Promise<string> {
  const { chrome } = inputs;
  const notes = new Map<number, string>();
  for (const post of listing.posts) {
    const first = notesIn(post.body_html)[0];
    if (first) notes.set(post.id, first);
  }
  const html = (
    <ListingPage
      chrome={chrome}
      data={{
        posts: listing.posts,
        labels: listing.labels,
        comments: listing.comments,
        notes,
        heading: listing.heading,
        olderUrl: listing.olderUrl,
        newerUrl: listing.newerUrl,
        canonical: new URL(listing.canonical, inputs.origin).toString(),
        head: listing.label ? <LabelFeedLinks label={listing.label} settings={chrome.settings} /> : undefined,
        emptyMessage: listing.emptyMessage,
      }}
    />
  );
  return String(await html.toString());
}
