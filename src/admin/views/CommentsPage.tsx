import { raw } from 'hono/html';
import type { FC } from 'hono/jsx';
import { CsrfField } from '../../auth/views/CsrfField.tsx';
import type { ListedComment } from '../../comments/queries.ts';
import type { ShownNode } from '../../comments/thread-display.ts';
import type { CommentStatus } from '../../storage/schema.ts';
import { relativeTime, shortDateTime } from '../format.ts';
import { AdminLayout, type AdminPageProps } from './AdminLayout.tsx';
import { Pager } from './Pager.tsx';
import { StatusBadge } from './StatusBadge.tsx';

type Frame = Omit<AdminPageProps, 'title' | 'children'>;

type StaffNode = ShownNode<ListedComment>;

const QUEUES: [CommentStatus, string][] = [
  ['pending', 'Pending'],
  ['approved', 'Approved'],
  ['spam', 'Spam'],
  ['deleted', 'Deleted'],
];

/** The actions that make sense for a comment in each status. */
const ACTIONS: Record<CommentStatus, [string, string][]> = {
  pending: [
    ['approve', 'Approve'],
    ['spam', 'Spam'],
    ['delete', 'Delete'],
  ],
  approved: [
    ['pending', 'Unapprove'],
    ['spam', 'Spam'],
    ['delete', 'Delete'],
  ],
  spam: [
    ['restore', 'Not spam'],
    ['delete', 'Delete'],
  ],
  deleted: [['restore', 'Restore']],
};

export interface CommentsData {
  items: ListedComment[];
  total: number;
  counts: Record<CommentStatus, number>;
  status: CommentStatus;
  q: string;
  page: number;
  perPage: number;
  /** The blog's longest comment, in characters (the reply boxes' limit). */
  maxLength: number;
  url: (changes: Record<string, string | number | undefined>) => string;
}

