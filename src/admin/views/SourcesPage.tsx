import type { FC } from 'hono/jsx';
import { CsrfField } from '../../auth/views/CsrfField.tsx';
import type { WatchRule } from '../../inbox/watch.ts';
import type { PushHealth } from '../../inbox/websub/store.ts';
import type { Source } from '../../sources/store.ts';
import type { User } from '../../storage/schema.ts';
import { assetUrl } from '../../web/theme/assets.ts';
import { relativeTime, shortDateTime } from '../format.ts';
import { AdminLayout } from './AdminLayout.tsx';

export interface SourcesPageProps {
  frame: { user: User; csrf: string; blogTitle: string };
  sources: Source[];
  /** WebSub subscriptions by outlet. */
  pushes: Map<number, PushHealth>;
  rules: WatchRule[];
  notice?: { kind: 'ok' | 'error'; text: string };
  now: Date;
  timeZone: string;
}

function health(s: Source): { label: string; kind: string } {
  if (!s.last_fetch_at) return { label: 'not fetched yet', kind: 'draft' };
  if (s.last_status === 'error') return { label: `failing (${s.error_count} in a row)`, kind: 'spam' };
  return { label: s.last_status === 'not-modified' ? 'unchanged' : 'ok', kind: 'published' };
}

/** The outlet's WebSub subscription in words, if its feed names a hub. */
function pushLine(push: PushHealth | undefined, now: Date, timeZone: string): string | null {
  if (!push) return null;
  const hub = hostOf(push.hub_url);
  if (push.state === 'active' && push.lease_until && push.lease_until > now.toISOString()) {
    return `pushed by hub ${hub}, lease until ${shortDateTime(push.lease_until, timeZone)}; fetched daily as well`;
  }
  if (push.state === 'requested' || push.state === 'active') return `subscribing at hub ${hub}…`;
  if (push.state === 'denied' || push.state === 'failed')
    return `not pushed (${push.error ?? push.state}); polled`;
  return null;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

export const SourcesPage: FC<SourcesPageProps> = (p) => {
  const when = (iso: string) => relativeTime(iso, p.now, p.timeZone);
  const names = new Map(p.sources.map((s) => [s.id, s.name]));
  return (
    <AdminLayout
      title="Outlets"
      active="inbox"
      user={p.frame.user}
      csrf={p.frame.csrf}
      blogTitle={p.frame.blogTitle}
      notice={p.notice}
      actions={
        <a class="button" href="/admin/inbox">
          Back to the inbox
        </a>
      }
    >
      <link rel="stylesheet" href={assetUrl('inbox.css')} />
      <div class="sources-forms">
        <form method="post" action="/admin/inbox/sources" class="panel stack">
          <h2>Follow an outlet</h2>
          <label>
            Site or feed address
            <input
              type="url"
              name="address"
              required
              placeholder="https://www.khmertimeskh.com/"
              autocomplete="off"
            />
          </label>
          <CsrfField token={p.frame.csrf} />
          <div>
            <button type="submit" class="button primary">
              Follow
            </button>
          </div>
          <p class="hint">A site’s page is searched for its feeds (RSS, Atom, JSON Feed).</p>
        </form>
        <form
          method="post"
          action="/admin/inbox/sources/opml"
          enctype="multipart/form-data"
          class="panel stack"
        >
          <h2>Import OPML</h2>
          <label>
            OPML file from another reader
            <input type="file" name="file" accept=".opml,.xml,text/x-opml,text/xml" required />
          </label>
          <CsrfField token={p.frame.csrf} />
          <div>
            <button type="submit" class="button">
              Import
            </button>{' '}
            <a href="/admin/inbox/sources.opml">Export the list as OPML</a>
            {' · '}
            <a href="/admin/source-names">Outlet and writer names on the blog (merge)</a>
          </div>
        </form>
      </div>
      <section class="panel">
        <h2>Followed outlets</h2>
        {p.sources.length === 0 ? (
          <p class="empty">None yet.</p>
        ) : (
          <table class="table sources-table">
            <thead>
              <tr>
                <th>Outlet</th>
                <th>Health</th>
                <th>Last fetch</th>
                <th>Next fetch</th>
                <th>Articles</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {p.sources.map((s) => {
                const h = health(s);
                const push = pushLine(p.pushes.get(s.id), p.now, p.timeZone);
                return (
                  <tr>
                    <td>
                      <strong>{s.name}</strong>
                      <br />
                      <a class="hint" href={s.feed_url}>
                        {s.feed_url}
                      </a>
                    </td>
                    <td>
                      <span class={`badge badge-${h.kind}`}>{h.label}</span>
                      {s.last_error && <p class="source-error">{s.last_error}</p>}
                      {push && <p class="hint">{push}</p>}
                    </td>
                    <td>{s.last_fetch_at ? when(s.last_fetch_at) : '—'}</td>
                    <td>{when(s.next_fetch_at)}</td>
                    <td>
                      <a href={`/admin/inbox?source=${s.id}`}>{s.entries_seen}</a>
                    </td>
                    <td>
                      <form method="post" action={`/admin/inbox/sources/${s.id}/delete`}>
                        <CsrfField token={p.frame.csrf} />
                        <button
                          type="submit"
                          class="button"
                          data-confirm={`Unfollow ${s.name}? Its inbox items go too.`}
                        >
                          Unfollow
                        </button>
                      </form>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
      <section class="panel stack">
        <h2>Watch rules</h2>
        <p class="hint">
          A word or phrase that flags matching articles (Khmer and Thai are matched inside unspaced text), and
          can e-mail you each match.
        </p>
        {p.rules.length > 0 && (
          <ul class="rules">
            {p.rules.map((r) => (
              <li>
                <strong>{r.phrase}</strong>
                {r.source_id ? ` · only ${names.get(r.source_id) ?? 'one outlet'}` : ''}
                {r.notify_email ? ` · mails ${r.notify_email}` : ''}{' '}
                <a href={`/admin/inbox?rule=${r.id}`}>matches</a>
                <form method="post" action={`/admin/inbox/rules/${r.id}/delete`} class="inline">
                  <CsrfField token={p.frame.csrf} />
                  <button type="submit" class="button">
                    Remove
                  </button>
                </form>
              </li>
            ))}
          </ul>
        )}
        <form method="post" action="/admin/inbox/rules" class="rule-form">
          <CsrfField token={p.frame.csrf} />
          <label>
            Words <input name="phrase" required maxlength={200} />
          </label>
          <label>
            Outlet{' '}
            <select name="source">
              <option value="">Any</option>
              {p.sources.map((s) => (
                <option value={String(s.id)}>{s.name}</option>
              ))}
            </select>
          </label>
          <label>
            E-mail <input type="email" name="email" placeholder="optional" />
          </label>
          <button type="submit" class="button">
            Add rule
          </button>
        </form>
      </section>
    </AdminLayout>
  );
};
