import type { FC } from 'hono/jsx';

export const Pager: FC<{ page: number; perPage: number; total: number; url: (page: number) => string }> = ({
  page,
  perPage,
  total,
  url,
}) => {
  const pages = Math.max(1, Math.ceil(total / perPage));
  if (pages <= 1) return null;
  return (
    <nav class="pager" aria-label="Pages">
      {page > 1 ? (
        <a class="button small" href={url(page - 1)} rel="prev">
          ← Newer
        </a>
      ) : (
        <span />
      )}
      <span class="pager-where">
        Page {page} of {pages}
      </span>
      {page < pages ? (
        <a class="button small" href={url(page + 1)} rel="next">
          Older →
        </a>
      ) : (
        <span />
      )}
    </nav>
  );
};
