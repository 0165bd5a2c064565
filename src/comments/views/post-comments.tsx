// What stands under a post or page, for the live blog and its static mirror alike: a post has its
// comment section with what goes under the thread (the form; the mirror's note); a page takes no
// comments, but one imported with comments (WordPress and Blogger pages have them) shows them,
// without a form or Reply links; otherwise nothing.
import type { Child } from 'hono/jsx';
import type { Post } from '../../storage/schema.ts';
import type { ThreadPage } from '../thread.ts';
import { nestForDisplay } from '../thread-display.ts';
import { CommentsSection } from './CommentsSection.tsx';

export interface PostCommentsInput {
  post: Post;
  thread: ThreadPage;
  /** Approved comments in all. */
  count: number;
  replyDepth: number;
  timeZone: string;
  /** Under a post's thread: the comment form, or a note where there is none. */
  form: Child;
}

export function postComments(input: PostCommentsInput): Child | undefined {
  const { post, thread, count, timeZone } = input;
  const shown = nestForDisplay(thread.rows, input.replyDepth);
  const paging = { page: thread.page, pages: thread.pages };
  if (post.kind === 'post') {
    return (
      <CommentsSection post={post} thread={shown} paging={paging} count={count} timeZone={timeZone}>
        {input.form}
      </CommentsSection>
    );
  }
  if (count === 0) return undefined;
  return (
    <CommentsSection
      post={post}
      thread={shown}
      paging={paging}
      count={count}
      timeZone={timeZone}
      replies={false}
    />
  );
}
