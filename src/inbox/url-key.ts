// The one key a story's address is stored under: no scheme, no "www.", no tracking parameters,
// no fragment, no final slash, parameters sorted. http://www.x.com/a/?utm_source=f and
// https://x.com/a are the same story.
import { normaliseUrl } from '../clippings/clip.ts';

export function urlKey(url: string): string {
  const normal = normaliseUrl(url);
  try {
    const u = new URL(normal);
    u.searchParams.sort();
    const host = u.hostname.toLowerCase().replace(/^www\./, '');
    const port = u.port ? `:${u.port}` : '';
    const path = u.pathname.replace(/\/+$/, '') || '/';
    return `${host}${port}${path}${u.search}`;
  } catch {
    return normal;
  }
}
