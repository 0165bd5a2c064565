// Blogger's URL scheme. Every public URL of a post, page, archive or label is built here or in web/urls.ts.
import { zonedParts } from '../lib/dates.ts';

export function postPath(publishedAt: string, slug: string, timeZone: string): string {
  const { year, month } = zonedParts(publishedAt, timeZone);
  return `/${year}/${month}/${encodeSlug(slug)}.html`;
}

export function pagePath(slug: string): string {
  return `/p/${encodeSlug(slug)}.html`;
}

/** The path with a numeric suffix, for when the plain one is taken: /2017/07/slug_2.html. */
export function suffixedPath(path: string, n: number): string {
  return path.replace(/\.html$/, `_${n}.html`);
}

function encodeSlug(slug: string): string {
  return encodeURIComponent(slug).replace(/%2F/gi, '-');
}

/** Parses /YYYY/MM/slug.html; null for anything else. */
export function parsePostPath(path: string): { year: string; month: string; slug: string } | null {
  const m = /^\/(\d{4})\/(\d{2})\/([^/]+)\.html$/.exec(path);
  return m ? { year: m[1]!, month: m[2]!, slug: m[3]! } : null;
}
