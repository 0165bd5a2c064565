import type { FC } from 'hono/jsx';
import type { Invitation } from '../../auth/invitations.ts';
import { assignableRoles, canManageUser, ROLE_DESCRIPTIONS, ROLE_LABELS } from '../../auth/roles.ts';
import { CsrfField } from '../../auth/views/CsrfField.tsx';
import type { User } from '../../storage/schema.ts';
import { relativeTime, shortDateTime } from '../format.ts';
import { AdminLayout, type AdminPageProps } from './AdminLayout.tsx';

type Frame = Omit<AdminPageProps, 'title' | 'children'>;

export const UsersPage: FC<{
  frame: Frame;
  users: User[];
  invitations: Invitation[];
  lastSeen: Map<number, string>;
  invited?: { link: string; email: string; reset?: boolean };
  now: Date;
  timeZone: string;
}> = ({ frame, users, invitations, lastSeen, invited, now, timeZone }) => {
  const me = frame.user;
  const roles = assignableRoles(me);
  return (
    <AdminLayout {...frame} title="Users" active="users">
      {invited && (
        <section class="panel invite-link" aria-labelledby="invited-h">
          <h2 id="invited-h">
            {invited.reset ? 'New-password link' : 'Invitation'} for {invited.email}
          </h2>
          <p>
            Send this link to them. It works once, for {invited.reset ? 'a day' : 'seven days'}, and is shown
            only now: Gloss keeps only a fingerprint of it.
          </p>
          <div class="copy-row">
            <label class="visually-hidden" for="invite-link">
              Invitation link
            </label>
            <input id="invite-link" value={invited.link} readonly />
            <button type="button" data-copy="#invite-link">
              Copy
            </button>
          </div>
        </section>
      )}

      <table class="list-table users-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Role</th>
            <th scope="col" class="col-date">
              Last seen
            </th>
            <th scope="col">
              <span class="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => {
            const manageable = canManageUser(me, u);
            const seen = lastSeen.get(u.id);
            return (
              <tr class={u.active ? undefined : 'inactive'}>
                <td>
                  <strong>{u.name}</strong>
                  {u.id === me.id && <span class="kind-tag">you</span>}
                  {!u.active && <span class="badge badge-deleted">deactivated</span>}
                  <span class="row-sub">{u.email}</span>
                </td>
                <td>
                  {manageable ? (
                    <form method="post" action={`/admin/users/${u.id}/role`} class="inline-form">
                      <CsrfField token={frame.csrf} />
                      <label>
                        <span class="visually-hidden">Role of {u.name}</span>
                        <select name="role">
                          {roles.map((r) => (
                            <option value={r} selected={r === u.role}>
                              {ROLE_LABELS[r]}
                            </option>
                          ))}
                        </select>
                      </label>
                      <button type="submit" class="small">
                        Change
                      </button>
                    </form>
                  ) : (
                    <span class="role-name">{ROLE_LABELS[u.role]}</span>
                  )}
                </td>
                <td class="col-date">{seen ? relativeTime(seen, now, timeZone) : 'never'}</td>
                <td class="col-actions">
                  {manageable && u.active === 1 && (
                    <form method="post" action={`/admin/users/${u.id}/reset`}>
                      <CsrfField token={frame.csrf} />
                      <button
                        type="submit"
                        class="small"
                        title="Make a one-time link to choose a new password"
                      >
                        Password link
                      </button>
                    </form>
                  )}
                  {manageable && (
                    <form
                      method="post"
                      action={`/admin/users/${u.id}/${u.active ? 'deactivate' : 'activate'}`}
                    >
                      <CsrfField token={frame.csrf} />
                      <button
                        type="submit"
                        class={u.active ? 'small danger' : 'small'}
                        data-confirm={
                          u.active ? `Deactivate ${u.name}? They are signed out at once.` : undefined
                        }
                      >
                        {u.active ? 'Deactivate' : 'Reactivate'}
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>

      <div class="dash-columns users-lower">
        <section class="panel" aria-labelledby="invite-h">
          <h2 id="invite-h">Invite someone</h2>
          <form method="post" action="/admin/users/invite" class="stack">
            <CsrfField token={frame.csrf} />
            <label>
              Name
              <input name="name" required />
            </label>
            <label>
              E-mail
              <input type="email" name="email" required />
            </label>
            <fieldset class="radio-set">
              <legend>Role</legend>
              {roles.map((r, i) => (
                <label class="check">
                  <input
                    type="radio"
                    name="role"
                    value={r}
                    checked={r === 'author' || (i === 0 && !roles.includes('author'))}
                  />{' '}
                  <strong>{ROLE_LABELS[r]}</strong> <span class="hint">{ROLE_DESCRIPTIONS[r]}</span>
                </label>
              ))}
            </fieldset>
            <div>
              <button type="submit" class="primary">
                Create an invitation link
              </button>
            </div>
          </form>
        </section>
        <section class="panel" aria-labelledby="open-h">
          <h2 id="open-h">Open invitations</h2>
          {invitations.length === 0 ? (
            <p class="empty">None.</p>
          ) : (
            <ul class="activity">
              {invitations.map((inv) => (
                <li>
                  <span>
                    <strong>{inv.name}</strong> · {inv.email} · {ROLE_LABELS[inv.role]}
                  </span>
                  <span class="meta">expires {shortDateTime(inv.expires_at, timeZone)}</span>
                  <form method="post" action={`/admin/users/invitations/${inv.id}/revoke`}>
                    <CsrfField token={frame.csrf} />
                    <button type="submit" class="small">
                      Withdraw
                    </button>
                  </form>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </AdminLayout>
  );
};
