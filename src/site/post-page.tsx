// The post page, gathered in one place for every route that shows a post: its own route, and the
// comment endpoint when it shows the form again with an error or a notice. It composes the post
// (posts/), its comments and form (comments/) and its discovery tags (feeds/).
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { AppDeps, SiteChrome } from '../app-deps.ts';
import { commentFormFor, type FormOptions } from '../comments/form.tsx';
import type { PostWithForm } from '../comments/routes.tsx';
import { approvedThreadPage } from '../comments/thread.ts';
import { postComments } from '../comments/views/post-comments.tsx';
import { leadImageVariants } from '../media/store.ts';
import { labelsOf, neighbours } from '../posts/queries.ts';
import { PostPage } from '../posts/views/PostPage.tsx';
import type { Post } from '../storage/schema.ts';
import { FollowForm } from '../web/theme/FollowForm.tsx';

export async function canonicalUrl(deps: AppDeps, path: string): Promise<string> {
  return new URL(path, await deps.origin()).toString();
}

export interface PostPageOptions {
  form: FormOptions;
  head: (labels: string[], chrome: SiteChrome, canonical: string) => Child;
}

/** The whole post page: the post, its neighbours, its approved comments and the form in a state. */
export async function renderPostPage(deps: AppDeps, c: Context, post: Post, options: PostPageOptions) {
  const { db } = deps.store;
  const [chrome, labels, thread, near, imageVariants, commentForm] = await Promise.all([
    deps.site.chrome(),
    labelsOf(db, [post.id]),
    approvedThreadPage(db, post.id, {
      commentPage: c.req.query('commentPage'),
      showComment: c.req.query('showComment'),
    }),
    post.kind === 'post' ? neighbours(db, post) : Promise.resolve({ older: undefined, newer: undefined }),
    leadImageVariants(db, post),
    commentFormFor(deps, post, options.form),
  ]);
  const postLabels = labels.get(post.id) ?? [];
  const canonical = await canonicalUrl(deps, post.path);
  const section = postComments({
    post,
    thread,
    count: thread.count,
    replyDepth: chrome.settings.commentReplyDepth,
    timeZone: chrome.settings.timeZone,
    form: commentForm,
  });
  const comments =
    post.kind === 'post' && deps.config.smtp && deps.config.baseUrl ? (
      <>
        <section class="follow-under-post" aria-label="Follow by e-mail">
          <h2>Follow by e-mail</h2>
          <FollowForm id="follow-post" />
        </section>
        {section}
      </>
    ) : (
      section
    );
  return (
    <PostPage
      chrome={chrome}
      data={{
        post,
        labels: postLabels,
        older: near.older,
        newer: near.newer,
        imageVariants,
        canonical,
        head: options.head(postLabels, chrome, canonical),
        comments,
      }}
    />
  );
}

/**
 * The post page with the comment form in a given state (the problem named, the text kept, or
 * "awaits moderation"): what the comment endpoint answers with besides a redirect.
 */
export const postPageWithForm: PostWithForm = async (deps, c, post, status, form) => {
  const page = await renderPostPage(deps, c, post, {
    form,
    head: () => <meta name="robots" content="noindex" />,
  });
  c.header('cache-control', 'no-store');
  return c.html(page, status);
};
