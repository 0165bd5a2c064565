import { raw } from 'hono/html';
import type { Child, FC } from 'hono/jsx';
import { commentCountLabel } from '../../lib/counts.ts';
import { formatDateTime } from '../../lib/dates.ts';
import type { Post } from '../../storage/schema.ts';
import { urls } from '../../web/urls.ts';
import type { PublicComment } from '../thread.ts';
import type { ShownNode } from '../thread-display.ts';

/** Replies deeper than this stop moving right (phones stay readable) and name who they answer. */
export const INDENT_DEPTH = 3;

export interface CommentPaging {
  page: number;
  pages: number;
}

/** "N comments", one page of the thread (nested no deeper than the blog's setting), then the form. */
export const CommentsSection: FC<{
  post: Post;
  thread: ShownNode<PublicComment>[];
  paging: CommentPaging;
  count: number;
  timeZone: string;
  /** false where no comment can be posted (a page's imported comments): no Reply links. */
  replies?: boolean;
  children?: Child;
}> = ({ post, thread, paging, count, timeZone, replies = true, children }) => (
  <section class="comments" id="comments" aria-labelledby="comments-heading">
    <h2 id="comments-heading">{commentCountLabel(count)}</h2>
    <CommentPager post={post} paging={paging} />
    {thread.length > 0 && (
      <ol class="comment-list">
        {thread.map((node) => (
          <CommentItem node={node} post={post} timeZone={timeZone} replies={replies} />
        ))}
      </ol>
    )}
    <CommentPager post={post} paging={paging} />
    {children}
  </section>
);

const CommentPager: FC<{ post: Post; paging: CommentPaging }> = ({ post, paging: { page, pages } }) =>
  pages > 1 ? (
    <nav class="comment-pager" aria-label="Comment pages">
      {page > 1 && (
        <a rel="prev" href={urls.commentPage(post, page - 1)}>
          ‹ Older comments
        </a>
      )}{' '}
      <span>
        Page {page} of {pages}
      </span>{' '}
      {page < pages && (
        <a rel="next" href={urls.commentPage(post, page + 1)}>
          Newer comments ›
        </a>
      )}
    </nav>
  ) : null;

// Recursion here is bounded by the reply depth shown (at most MAX_REPLY_DEPTH levels).
const CommentItem: FC<{
  node: ShownNode<PublicComment>;
  post: Post;
  timeZone: string;
  replies: boolean;
}> = ({ node, post, timeZone, replies }) => {
  const c = node.comment;
  const website = c.author_url && /^https?:\/\//i.test(c.author_url) ? c.author_url : null;
  const namesParent = node.parent && (node.lifted || node.depth > INDENT_DEPTH);
  return (
    <li class={node.depth > INDENT_DEPTH ? 'comment comment-deep' : 'comment'} id={`c${c.id}`}>
      <article class="comment-card" aria-label={`Comment by ${c.author_name}`}>
        <p class="comment-meta">
          {website ? (
            <a class="comment-author" href={website} rel="nofollow ugc noopener">
              {c.author_name}
            </a>
          ) : (
            <span class="comment-author">{c.author_name}</span>
          )}{' '}
          {c.author_user_id != null && (
            <>
              <StaffBadge isAuthor={c.author_user_id === post.author_id} />{' '}
            </>
          )}
          {namesParent && node.parent ? (
            <span class="comment-in-reply">
              in reply to <a href={urls.comment(post, node.parent.id)}>{node.parent.author_name}</a>
            </span>
          ) : (
            <span class="comment-said">said…</span>
          )}{' '}
          <a class="comment-permalink" href={urls.comment(post, c.id)}>
            <time datetime={c.created_at}>{formatDateTime(c.created_at, timeZone)}</time>
          </a>
        </p>
        <div class="comment-body">{raw(c.body_html)}</div>
        {replies && (
          <p class="comment-actions">
            <a class="comment-reply" href={urls.reply(post, c.id)} aria-label={`Reply to ${c.author_name}`}>
              Reply
            </a>
          </p>
        )}
      </article>
      {node.replies.length > 0 && (
        <ol class="comment-replies">
          {node.replies.map((reply) => (
            <CommentItem node={reply} post={post} timeZone={timeZone} replies={replies} />
          ))}
        </ol>
      )}
    </li>
  );
};

/** Marks a comment written by a signed-in staff member: "Author" for the post's own author. */
const StaffBadge: FC<{ isAuthor: boolean }> = ({ isAuthor }) => (
  <span class="comment-badge" title={isAuthor ? 'The author of this post' : 'A member of this blog’s staff'}>
    {isAuthor ? 'Author' : 'Staff'}
  </span>
);
