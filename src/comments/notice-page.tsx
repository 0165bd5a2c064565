// A short page the comment endpoint answers with when it cannot show the post: too large, too
// many, nothing to comment on.
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { AppDeps } from '../app-deps.ts';
import type { Post } from '../storage/schema.ts';
import { CommentNoticePage } from './views/CommentNoticePage.tsx';

/** The problem (unless the form below names it), the form if any, a way back. */
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
