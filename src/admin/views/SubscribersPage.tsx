import type { FC } from 'hono/jsx';
import { CsrfField } from '../../auth/views/CsrfField.tsx';
import type { MailStatus, MailSuppression, Subscriber } from '../../storage/schema.ts';
import type { ImportReport, RosterCounts } from '../../subscriptions/roster.ts';
import type { SubscriptionSettings } from '../../subscriptions/settings.ts';
import type { TestSendResult } from '../../subscriptions/test-send.ts';
import { shortDateTime } from '../format.ts';
import { AdminLayout, type AdminPageProps } from './AdminLayout.tsx';

type Frame = Omit<AdminPageProps, 'title' | 'children'>;

export interface SubscribersPageProps {
  frame: Frame;
  counts: RosterCounts;
  queue: Record<MailStatus, number>;
  rows: Subscriber[];
  total: number;
  page: number;
  pageSize: number;
  q: string;
  status: string;
  timeZone: string;
  /** Whether the blog can send mail (SMTP and GLOSS_BASE_URL set). */
  canSend: boolean;
  imported?: ImportReport;
  settings: SubscriptionSettings;
  /** The settings form's problem, when it had one. */
  settingsError?: string;
  /** What the test send just did. */
  testSend?: TestSendResult;
  /** The signed-in editor's address, where a test send goes. */
  ownAddress: string | null;
  /** The latest suppressed addresses (counts.suppressed says how many in all). */
  suppressions: MailSuppression[];
}

const REASONS: Record<string, string> = {
  rejected: 'refused for good by the receiving server',
  bounce: 'bounced',
  complaint: 'marked as spam',
  'soft-bounce': 'deferred too many times',
  removed: 'removed',
};

const SETTING_FIELDS: [keyof SubscriptionSettings, string, string][] = [
  ['digestHour', 'Digest hour', '0–23, in the blog’s time zone'],
  ['ratePerSecond', 'Mails per second', 'at most, through the SMTP server'],
  ['concurrency', 'SMTP connections', 'used at once (takes effect at the next start)'],
  ['limitPerClient', 'Sign-ups per client and hour', 'more get “please wait”'],
  ['limitPerEmail', 'Sign-up mails per address and day', 'more are silently not sent'],
];

