import type { FC } from 'hono/jsx';
import { CsrfField } from '../../auth/views/CsrfField.tsx';
import type { EarlierClipping } from '../../clippings/clip.ts';
import type { RecentClipping, Snapshot, SnapshotPost } from '../../clippings/snapshots.ts';
import type { User } from '../../storage/schema.ts';
import { assetUrl } from '../../web/theme/assets.ts';
import { AdminLayout } from './AdminLayout.tsx';
import { SourceSummary } from './ClipSourceSummary.tsx';
import { clipUrls } from './clip-urls.ts';

export interface ClipPageProps {
  frame: { user: User; csrf: string; blogTitle: string };
  url: string;
  note: string;
  error?: string;
  duplicate?: EarlierClipping;
  created?: { snapshot: Snapshot; post: SnapshotPost };
  bookmarklet: string;
  recent: RecentClipping[];
}

/**
 * The bookmarklet: opens the clip form on this blog with the current page's address and the
 * selected text (the first note) filled in. Nothing is stored until the editor presses Clip.
 */
export function bookmarkletHref(base: string): string {
  const form = `${base}/admin/clip`;
  const code =
    '(function(){var s=String(window.getSelection()).trim().slice(0,2000);' +
    `var u=${JSON.stringify(form)}+'?url='+encodeURIComponent(location.href)+(s?'&note='+encodeURIComponent(s):'');` +
    "var w=window.open(u,'_blank');if(!w)location.href=u;})()";
  return `javascript:${encodeURI(code)}`;
}

export const ClipPage: FC<ClipPageProps> = (p) => (
  <AdminLayout
    title="Clip a URL"
    active="clip"
    user={p.frame.user}
    csrf={p.frame.csrf}
    blogTitle={p.frame.blogTitle}
    notice={p.error ? { kind: 'error', text: p.error } : undefined}
  >
    <link rel="stylesheet" href={assetUrl('clip.css')} />
    <div class="clip-layout">
      <div class="clip-main">
        {p.created && <Created {...p.created} />}
        {p.duplicate && <Duplicate earlier={p.duplicate} url={p.url} note={p.note} csrf={p.frame.csrf} />}
        <form method="post" action={clipUrls.form()} class="clip-form panel stack">
          <CsrfField token={p.frame.csrf} />
          <p class="clip-intro">
            Paste the address of a news article. Gloss fetches it, finds the title, authors, outlet, date,
            lead image and text, and saves a <strong>draft</strong> with the source filled in, ready for your
            notes.
          </p>
          <label>
            Article address
            <input
              id="clip-url"
              type="url"
              name="url"
              value={p.url}
              required
              placeholder="https://news.example/2024/03/story.html"
              autocomplete="off"
              spellcheck={false}
            />
          </label>
          <label>
            First editor’s note <span class="hint">optional · shown above the article, set apart</span>
            <textarea id="clip-note" name="note" rows={4}>
              {p.note}
            </textarea>
          </label>
          <label class="check">
            <input type="checkbox" name="download_images" value="1" checked />
            Copy the article’s images into the media library{' '}
            <span class="hint">with their captions; otherwise they stay on the news site</span>
          </label>
          <div>
            <button type="submit" class="button primary">
              Clip
            </button>
          </div>
        </form>
      </div>
      <aside class="clip-side">
        <section class="panel">
          <h2>Bookmarklet</h2>
          <p>Drag this button to your bookmarks bar:</p>
          <p>
            <a class="bookmarklet" href={p.bookmarklet} title="Drag me to the bookmarks bar">
              Clip to Gloss
            </a>
          </p>
          <p class="hint">
            On any article, select a sentence if you like, then click it: this form opens with the address
            filled in and your selection as the first note.
          </p>
        </section>
        <section class="panel">
          <h2>Recent clippings</h2>
          {p.recent.length === 0 ? (
            <p class="empty">Nothing clipped yet.</p>
          ) : (
            <ul class="activity">
              {p.recent.map((r) => (
                <li>
                  <a href={clipUrls.snapshot(r.snapshotId)}>{r.post?.title ?? r.title ?? r.url}</a>
                  <span class="meta">
                    <span class={`badge badge-${r.post?.status ?? 'deleted'}`}>
                      {r.post?.status ?? 'deleted'}
                    </span>{' '}
                    {[r.outlet, r.fetchedAt.slice(0, 10)].filter(Boolean).join(' · ')}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </aside>
    </div>
  </AdminLayout>
);

const Created: FC<{ snapshot: Snapshot; post: SnapshotPost }> = ({ snapshot, post }) => (
  <section class="clip-result panel" role="status" aria-labelledby="clip-result-title">
    <p class="clip-result-kicker">Clipped as a draft</p>
    <h2 id="clip-result-title">{post.title}</h2>
    <SourceSummary snapshot={snapshot} />
    <p class="button-row">
      <a class="button primary" href={clipUrls.editPost(post.id)}>
        Edit the draft
      </a>
      <a class="button" href={clipUrls.snapshot(snapshot.id)}>
        View the snapshot
      </a>
    </p>
  </section>
);

const Duplicate: FC<{ earlier: EarlierClipping; url: string; note: string; csrf: string }> = (p) => (
  <section class="clip-result clip-duplicate panel" role="alert" aria-labelledby="clip-dup-title">
    <p class="clip-result-kicker">Already clipped</p>
    <h2 id="clip-dup-title">
      <a href={clipUrls.editPost(p.earlier.postId)}>{p.earlier.title}</a>
    </h2>
    <p>
      {p.earlier.reason === 'url'
        ? 'An earlier post comes from the same address'
        : 'An earlier post has the same text, from another address'}{' '}
      ({p.earlier.status === 'published' ? <a href={p.earlier.path}>published</a> : p.earlier.status}).
    </p>
    <form method="post" action={clipUrls.form()} class="button-row">
      <CsrfField token={p.csrf} />
      <input type="hidden" name="url" value={p.url} />
      <input type="hidden" name="note" value={p.note} />
      <input type="hidden" name="force" value="1" />
      <input type="hidden" name="download_images" value="1" />
      <a class="button primary" href={clipUrls.editPost(p.earlier.postId)}>
        Open the earlier post
      </a>
      <button type="submit" class="button">
        Clip it again anyway
      </button>
    </form>
  </section>
);
