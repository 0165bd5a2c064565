import type { FC } from 'hono/jsx';
import { can } from '../../auth/roles.ts';
import type { DashboardData } from '../dashboard.ts';
import { plural, relativeTime } from '../format.ts';
import { AdminLayout, type AdminPageProps } from './AdminLayout.tsx';
import { StatusBadge } from './StatusBadge.tsx';

type Frame = Omit<AdminPageProps, 'title' | 'children'>;

const MODERATED: Record<string, string> = {
  approved: 'approved',
  pending: 'sent back to the queue',
  spam: 'marked as spam',
  deleted: 'deleted',
};

export const DashboardPage: FC<{ frame: Frame; data: DashboardData; now: Date; timeZone: string }> = ({
  frame,
  data,
  now,
  timeZone,
}) => {
  const { user } = frame;
  const writes = can(user, 'posts');
  const moderates = can(user, 'comments');
  return (
    <AdminLayout
      {...frame}
      title="Dashboard"
      active="dashboard"
      actions={
        writes && (
          <a class="button primary" href="/admin/posts/new">
            New post
          </a>
        )
      }
    >
      <section class="stat-grid" aria-label="Figures">
        {writes && (
          <>
            <a class="stat" href="/admin/posts?status=published">
              <span class="stat-n">{data.posts.published.toLocaleString('en')}</span>
              <span class="stat-label">published posts</span>
            </a>
            <a class="stat" href="/admin/posts?status=draft">
              <span class="stat-n">{data.posts.draft.toLocaleString('en')}</span>
              <span class="stat-label">{data.posts.draft === 1 ? 'draft' : 'drafts'}</span>
            </a>
            <a class="stat" href="/admin/posts?status=scheduled">
              <span class="stat-n">{data.posts.scheduled.toLocaleString('en')}</span>
              <span class="stat-label">scheduled</span>
            </a>
          </>
        )}
        {moderates && (
          <a
            class={`stat${data.comments.pending ? ' stat-alert' : ''}`}
            href="/admin/comments?status=pending"
          >
            <span class="stat-n">{data.comments.pending.toLocaleString('en')}</span>
            <span class="stat-label">
              {data.comments.pending === 1 ? 'comment awaits' : 'comments await'} moderation
            </span>
          </a>
        )}
        {moderates && (
          <a class="stat" href="/admin/comments?status=approved">
            <span class="stat-n">{data.comments.approved.toLocaleString('en')}</span>
            <span class="stat-label">approved comments</span>
          </a>
        )}
      </section>

      <div class="dash-columns">
        {writes && (
          <section class="panel">
            <h2>Recently edited</h2>
            {data.recentPosts.length === 0 ? (
              <p class="empty">Nothing written yet.</p>
            ) : (
              <ul class="activity">
                {data.recentPosts.map((p) => (
                  <li>
                    <a href={`/admin/posts/${p.id}/edit`}>{p.title || '(untitled)'}</a>
                    <span class="meta">
                      <StatusBadge status={p.status} kind={p.kind} /> {p.author ? `${p.author} · ` : ''}
                      {relativeTime(p.updated_at, now, timeZone)}
                    </span>
                  </li>
                ))}
              </ul>
            )}
            {data.upcoming.length > 0 && (
              <>
                <h3>Coming up</h3>
                <ul class="activity">
                  {data.upcoming.map((p) => (
                    <li>
                      <a href={`/admin/posts/${p.id}/edit`}>{p.title || '(untitled)'}</a>
                      <span class="meta">publishes {relativeTime(p.published_at, now, timeZone)}</span>
                    </li>
                  ))}
                </ul>
              </>
            )}
            <p class="panel-foot">
              {plural(data.pages, 'page')} ·{' '}
              <a href="/admin/posts?status=trash">{plural(data.trash, 'item')} in the trash</a>
            </p>
          </section>
        )}
        {moderates && (
          <section class="panel">
            <h2>Latest comments</h2>
            {data.recentComments.length === 0 ? (
              <p class="empty">No comments yet.</p>
            ) : (
              <ul class="activity">
                {data.recentComments.map((cm) => (
                  <li>
                    <a href={`/admin/comments/${cm.id}`}>
                      <strong>{cm.author_name}</strong> on {cm.post_title}
                    </a>
                    <span class="excerpt">{cm.body_text.slice(0, 140)}</span>
                    <span class="meta">
                      <StatusBadge status={cm.status} /> {relativeTime(cm.created_at, now, timeZone)}
                    </span>
                  </li>
                ))}
              </ul>
            )}
            {data.moderation.length > 0 && (
              <>
                <h3>Moderation</h3>
                <ul class="activity">
                  {data.moderation.map((m) => (
                    <li>
                      <span>
                        {m.who ?? 'The spam rules'} {MODERATED[m.to_status ?? ''] ?? m.action} a comment by{' '}
                        <a href={`/admin/comments/${m.comment_id}`}>{m.author_name}</a>
                      </span>
                      <span class="meta">{relativeTime(m.created_at, now, timeZone)}</span>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </section>
        )}
      </div>
    </AdminLayout>
  );
};
