import type { Child, FC } from 'hono/jsx';
import { raw } from 'hono/html';
import { formatDateTime } from '../../lib/dates.ts';
import type { Post } from '../../storage/schema.ts';
import { urls } from '../../web/urls.ts';
import { countLabel, type ThreadNode } from '../thread.ts';

/** "N comments", the thread, then the form (passed in by the comments domain). */
export const CommentsSection: FC<{
  post: Post;
  thread: ThreadNode[];
  count: number;
  timeZone: string;
  children?: Child;
}> = ({ post, thread, count, timeZone, children }) => (
  <section class="comments" id="comments" aria-labelledby="comments-heading">
    <h2 id="comments-heading">{countLabel(count)}</h2>
    {thread.length > 0 && (
      <ol class="comment-list">
        {thread.map((node) => (
          <CommentItem node={node} post={post} timeZone={timeZone} />
        ))}
      </ol>
    )}
    {children}
  </section>
);

const CommentItem: FC<{ node: ThreadNode; post: Post; timeZone: string }> = ({ node, post, timeZone }) => {
  const c = node.comment;
  return (
    <li class="comment" id={`c${c.id}`}>
      <article aria-label={`Comment by ${c.author_name}`}>
        <p class="comment-meta">
          {c.author_url ? (
            <a class="comment-author" href={c.author_url} rel="nofollow ugc noopener">
              {c.author_name}
            </a>
          ) : (
            <span class="comment-author">{c.author_name}</span>
          )}{' '}
          said…{' '}
          <a href={urls.comment(post, c.id)}>
            <time datetime={c.created_at}>{formatDateTime(c.created_at, timeZone)}</time>
          </a>
        </p>
        <div class="comment-body">{raw(c.body_html)}</div>
        <p class="comment-actions">
          <a class="comment-reply" href={urls.reply(post, c.id)}>
            Reply
          </a>
        </p>
      </article>
      {node.replies.length > 0 && (
        <ol class="comment-replies">
          {node.replies.map((reply) => (
            <CommentItem node={reply} post={post} timeZone={timeZone} />
          ))}
        </ol>
      )}
    </li>
  );
};