export const CommentsPage: FC<{ frame: Frame; data: CommentsData; now: Date; timeZone: string }> = ({
  frame,
  data,
  now,
  timeZone,
}) => {
  const back = data.url({});
  return (
    <AdminLayout {...frame} title="Comments" active="comments">
      <nav class="tabs" aria-label="Comment queues">
        {QUEUES.map(([status, label]) => (
          <a
            href={data.url({ status, page: undefined })}
            class={status === data.status ? 'active' : undefined}
            aria-current={status === data.status ? 'page' : undefined}
          >
            {label} <span class="count">{data.counts[status].toLocaleString('en')}</span>
          </a>
        ))}
      </nav>
      <form class="filters" method="get" action="/admin/comments" role="search">
        <input type="hidden" name="status" value={data.status} />
        <label class="filter-q">
          <span class="visually-hidden">Search comments</span>
          <input type="search" name="q" value={data.q} placeholder="Search names, addresses and text" />
        </label>
        <button type="submit">Search</button>
      </form>
      {data.items.length === 0 ? (
        <div class="panel empty-state">
          <p>{data.q ? 'No comments match.' : emptyText(data.status)}</p>
        </div>
      ) : (
        <form method="post" action="/admin/comments/moderate" class="bulk-form">
          <CsrfField token={frame.csrf} />
          <input type="hidden" name="back" value={back} />
          <div class="bulk-bar">
            <label class="check-all">
              <input type="checkbox" data-select-all="ids" /> <span>Select all</span>
            </label>
            <label>
              <span class="visually-hidden">With the selected comments</span>
              <select name="bulk">
                {ACTIONS[data.status].map(([value, label]) => (
                  <option value={value}>{label}</option>
                ))}
              </select>
            </label>
            <button type="submit" class="small">
              Apply
            </button>
            <span class="bulk-count">
              {data.total.toLocaleString('en')} {data.total === 1 ? 'comment' : 'comments'}
            </span>
          </div>
          <ol class="comment-queue">
            {data.items.map((cm) => (
              <li class={`queue-item status-${cm.status}`}>
                <input
                  type="checkbox"
                  name="ids"
                  value={String(cm.id)}
                  aria-label={`Select the comment by ${cm.author_name}`}
                />
                <div class="queue-body">
                  <p class="queue-head">
                    <strong class="queue-author">{cm.author_name}</strong>
                    {cm.author_email && <span class="queue-email">{cm.author_email}</span>}
                    {cm.author_url && (
                      <a class="queue-url" href={cm.author_url} rel="nofollow noopener ugc" target="_blank">
                        {cm.author_url.replace(/^https?:\/\//, '')}
                      </a>
                    )}
                  </p>
                  <p class="meta">
                    on{' '}
                    <a href={`/admin/comments/${cm.id}?back=${encodeURIComponent(back)}`}>
                      {cm.post_title || '(untitled)'}
                    </a>
                    {' · '}
                    <time datetime={cm.created_at} title={shortDateTime(cm.created_at, timeZone)}>
                      {relativeTime(cm.created_at, now, timeZone)}
                    </time>
                    {cm.parent_id !== null && ' · a reply'}
                  </p>
                  <div class="queue-text">{raw(cm.body_html)}</div>
                  {cm.spam_reason && <p class="spam-reason">Held because: {cm.spam_reason}</p>}
                  <div class="queue-actions">
                    {ACTIONS[cm.status].map(([value, label]) => (
                      <button
                        type="submit"
                        name="one"
                        value={`${value}:${cm.id}`}
                        class={`small${value === 'approve' ? ' primary' : value === 'delete' ? ' danger' : ''}`}
                      >
                        {label}
                      </button>
                    ))}
                    <a
                      class="button small"
                      href={`/admin/comments/${cm.id}?back=${encodeURIComponent(back)}`}
                    >
                      In context
                    </a>
                  </div>
                  <ReplyBox
                    id={cm.id}
                    author={cm.author_name}
                    status={cm.status}
                    maxLength={data.maxLength}
                  />
                </div>
              </li>
            ))}
          </ol>
        </form>
      )}
      {data.items.map((cm) => (
        <ReplyForm id={cm.id} status={cm.status} csrf={frame.csrf} back={back} />
      ))}
      <Pager page={data.page} perPage={data.perPage} total={data.total} url={(page) => data.url({ page })} />
    </AdminLayout>
  );
};

function emptyText(status: CommentStatus): string {
  return {
    pending: 'Nothing waits for moderation.',
    approved: 'No approved comments yet.',
    spam: 'No spam. The filters will put here what they catch.',
    deleted: 'Nothing has been deleted.',
  }[status];
}

export const CommentContextPage: FC<{
  frame: Frame;
  post: {
    id: number;
    title: string;
    path: string;
    excerpt: string;
    status: string;
    trashed_at: string | null;
  };
  thread: StaffNode[];
  focus: number;
  now: Date;
  timeZone: string;
  back: string;
  maxLength: number;
}> = ({ frame, post, thread, focus, now, timeZone, back, maxLength }) => (
  <AdminLayout
    {...frame}
    title="Comment in context"
    active="comments"
    actions={
      <a class="button" href={back}>
        ← Back to the queue
      </a>
    }
  >
    <section class="panel context-post">
      <p class="meta">
        <StatusBadge status={post.trashed_at ? 'trash' : post.status} /> Post
      </p>
      <h2>
        {post.status === 'published' && !post.trashed_at ? (
          <a href={post.path} target="_blank" rel="noopener">
            {post.title || '(untitled)'}
          </a>
        ) : (
          post.title || '(untitled)'
        )}
      </h2>
      {post.excerpt && <p class="context-excerpt">{post.excerpt}</p>}
    </section>
    <form method="post" action="/admin/comments/moderate">
      <CsrfField token={frame.csrf} />
      <input type="hidden" name="back" value={`/admin/comments/${focus}?back=${encodeURIComponent(back)}`} />
      <ol class="staff-thread">
        {thread.map((node) => (
          <StaffComment node={node} focus={focus} now={now} timeZone={timeZone} maxLength={maxLength} />
        ))}
      </ol>
    </form>
    {everyComment(thread).map((cm) => (
      <ReplyForm
        id={cm.id}
        status={cm.status}
        csrf={frame.csrf}
        back={`/admin/comments/${focus}?back=${encodeURIComponent(back)}`}
      />
    ))}
  </AdminLayout>
);

const StaffComment: FC<{
  node: StaffNode;
  focus: number;
  now: Date;
  timeZone: string;
  maxLength: number;
}> = ({ node, focus, now, timeZone, maxLength }) => {
  const cm = node.comment;
  return (
    <li class={`staff-comment status-${cm.status}${cm.id === focus ? ' focus' : ''}`} id={`c${cm.id}`}>
      <div class="staff-card">
        <p class="queue-head">
          <strong class="queue-author">{cm.author_name}</strong>
          {cm.author_email && <span class="queue-email">{cm.author_email}</span>}
          <StatusBadge status={cm.status} />
          <span class="meta">{relativeTime(cm.created_at, now, timeZone)}</span>
        </p>
        <div class="queue-text">{raw(cm.body_html)}</div>
        {cm.spam_reason && <p class="spam-reason">Held because: {cm.spam_reason}</p>}
        <div class="queue-actions">
          {ACTIONS[cm.status].map(([value, label]) => (
            <button
              type="submit"
              name="one"
              value={`${value}:${cm.id}`}
              class={`small${value === 'approve' ? ' primary' : value === 'delete' ? ' danger' : ''}`}
            >
              {label}
            </button>
          ))}
          {cm.status !== 'deleted' && node.replies.length > 0 && (
            <button type="submit" name="one" value={`delete-thread:${cm.id}`} class="small danger">
              Delete with its replies
            </button>
          )}
        </div>
        <ReplyBox id={cm.id} author={cm.author_name} status={cm.status} maxLength={maxLength} />
      </div>
      {node.replies.length > 0 && (
        <ol class="staff-thread">
          {node.replies.map((reply) => (
            <StaffComment node={reply} focus={focus} now={now} timeZone={timeZone} maxLength={maxLength} />
          ))}
        </ol>
      )}
    </li>
  );
};

/**
 * A reply box under a comment. The queue is one bulk form and forms cannot nest, so the box's
 * fields belong (by their form attribute) to a small form of their own after the list.
 */
const ReplyBox: FC<{ id: number; author: string; status: CommentStatus; maxLength: number }> = ({
  id,
  author,
  status,
  maxLength,
}) =>
  status === 'pending' || status === 'approved' ? (
    <details class="queue-reply">
      <summary>Reply</summary>
      <label>
        <span class="visually-hidden">Your reply to {author}</span>
        <textarea form={`reply-${id}`} name="body" rows={3} required maxlength={maxLength} />
      </label>
      <button type="submit" form={`reply-${id}`} class="small primary">
        {status === 'pending' ? 'Approve and reply' : 'Publish reply'}
      </button>
    </details>
  ) : null;

const ReplyForm: FC<{ id: number; status: CommentStatus; csrf: string; back: string }> = ({
  id,
  status,
  csrf,
  back,
}) =>
  status === 'pending' || status === 'approved' ? (
    <form id={`reply-${id}`} method="post" action={`/admin/comments/${id}/reply`} hidden>
      <CsrfField token={csrf} />
      <input type="hidden" name="back" value={back} />
    </form>
  ) : null;

/** The comments of a thread, each once, read level by level. */
function everyComment(thread: StaffNode[]): ListedComment[] {
  const all: ListedComment[] = [];
  const queue = [...thread];
  for (let node = queue.shift(); node; node = queue.shift()) {
    all.push(node.comment);
    queue.push(...node.replies);
  }
  return all;
}
