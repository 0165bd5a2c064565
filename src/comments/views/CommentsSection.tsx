import { raw } from 'hono/html';
import type { Child, FC } from 'hono/jsx';
import { commentCountLabel } from '../../lib/counts.ts';
import { formatDateTime } from '../../lib/dates.ts';
import type { Post } from '../../storage/schema.ts';
import { urls } from '../../web/urls.ts';
import type { ThreadNode } from '../thread.ts';

/** Replies deeper than this stop moving right (phones stay readable) and name who they answer. */
export const INDENT_DEPTH = 3;

/** "N comments", the thread, then the form (passed in by the comments domain). */
export const CommentsSection: FC<{
  post: Post;
  thread: ThreadNode[];
  count: number;
  timeZone: string;
  children?: Child;
}> = ({ post, thread, count, timeZone, children }) => (
  <section class="comments" id="comments" aria-labelledby="comments-heading">
    <h2 id="comments-heading">{commentCountLabel(count)}</h2>
    {thread.length > 0 && (
      <ol class="comment-list">
        {thread.map((node) => (
          <CommentItem node={node} post={post} timeZone={timeZone} depth={0} />
        ))}
      </ol>
    )}
    {children}
  </section>
);

const CommentItem: FC<{
  node: ThreadNode;
  post: Post;
  timeZone: string;
  depth: number;
  parent?: { id: number; author: string };
}> = ({ node, post, timeZone, depth, parent }) => {
  const c = node.comment;
  const website = c.author_url && /^https?:\/\//i.test(c.author_url) ? c.author_url : null;
  return (
    <li class={depth > INDENT_DEPTH ? 'comment comment-deep' : 'comment'} id={`c${c.id}`}>
      <article class="comment-card" aria-label={`Comment by ${c.author_name}`}>
        <p class="comment-meta">
          {website ? (
            <a class="comment-author" href={website} rel="nofollow ugc noopener">
              {c.author_name}
            </a>
          ) : (
            <span class="comment-author">{c.author_name}</span>
          )}{' '}
          {parent && depth > INDENT_DEPTH ? (
            <span class="comment-in-reply">
              replied to <a href={urls.comment(post, parent.id)}>{parent.author}</a>
            </span>
          ) : (
            <span class="comment-said">said…</span>
          )}{' '}
          <a class="comment-permalink" href={urls.comment(post, c.id)}>
            <time datetime={c.created_at}>{formatDateTime(c.created_at, timeZone)}</time>
          </a>
        </p>
        <div class="comment-body">{raw(c.body_html)}</div>
        <p class="comment-actions">
          <a class="comment-reply" href={urls.reply(post, c.id)} aria-label={`Reply to ${c.author_name}`}>
            Reply
          </a>
        </p>
      </article>
      {node.replies.length > 0 && (
        <ol class="comment-replies">
          {node.replies.map((reply) => (
            <CommentItem
              node={reply}
              post={post}
              timeZone={timeZone}
              depth={depth + 1}
              parent={{ id: c.id, author: c.author_name }}
            />
          ))}
        </ol>
      )}
    </li>
  );
};
