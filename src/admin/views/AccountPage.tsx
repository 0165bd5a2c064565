import type { FC } from 'hono/jsx';
import type { Session } from '../../auth/sessions.ts';
import { CsrfField } from '../../auth/views/CsrfField.tsx';
import { NewPasswordFields } from '../../auth/views/NewPasswordFields.tsx';
import { relativeTime } from '../format.ts';
import { AdminLayout, type AdminPageProps } from './AdminLayout.tsx';

type Frame = Omit<AdminPageProps, 'title' | 'children'>;

export const AccountPage: FC<{
  frame: Frame;
  sessions: Session[];
  currentSession: string;
  now: Date;
  timeZone: string;
}> = ({ frame, sessions, currentSession, now, timeZone }) => (
  <AdminLayout {...frame} title="Your account" active="account">
    <div class="dash-columns">
      <section class="panel">
        <h2>Where you are signed in</h2>
        <ul class="activity">
          {sessions.map((s) => (
            <li>
              <span>
                {describeAgent(s.user_agent)}
                {s.id === currentSession && <span class="badge badge-approved">this browser</span>}
              </span>
              <span class="meta">
                signed in {relativeTime(s.created_at, now, timeZone)} · last seen{' '}
                {relativeTime(s.last_seen_at, now, timeZone)}
              </span>
            </li>
          ))}
        </ul>
        <div class="button-row">
          <form method="post" action="/admin/account/sign-out-others">
            <CsrfField token={frame.csrf} />
            <button type="submit" class="button">
              Sign out other sessions
            </button>
          </form>
          <form method="post" action="/admin/logout-everywhere">
            <CsrfField token={frame.csrf} />
            <button type="submit" class="button danger">
              Sign out everywhere
            </button>
          </form>
        </div>
      </section>
      <section class="panel">
        <h2>Change your password</h2>
        <form method="post" action="/admin/account/password" class="stack">
          <CsrfField token={frame.csrf} />
          <label>
            Current password
            <input type="password" name="current" autocomplete="current-password" required />
          </label>
          <NewPasswordFields label="New password" />
          <div>
            <button type="submit" class="button primary">
              Change password
            </button>
          </div>
        </form>
        <p class="hint">Changing it signs you out of every other browser.</p>
      </section>
    </div>
  </AdminLayout>
);

function describeAgent(agent: string | null): string {
  if (!agent) return 'Unknown browser';
  const browser = /Firefox\//.test(agent)
    ? 'Firefox'
    : /Edg\//.test(agent)
      ? 'Edge'
      : /Chrome\//.test(agent)
        ? 'Chrome'
        : /Safari\//.test(agent)
          ? 'Safari'
          : /curl|node|undici/i.test(agent)
            ? 'A script'
            : 'A browser';
  const system = /Android/.test(agent)
    ? 'Android'
    : /iPhone|iPad/.test(agent)
      ? 'iOS'
      : /Windows/.test(agent)
        ? 'Windows'
        : /Mac OS X/.test(agent)
          ? 'macOS'
          : /Linux/.test(agent)
            ? 'Linux'
            : '';
  return system ? `${browser} on ${system} ` : `${browser} `;
}
