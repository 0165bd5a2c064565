import type { FC } from 'hono/jsx';
import { can } from '../../auth/roles.ts';
import { CsrfField } from '../../auth/views/CsrfField.tsx';
import type { AdminPostRow } from '../../posts/admin-list.ts';
import { readablePath, relativeTime, shortDateTime } from '../format.ts';
import { AdminLayout, type AdminPageProps } from './AdminLayout.tsx';
import { Pager } from './Pager.tsx';
import { StatusBadge } from './StatusBadge.tsx';

type Frame = Omit<AdminPageProps, 'title' | 'children'>;

export interface PostsListData {
  items: AdminPostRow[];
  total: number;
  counts: { all: number; draft: number; scheduled: number; published: number; trash: number };
  filter: { status: string; label: string; author: string; q: string; kind: string };
  labels: string[];
  authors: { id: number; name: string }[];
  page: number;
  perPage: number;
  /** The list URL with the current filters, for paging and tabs. */
  url: (changes: Record<string, string | number | undefined>) => string;
}

const TABS = [
  ['', 'All'],
  ['published', 'Published'],
  ['draft', 'Drafts'],
  ['scheduled', 'Scheduled'],
  ['trash', 'Trash'],
] as const;

export const PostsListPage: FC<{ frame: Frame; data: PostsListData; now: Date; timeZone: string }> = ({
  frame,
  data,
  now,
  timeZone,
}) => {
  const { filter } = data;
  const inTrash = filter.status === 'trash';
  const seesAll = can(frame.user, 'posts.any');
  return (
    <AdminLayout
      {...frame}
      title="Posts"
      active="posts"
      actions={
        <>
          <a class="button" href="/admin/posts/new?kind=page">
            New page
          </a>
          <a class="button primary" href="/admin/posts/new">
            New post
          </a>
        </>
      }
    >
      <nav class="tabs" aria-label="Post status">
        {TABS.map(([status, label]) => (
          <a
            href={data.url({ status: status || undefined, page: undefined })}
            class={filter.status === status ? 'active' : undefined}
            aria-current={filter.status === status ? 'page' : undefined}
          >
            {label} <span class="count">{data.counts[status || 'all'].toLocaleString('en')}</span>
          </a>
        ))}
      </nav>

      <form class="filters" method="get" action="/admin/posts" role="search">
        {filter.status && <input type="hidden" name="status" value={filter.status} />}
        <label class="filter-q">
          <span class="visually-hidden">Search titles and outlets</span>
          <input type="search" name="q" value={filter.q} placeholder="Search titles and outlets" />
        </label>
        <label>
          <span class="visually-hidden">Label</span>
          <select name="label">
            <option value="">All labels</option>
            {data.labels.map((l) => (
              <option value={l} selected={l === filter.label}>
                {l}
              </option>
            ))}
          </select>
        </label>
        {seesAll && (
          <label>
            <span class="visually-hidden">Author</span>
            <select name="author">
              <option value="">All authors</option>
              {data.authors.map((a) => (
                <option value={String(a.id)} selected={String(a.id) === filter.author}>
                  {a.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          <span class="visually-hidden">Kind</span>
          <select name="kind">
            <option value="">Posts and pages</option>
            <option value="post" selected={filter.kind === 'post'}>
              Posts
            </option>
            <option value="page" selected={filter.kind === 'page'}>
              Pages
            </option>
          </select>
        </label>
        <button type="submit">Filter</button>
        {(filter.q || filter.label || filter.author || filter.kind) && (
          <a
            class="clear-filters"
            href={data.url({
              q: undefined,
              label: undefined,
              author: undefined,
              kind: undefined,
              page: undefined,
            })}
          >
            Clear
          </a>
        )}
      </form>

      {data.items.length === 0 ? (
        <div class="panel empty-state">
          <p>{inTrash ? 'The trash is empty.' : 'No posts match.'}</p>
          {!inTrash && (
            <a class="button primary" href="/admin/posts/new">
              Write a post
            </a>
          )}
        </div>
      ) : (
        <form method="post" action="/admin/posts/bulk" class="bulk-form">
          <CsrfField token={frame.csrf} />
          <input type="hidden" name="back" value={data.url({})} />
          <div class="bulk-bar">
            <label class="check-all">
              <input type="checkbox" data-select-all="ids" /> <span>Select all</span>
            </label>
            <label>
              <span class="visually-hidden">With the selected posts</span>
              <select name="bulk">
                {inTrash ? (
                  <>
                    <option value="restore">Restore</option>
                    <option value="delete">Delete for good</option>
                  </>
                ) : (
                  <>
                    <option value="trash">Move to trash</option>
                    <option value="draft">Revert to draft</option>
                  </>
                )}
              </select>
            </label>
            <button type="submit" class="small">
              Apply
            </button>
            <span class="bulk-count">
              {Math.min(data.total, (data.page - 1) * data.perPage + 1).toLocaleString('en')}–
              {Math.min(data.total, data.page * data.perPage).toLocaleString('en')} of{' '}
              {data.total.toLocaleString('en')}
            </span>
          </div>
          <table class="list-table posts-table">
            <thead>
              <tr>
                <th scope="col" class="col-check">
                  <span class="visually-hidden">Select</span>
                </th>
                <th scope="col">Title</th>
                <th scope="col" class="col-author">
                  Author
                </th>
                <th scope="col" class="col-status">
                  Status
                </th>
                <th scope="col" class="col-date">
                  Date
                </th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((p) => (
                <tr>
                  <td class="col-check">
                    <input
                      type="checkbox"
                      name="ids"
                      value={String(p.id)}
                      aria-label={`Select “${p.title || 'untitled'}”`}
                    />
                  </td>
                  <td class="col-title">
                    <a class="row-title" href={`/admin/posts/${p.id}/edit`}>
                      {p.title || '(untitled)'}
                    </a>
                    {p.kind === 'page' && <span class="kind-tag">Page</span>}
                    <span class="row-sub">
                      {p.source_outlet && <span class="outlet">{p.source_outlet}</span>}
                      <span class="path">{readablePath(p.path)}</span>
                    </span>
                    <span class="row-actions">
                      <a href={`/admin/posts/${p.id}/edit`}>Edit</a>
                      {p.status === 'published' && !p.trashed_at ? (
                        <a href={p.path} target="_blank" rel="noopener">
                          View
                        </a>
                      ) : (
                        <a href={`/admin/posts/${p.id}/preview`} target="_blank" rel="noopener">
                          Preview
                        </a>
                      )}
                    </span>
                  </td>
                  <td class="col-author">{p.author_name ?? '—'}</td>
                  <td class="col-status">
                    <StatusBadge status={p.trashed_at ? 'trash' : p.status} />
                  </td>
                  <td class="col-date">
                    <time datetime={p.published_at} title={shortDateTime(p.published_at, timeZone)}>
                      {p.status === 'draft'
                        ? `edited ${relativeTime(p.updated_at, now, timeZone)}`
                        : p.status === 'scheduled'
                          ? relativeTime(p.published_at, now, timeZone)
                          : shortDateTime(p.published_at, timeZone)}
                    </time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </form>
      )}
      <Pager page={data.page} perPage={data.perPage} total={data.total} url={(page) => data.url({ page })} />
    </AdminLayout>
  );
};
