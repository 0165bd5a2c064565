import { raw } from 'hono/html';
import type { FC } from 'hono/jsx';
import type { Snapshot, SnapshotPost } from '../../clippings/snapshots.ts';
import { formatDateTime } from '../../lib/dates.ts';
import type { User } from '../../storage/schema.ts';
import { assetUrl } from '../../web/theme/assets.ts';
import { AdminLayout } from './AdminLayout.tsx';
import { SourceSummary } from './ClipSourceSummary.tsx';
import { clipUrls } from './clip-urls.ts';

interface FetchRecord {
  url?: string;
  redirects?: string[];
  status?: number;
  contentType?: string;
  charset?: string;
  bytes?: number;
}

interface ImageRecord {
  src?: string | null;
  alt?: string | null;
  caption?: string | null;
  credit?: string | null;
}

/**
 * What was extracted from the original when it was clipped, read-only, for staff: the clipping
 * survives here when the outlet changes or deletes the article. The HTML was sanitised when stored.
 */
export const SnapshotPage: FC<{
  frame: { user: User; csrf: string; blogTitle: string };
  snapshot: Snapshot;
  post: SnapshotPost | null;
  timeZone: string;
}> = ({ frame, snapshot, post, timeZone }) => {
  const metadata = parse(snapshot.metadata);
  const fetch = (metadata.fetch ?? {}) as FetchRecord;
  const image = (metadata.image ?? null) as ImageRecord | null;
  return (
    <AdminLayout
      title="Snapshot of the original"
      active="clip"
      user={frame.user}
      csrf={frame.csrf}
      blogTitle={frame.blogTitle}
      actions={
        post &&
        !post.trashed && (
          <a class="button primary" href={clipUrls.editPost(post.id)}>
            Edit the post
          </a>
        )
      }
    >
      <link rel="stylesheet" href={assetUrl('clip.css')} />
      <div class="snapshot">
        <header class="snapshot-head panel">
          <p class="clip-result-kicker">As fetched {formatDateTime(snapshot.fetched_at, timeZone)}</p>
          <h2>{snapshot.title || 'Untitled'}</h2>
          <SourceSummary snapshot={snapshot} />
          <dl class="snapshot-facts">
            <dt>Post</dt>
            <dd>
              {post ? (
                <>
                  <a href={clipUrls.editPost(post.id)}>{post.title}</a> (
                  {post.trashed ? 'in the trash' : post.status}
                  {post.status === 'published' && !post.trashed && (
                    <>
                      , <a href={post.path}>on the blog</a>
                    </>
                  )}
                  )
                </>
              ) : (
                'deleted'
              )}
            </dd>
            <dt>Requested</dt>
            <dd class="snapshot-url">{snapshot.url}</dd>
            {fetch.url && fetch.url !== snapshot.url && (
              <>
                <dt>Fetched from</dt>
                <dd class="snapshot-url">{fetch.url}</dd>
              </>
            )}
            {snapshot.canonical_url && (
              <>
                <dt>Canonical</dt>
                <dd class="snapshot-url">{snapshot.canonical_url}</dd>
              </>
            )}
            <dt>Page</dt>
            <dd>
              {[
                fetch.contentType,
                fetch.charset,
                fetch.bytes ? `${Math.ceil(fetch.bytes / 1024)} KB` : null,
                fetch.redirects?.length ? `${fetch.redirects.length} redirect(s)` : null,
              ]
                .filter(Boolean)
                .join(' · ')}
            </dd>
          </dl>
        </header>
        {image?.src && (
          <figure class="snapshot-image">
            <img
              src={image.src}
              alt={image.alt ?? image.caption ?? ''}
              loading="lazy"
              referrerpolicy="no-referrer"
            />
            {(image.caption || image.credit) && (
              <figcaption>
                {image.caption} {image.credit && <span class="credit">{image.credit}</span>}
              </figcaption>
            )}
          </figure>
        )}
        <article class="snapshot-body panel" aria-label="The article as extracted">
          {raw(snapshot.html)}
        </article>
        <details class="panel">
          <summary>Plain text ({snapshot.text.length.toLocaleString('en')} characters)</summary>
          <pre class="snapshot-text">{snapshot.text}</pre>
        </details>
        <details class="panel">
          <summary>Everything the page said about itself (JSON)</summary>
          <pre class="snapshot-text">{JSON.stringify(metadata, null, 2)}</pre>
        </details>
      </div>
    </AdminLayout>
  );
};

function parse(json: string): Record<string, unknown> {
  try {
    const value = JSON.parse(json);
    return value && typeof value === 'object' ? value : {};
  } catch {
    return {};
  }
}
