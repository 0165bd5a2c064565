import type { FC } from 'hono/jsx';

const LABELS: Record<string, string> = {
  draft: 'Draft',
  scheduled: 'Scheduled',
  published: 'Published',
  pending: 'Pending',
  approved: 'Approved',
  spam: 'Spam',
  deleted: 'Deleted',
  trash: 'In trash',
};

export const StatusBadge: FC<{ status: string; kind?: string }> = ({ status, kind }) => (
  <span class={`badge badge-${status}`}>
    {LABELS[status] ?? status}
    {kind === 'page' ? ' page' : ''}
  </span>
);
