import type { FC } from 'hono/jsx';
import { CsrfField } from '../../auth/views/CsrfField.tsx';
import type { Media } from '../../media/store.ts';
import type { MediaUse } from '../../posts/media-uses.ts';
import { AdminLayout, type AdminPageProps } from './AdminLayout.tsx';
import { Pager } from './Pager.tsx';

type Frame = Omit<AdminPageProps, 'title' | 'children'>;

export interface MediaRow {
  media: Media;
  url: string;
  thumb: string;
  uses: MediaUse[];
  bytes: number | null;
}

export interface MediaPageData {
  rows: MediaRow[];
  total: number;
  q: string;
  page: number;
  perPage: number;
  error?: string;
}

function size(bytes: number | null): string {
  if (bytes === null) return 'file missing';
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

export const MediaPage: FC<{ frame: Frame; data: MediaPageData }> = ({ frame, data }) => {
  const url = (page: number) =>
    `/admin/media?${new URLSearchParams({ ...(data.q ? { q: data.q } : {}), page: String(page) })}`;
  return (
    <AdminLayout
      {...frame}
      title="Media"
      active="media"
      notice={data.error ? { kind: 'error', text: data.error } : frame.notice}
    >
      <form class="media-search" method="get" action="/admin/media" role="search">
        <label>
          <span class="visually-hidden">Search by caption, credit, alt text or file name</span>
          <input type="search" name="q" value={data.q} placeholder="Search captions and credits" />
        </label>
        <button type="submit">Search</button>
        <span class="hint">
          {data.total} image{data.total === 1 ? '' : 's'}
          {data.q ? ` matching “${data.q}”` : ''}
        </span>
      </form>
      {data.rows.length > 0 && (
        <p class="hint media-reuse-hint">
          To put an image in another post, use <strong>From library</strong> in Compose’s toolbar, or copy its
          address.
        </p>
      )}
      {data.rows.length === 0 ? (
        <p class="empty">
          {data.q
            ? 'No image matches.'
            : 'No images yet. Add one to a post in Compose: by the Image button, or drop or paste it.'}
        </p>
      ) : (
        <ul class="media-grid">
          {data.rows.map((row) => (
            <li class="media-card" id={`media-${row.media.id}`}>
              <a href={row.url} target="_blank" rel="noopener" class="media-thumb">
                <img
                  src={row.thumb}
                  alt={row.media.alt ?? ''}
                  width={row.media.width ?? undefined}
                  height={row.media.height ?? undefined}
                  loading="lazy"
                />
              </a>
              <div class="media-info">
                <p class="media-caption">{row.media.caption || <span class="hint">No caption</span>}</p>
                {row.media.credit && <p class="media-credit">{row.media.credit}</p>}
                <p class="hint">
                  {row.media.width} × {row.media.height} · {size(row.bytes)}
                  {row.media.source_url ? ' · imported' : ''}
                </p>
                <label class="media-url">
                  <span class="visually-hidden">Address to reuse</span>
                  <input readonly value={row.url} id={`media-url-${row.media.id}`} />
                  <button type="button" class="small" data-copy={`#media-url-${row.media.id}`}>
                    Copy
                  </button>
                </label>
                <details class="media-replace">
                  <summary>Replace picture</summary>
                  <form
                    method="post"
                    action={`/admin/media/${row.media.id}/replace`}
                    enctype="multipart/form-data"
                  >
                    <CsrfField token={frame.csrf} />
                    <label>
                      <span class="visually-hidden">New picture</span>
                      <input
                        type="file"
                        name="file"
                        required
                        accept="image/jpeg,image/png,image/webp,image/gif,image/avif"
                      />
                    </label>
                    <p class="hint">
                      {row.uses.length > 0
                        ? `The ${row.uses.length === 1 ? 'post' : `${row.uses.length} posts`} using it will show the new picture, with the same alt text, caption and credit.`
                        : 'Keeps the alt text, caption and credit.'}
                    </p>
                    <button type="submit" class="small">
                      Upload and replace
                    </button>
                  </form>
                </details>
                {row.uses.length > 0 ? (
                  <details class="media-uses">
                    <summary>
                      Used in {row.uses.length} post{row.uses.length === 1 ? '' : 's'}
                    </summary>
                    <ul>
                      {row.uses.map((u) => (
                        <li>
                          <a href={`/admin/posts/${u.id}/edit`}>{u.title || '(untitled)'}</a>
                        </li>
                      ))}
                    </ul>
                  </details>
                ) : (
                  <form method="post" action={`/admin/media/${row.media.id}/delete`}>
                    <CsrfField token={frame.csrf} />
                    <button
                      type="submit"
                      class="danger small"
                      data-confirm="Delete this image and its resized copies for good?"
                    >
                      Delete
                    </button>
                  </form>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      <Pager page={data.page} perPage={data.perPage} total={data.total} url={url} />
    </AdminLayout>
  );
};
