import type { FC } from 'hono/jsx';
import { CsrfField } from '../../auth/views/CsrfField.tsx';
import type { InboxRow } from '../../inbox/store.ts';
import type { WatchRule } from '../../inbox/watch.ts';
import type { Source } from '../../sources/store.ts';
import type { User } from '../../storage/schema.ts';
import { assetUrl } from '../../web/theme/assets.ts';
import { shortDateTime } from '../format.ts';
import { AdminLayout } from './AdminLayout.tsx';

export const INBOX_VIEWS = ['open', 'later', 'clipped', 'dismissed'] as const;
export type InboxView = (typeof INBOX_VIEWS)[number];

export interface InboxPageProps {
  frame: { user: User; csrf: string; blogTitle: string };
  items: InboxRow[];
  sources: Source[];
  rules: WatchRule[];
  filter: { view: InboxView; sourceId: number | null; ruleId: number | null };
  timeZone: string;
  notice?: { kind: 'ok' | 'error'; text: string };
}

const VIEW_LABELS: Record<InboxView, string> = {
  open: 'To read',
  later: 'Later',
  clipped: 'Clipped',
  dismissed: 'Dismissed',
};

export const InboxPage: FC<InboxPageProps> = (p) => {
  const query = (change: Partial<InboxPageProps['filter']>) => {
    const f = { ...p.filter, ...change };
    const params = new URLSearchParams();
    if (f.view !== 'open') params.set('view', f.view);
    if (f.sourceId) params.set('source', String(f.sourceId));
    if (f.ruleId) params.set('rule', String(f.ruleId));
    const s = params.toString();
    return s ? `/admin/inbox?${s}` : '/admin/inbox';
  };
  const here = query({});
  const ruleNames = new Map(p.rules.map((r) => [r.id, r.phrase]));
  return (
    <AdminLayout
      title="Inbox"
      active="inbox"
      user={p.frame.user}
      csrf={p.frame.csrf}
      blogTitle={p.frame.blogTitle}
      notice={p.notice}
      scripts={['inbox.js']}
      actions={
        <a class="button" href="/admin/inbox/sources">
          Outlets and watch rules
        </a>
      }
    >
      <link rel="stylesheet" href={assetUrl('inbox.css')} />
      <nav class="inbox-filters" aria-label="Inbox filters">
        <ul class="inbox-views">
          {INBOX_VIEWS.map((v) => (
            <li>
              <a href={query({ view: v })} aria-current={v === p.filter.view ? 'page' : undefined}>
                {VIEW_LABELS[v]}
              </a>
            </li>
          ))}
        </ul>
        <form method="get" action="/admin/inbox" class="inbox-select">
          {p.filter.view !== 'open' && <input type="hidden" name="view" value={p.filter.view} />}
          <label>
            Outlet{' '}
            <select name="source">
              <option value="">All</option>
              {p.sources.map((s) => (
                <option value={String(s.id)} selected={s.id === p.filter.sourceId}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Watch rule{' '}
            <select name="rule">
              <option value="">Any</option>
              {p.rules.map((r) => (
                <option value={String(r.id)} selected={r.id === p.filter.ruleId}>
                  {r.phrase}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" class="button">
            Filter
          </button>
        </form>
      </nav>
      <p class="hint inbox-keys">
        Keys: <kbd>j</kbd>/<kbd>k</kbd> next and previous · <kbd>c</kbd> clip into a draft · <kbd>d</kbd>{' '}
        dismiss · <kbd>l</kbd> later · <kbd>o</kbd> open the article
      </p>
      {p.items.length === 0 ? (
        <p class="empty panel">
          {p.sources.length === 0 ? (
            <>
              Nothing here yet. <a href="/admin/inbox/sources">Follow an outlet</a> and its new articles
              arrive here.
            </>
          ) : (
            'Nothing here: all read.'
          )}
        </p>
      ) : (
        <ol class="inbox-list" data-inbox>
          {p.items.map((item) => {
            const hits = (JSON.parse(item.watch_hits) as number[])
              .map((id) => ruleNames.get(id))
              .filter(Boolean);
            const also = JSON.parse(item.also_from) as { sourceId: number }[];
            return (
              <li
                class={`inbox-item state-${item.state}${hits.length ? ' watched' : ''}`}
                id={`item-${item.id}`}
                data-item={String(item.id)}
                tabindex={-1}
              >
                {item.image_url && (
                  <img
                    class="inbox-image"
                    src={item.image_url}
                    alt=""
                    loading="lazy"
                    referrerpolicy="no-referrer"
                  />
                )}
                <div class="inbox-text">
                  <p class="meta">
                    <strong>{item.source_name}</strong> ·{' '}
                    <time datetime={item.published_at}>{shortDateTime(item.published_at, p.timeZone)}</time>
                    {also.length > 0 && <span> · also in {also.length} more</span>}
                    {hits.map((h) => (
                      <span class="badge badge-watch">{h}</span>
                    ))}
                  </p>
                  <h2>
                    <a href={item.url} target="_blank" rel="noopener noreferrer" data-open>
                      {item.title}
                    </a>
                  </h2>
                  {item.summary && <p class="summary">{item.summary}</p>}
                  <div class="inbox-actions">
                    {item.post_id ? (
                      <a class="button" href={`/admin/posts/${item.post_id}/edit`}>
                        Clipped: {item.post_path ?? 'open the draft'}
                      </a>
                    ) : (
                      <form method="post" action={`/admin/inbox/${item.id}/clip`} data-action="clip">
                        <CsrfField token={p.frame.csrf} />
                        <button type="submit" class="button primary">
                          Clip
                        </button>
                      </form>
                    )}
                    {item.state !== 'clipped' &&
                      (
                        [
                          ['later', 'Later'],
                          ['dismissed', 'Dismiss'],
                        ] as const
                      ).map(([state, label]) => (
                        <form method="post" action={`/admin/inbox/${item.id}/state`} data-action={state}>
                          <CsrfField token={p.frame.csrf} />
                          <input type="hidden" name="state" value={state} />
                          <input type="hidden" name="back" value={here} />
                          <button type="submit" class="button">
                            {label}
                          </button>
                        </form>
                      ))}
                  </div>
                </div>
              </li>
            );
          })}
        </ol>
      )}
    </AdminLayout>
  );
};
