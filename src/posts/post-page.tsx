// The post page's data, gathered in one place for every route that shows a post: its own route,
// and the comment endpoint when it shows the form again with an error or a notice.
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { AppDeps } from '../app-deps.ts';
import { commentFormFor, type FormOptions } from '../comments/form.tsx';
import { approvedCounts, approvedThread } from '../comments/thread.ts';
import { leadImageVariants } from '../media/store.ts';
import type { Post } from '../storage/schema.ts';
import type { Chrome } from '../web/theme/Layout.tsx';
import { labelsOf, neighbours } from './queries.ts';
import type { PostPageData } from './views/PostPage.tsx';

export function canonicalUrl(deps: AppDeps, c: Context, path: string): string {
  return new URL(path, deps.config.baseUrl ?? new URL(c.req.url).origin).toString();
}

export async function loadPostPage(
  deps: AppDeps,
  c: Context,
  post: Post,
  options: { form: FormOptions; head: (labels: string[], chrome: Chrome, canonical: string) => Child },
): Promise<{ chrome: Chrome; data: PostPageData }> {
  const { db } = deps.store;
  const [chrome, labels, thread, counts, near, imageVariants, commentForm] = await Promise.all([
    deps.site.chrome(),
    labelsOf(db, [post.id]),
    approvedThread(db, post.id),
    approvedCounts(db, [post.id]),
    post.kind === 'post' ? neighbours(db, post) : Promise.resolve({ older: undefined, newer: undefined }),
    leadImageVariants(db, post),
    commentFormFor(deps, post, options.form),
  ]);
  const postLabels = labels.get(post.id) ?? [];
  const canonical = canonicalUrl(deps, c, post.path);
  return {
    chrome,
    data: {
      post,
      labels: postLabels,
      thread,
      commentCount: counts.get(post.id) ?? 0,
      older: near.older,
      newer: near.newer,
      imageVariants,
      canonical,
      head: options.head(postLabels, chrome, canonical),
      commentForm,
    },
  };
}
