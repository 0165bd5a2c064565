// /sitemap.xml: the home page, every published post and page with its last change. Past 50,000
// addresses (the protocol's limit per file) it becomes a sitemap index of /sitemap.xml?page=N.
import { type Kysely, sql } from 'kysely';
import type { Database } from '../storage/schema.ts';
import { absoluteUrl } from './content.ts';
import { xml } from './xml.ts';

export const SITEMAP_LIMIT = 50_000;
export const SITEMAP_TYPE = 'application/xml; charset=UTF-8';

const NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';

function published(db: Kysely<Database>) {
  return db.selectFrom('posts').where('status', '=', 'published').where('trashed_at', 'is', null);
}

export interface Sitemap {
  xml: string;
  lastModified?: string;
}

/**
 * The sitemap (page undefined) or one page of it. Addresses are in id order, so a new post lands
 * on the last page and the others stay put. Undefined for a page that does not exist.
 */
export async function sitemap(
  db: Kysely<Database>,
  base: string,
  page: number | undefined,
  limit = SITEMAP_LIMIT,
): Promise<Sitemap | undefined> {
  const summary = await published(db)
    .select([(eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.max('updated_at').as('last')])
    .executeTakeFirstOrThrow();
  const count = Number(summary.n) + 1; // and the home page
  const lastModified = summary.last ?? undefined;
  const pages = Math.ceil(count / limit);
  if (page === undefined && pages > 1)
    return { xml: await sitemapIndex(db, base, pages, limit), lastModified };
  const p = page ?? 1;
  if (p < 1 || p > pages) return undefined;
  const start = (p - 1) * limit;
  // Address 0 is the home page; addresses 1… are the posts and pages.
  const rows = await published(db)
    .select(['path', 'updated_at'])
    .orderBy('id')
    .limit(start === 0 ? limit - 1 : limit)
    .offset(start === 0 ? 0 : start - 1)
    .execute();
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', `<urlset xmlns="${NS}">`];
  if (start === 0) {
    out.push(
      `<url><loc>${xml(absoluteUrl('/', base))}</loc>${lastModified ? lastmod(lastModified) : ''}</url>`,
    );
  }
  for (const row of rows)
    out.push(`<url><loc>${xml(absoluteUrl(row.path, base))}</loc>${lastmod(row.updated_at)}</url>`);
  out.push('</urlset>', '');
  return { xml: out.join('\n'), lastModified };
}

/** The index: one entry per page, with the newest change among that page's addresses. */
async function sitemapIndex(db: Kysely<Database>, base: string, pages: number, limit: number) {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', `<sitemapindex xmlns="${NS}">`];
  for (let p = 1; p <= pages; p++) {
    const start = (p - 1) * limit;
    const { rows } = await sql<{ last: string | null }>`SELECT max(updated_at) AS last FROM (${published(db)
      .select('updated_at')
      .orderBy('id')
      .limit(start === 0 ? limit - 1 : limit)
      .offset(start === 0 ? 0 : start - 1)}) AS slice`.execute(db);
    const last = rows[0]?.last;
    out.push(
      `<sitemap><loc>${xml(absoluteUrl(`/sitemap.xml?page=${p}`, base))}</loc>${last ? lastmod(last) : ''}</sitemap>`,
    );
  }
  out.push('</sitemapindex>', '');
  return out.join('\n');
}

function lastmod(iso: string): string {
  return `<lastmod>${xml(new Date(iso).toISOString())}</lastmod>`;
}

export function robotsTxt(base: string): string {
  return [
    'User-agent: *',
    // Search results and the editor's desk are not pages to index; label pages and posts are.
    'Disallow: /search',
    'Allow: /search/label/',
    'Disallow: /admin',
    'Disallow: /comments/',
    'Allow: /',
    '',
    `Sitemap: ${absoluteUrl('/sitemap.xml', base)}`,
    '',
  ].join('\n');
}
