// /search?q= (Blogger's address): the query, label and year filters, paging with start and
// max-results, and Blogger's by-date=true. Mounted after the posts routes, which answer /search
// without q (Blogger's "Older posts" links).
import { type Context, Hono } from 'hono';
import type { AppDeps } from '../app-deps.ts';
import { MAX_PER_PAGE, search } from './search.ts';
import { SearchPage } from './views/SearchPage.tsx';

export const DEFAULT_PER_PAGE = 10;

export function searchRoutes(deps: AppDeps) {
  const app = new Hono();

  app.get('/search', async (c) => {
    const chrome = await deps.site.chrome();
    const q = c.req.query('q') ?? '';
    const label = c.req.query('label')?.trim() || undefined;
    const yearParam = c.req.query('year');
    const year = yearParam && /^\d{4}$/.test(yearParam) ? Number(yearParam) : undefined;
    const byDate = c.req.query('by-date') === 'true';
    const start = nonNegative(c.req.query('start'), 0);
    const limit = Math.min(
      MAX_PER_PAGE,
      nonNegative(c.req.query('max-results'), DEFAULT_PER_PAGE) || DEFAULT_PER_PAGE,
    );
    const results = q.trim()
      ? await search(deps.store.db, { q, label, year, byDate, offset: start, limit })
      : undefined;
    const page = (offset: number) => pageUrl(c, offset);
    return c.html(
      <SearchPage
        chrome={chrome}
        data={{
          q,
          label,
          year,
          byDate,
          results,
          previousUrl: results && start > 0 ? page(Math.max(0, start - limit)) : undefined,
          nextUrl: results?.more ? page(start + limit) : undefined,
        }}
      />,
    );
  });

  return app;
}

/** The same search at another offset (the other parameters kept as they were). */
function pageUrl(c: Context, start: number): string {
  const url = new URL(c.req.url);
  if (start > 0) url.searchParams.set('start', String(start));
  else url.searchParams.delete('start');
  return `${url.pathname}?${url.searchParams.toString()}`;
}

function nonNegative(value: string | undefined, fallback: number): number {
  const n = Number.parseInt(value ?? '', 10);
  return Number.isFinite(n) && n >= 0 ? Math.min(n, 100_000) : fallback;
}
