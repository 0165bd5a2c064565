// The pages the comment endpoint answers with besides a redirect: the post page with the form in
// a given state (the problem named, the text kept, or "awaits moderation"), and a short notice.
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { AppDeps } from '../app-deps.ts';
import { loadPostPage } from '../posts/post-page.tsx';
import { PostPage } from '../posts/views/PostPage.tsx';
import type { Post } from '../storage/schema.ts';
import type { FormOptions } from './form.tsx';
import { CommentNoticePage } from './views/CommentNoticePage.tsx';

/** The post page as its own route renders it (src/posts/post-page.tsx), with the form in this state. */
export async function postPageWithForm(
  deps: AppDeps,
  c: Context,
  post: Post,
  status: 200 | 400 | 403 | 404,
  form: FormOptions,
) {
  const { chrome, data } = await loadPostPage(deps, c, post, {
    form,
    head: () => <meta name="robots" content="noindex" />,
  });
  c.header('cache-control', 'no-store');
  return c.html(<PostPage chrome={chrome} data={data} />, status);
}

/** A short page: the problem (unless the form below names it), the form if any, a way back. */
export async function noticePage(
  deps: AppDeps,
  c: Context,
  status: 400 | 403 | 404 | 413 | 415 | 429,
  title: string,
  message: string | undefined,
  post?: Post,
  form?: Child,
) {
  const chrome = await deps.site.chrome();
  c.header('cache-control', 'no-store');
  return c.html(
    <CommentNoticePage chrome={chrome} title={title} message={message} post={post}>
      {form}
    </CommentNoticePage>,
    status,
  );
}