export const SubscribersPage: FC<SubscribersPageProps> = (p) => {
  const pages = Math.max(1, Math.ceil(p.total / p.pageSize));
  const query = (page: number) =>
    `/admin/subscribers?${new URLSearchParams({ q: p.q, status: p.status, page: String(page) })}`;
  return (
    <AdminLayout {...p.frame} title="Subscribers" active="subscribers">
      <div class="stack">
        {!p.canSend && (
          <p class="notice notice-warn">
            This blog cannot send mail yet: set GLOSS_SMTP_URL and GLOSS_BASE_URL (see the README, “E-mail
            subscriptions”). Sign-ups are refused until then.
          </p>
        )}
        <section class="panel" aria-labelledby="counts-h">
          <h2 id="counts-h">At a glance</h2>
          <dl class="stat-row">
            <div>
              <dt>Confirmed</dt>
              <dd>{p.counts.confirmed}</dd>
            </div>
            <div>
              <dt>New in 30 days</dt>
              <dd>{p.counts.newLast30Days}</dd>
            </div>
            <div>
              <dt>Awaiting confirmation</dt>
              <dd>{p.counts.pending}</dd>
            </div>
            <div>
              <dt>Unsubscribed</dt>
              <dd>{p.counts.unsubscribed}</dd>
            </div>
            <div>
              <dt>Suppressed addresses</dt>
              <dd>{p.counts.suppressed}</dd>
            </div>
          </dl>
          <p>
            Mail queue: {p.queue.waiting} waiting, {p.queue.sent} sent, {p.queue.failed} failed,{' '}
            {p.queue.suppressed + p.queue.cancelled} not sent (suppressed or unsubscribed).
          </p>
        </section>

        <section class="panel" aria-labelledby="list-h">
          <h2 id="list-h">Subscribers ({p.total})</h2>
          <form method="get" action="/admin/subscribers" class="filter-row">
            <label>
              Address contains <input type="search" name="q" value={p.q} />
            </label>
            <label>
              Status{' '}
              <select name="status">
                {['', 'confirmed', 'pending', 'unsubscribed'].map((s) => (
                  <option value={s} selected={s === p.status}>
                    {s || 'any'}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit">Search</button>
            <a href="/admin/subscribers/export.csv">Export all as CSV</a>
          </form>
          {p.rows.length === 0 ? (
            <p>No subscriber matches.</p>
          ) : (
            <table class="list-table subscribers-table">
              <thead>
                <tr>
                  <th>Address</th>
                  <th>Status</th>
                  <th>Receives</th>
                  <th>Since</th>
                  <th>
                    <span class="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {p.rows.map((s) => (
                  <tr>
                    <td>{s.email}</td>
                    <td>{s.status}</td>
                    <td>
                      {s.mode === 'digest' ? 'daily digest' : 'each post'}
                      {s.labels !== '[]' ? `, labels: ${(JSON.parse(s.labels) as string[]).join(', ')}` : ''}
                    </td>
                    <td>{shortDateTime(s.confirmed_at ?? s.created_at, p.timeZone)}</td>
                    <td>
                      <form method="post" action={`/admin/subscribers/${s.id}/remove`}>
                        <CsrfField token={p.frame.csrf} />
                        <button type="submit" class="danger">
                          Remove
                        </button>
                      </form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {pages > 1 && (
            <p class="pager">
              {p.page > 1 && <a href={query(p.page - 1)}>Newer</a>} Page {p.page} of {pages}{' '}
              {p.page < pages && <a href={query(p.page + 1)}>Older</a>}
            </p>
          )}
        </section>

        <section class="panel" aria-labelledby="suppressed-h">
          <h2 id="suppressed-h">Suppressed addresses ({p.counts.suppressed})</h2>
          <p>
            These addresses are never mailed again, whatever they sign up for: the receiving server refused
            them, they bounced, or their reader marked a mail as spam.
            {p.counts.suppressed > p.suppressions.length
              ? ` The latest ${p.suppressions.length} are shown.`
              : ''}
          </p>
          {p.suppressions.length === 0 ? (
            <p>None yet.</p>
          ) : (
            <table class="list-table suppression-table">
              <thead>
                <tr>
                  <th>Address</th>
                  <th>Why</th>
                  <th>Since</th>
                </tr>
              </thead>
              <tbody>
                {p.suppressions.map((s) => (
                  <tr>
                    <td>{s.email}</td>
                    <td title={s.detail ?? undefined}>{REASONS[s.reason] ?? s.reason}</td>
                    <td>{shortDateTime(s.created_at, p.timeZone)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>

        <section class="panel" aria-labelledby="import-h">
          <h2 id="import-h">Import from CSV</h2>
          <p>
            FeedBurner's export (Email, Subscription Date, Status), this page's export, or one address per
            line. Only rows whose Status or Consent column says Active, confirmed or yes become confirmed
            subscribers; the others are kept as awaiting confirmation and are sent nothing.
          </p>
          {p.imported && (
            <div class="notice notice-ok" role="status">
              <p>
                {p.imported.added} added ({p.imported.confirmed} confirmed), {p.imported.kept} already there
                and left as they were.
              </p>
              {p.imported.problems.length > 0 && (
                <ul class="import-problems">
                  {p.imported.problems.map((problem) => (
                    <li>
                      {problem.line > 0 ? `Line ${problem.line}: ` : ''}
                      {problem.message}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          )}
          <form method="post" action="/admin/subscribers/import" enctype="multipart/form-data">
            <CsrfField token={p.frame.csrf} />
            <label>
              CSV file <input type="file" name="file" accept=".csv,text/csv,text/plain" required />
            </label>
            <button type="submit">Import</button>
          </form>
        </section>
        <section class="panel" aria-labelledby="sending-h">
          <h2 id="sending-h">Sending</h2>
          {p.settingsError && (
            <p class="notice notice-error" role="alert">
              {p.settingsError}
            </p>
          )}
          <form method="post" action="/admin/subscribers/settings" class="settings-grid">
            <CsrfField token={p.frame.csrf} />
            {SETTING_FIELDS.map(([key, label, hint]) => (
              <label>
                {label} <input type="number" name={key} value={String(p.settings[key])} required />{' '}
                <small>{key === 'digestHour' ? `${hint} (${p.timeZone})` : hint}</small>
              </label>
            ))}
            <button type="submit">Save</button>
          </form>
          <p>
            The SMTP server and the From address come from the environment (GLOSS_SMTP_URL, SMTP_FROM); the
            password is never stored here.
          </p>
        </section>

        <section class="panel" aria-labelledby="test-h">
          <h2 id="test-h">Test send</h2>
          {p.testSend?.ok && (
            <p class="notice notice-ok" role="status">
              Sent: the SMTP server accepted the mail of “{p.testSend.postTitle}” for {p.testSend.to}. Look in
              that inbox (and its spam folder).
            </p>
          )}
          {p.testSend && !p.testSend.ok && (
            <p class="notice notice-error" role="alert">
              Not sent. {p.testSend.message}
            </p>
          )}
          <p>
            Sends the mail subscribers receive for the latest post to{' '}
            {p.ownAddress ? <strong>{p.ownAddress}</strong> : 'your address (your account has none yet)'}, at
            once, through the SMTP server; the page then says what the server answered.
          </p>
          <form method="post" action="/admin/subscribers/test-send">
            <CsrfField token={p.frame.csrf} />
            <button type="submit" disabled={!p.canSend}>
              Send a test mail to me
            </button>
          </form>
        </section>
      </div>
    </AdminLayout>
  );
};
