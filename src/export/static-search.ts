// Search in the static mirror: the published posts' titles, labels, dates and excerpts as data
// (search-index.js, loaded with a script tag so it also works from file://), and the small
// script that answers the blog's search form from it, in the page, without a server.
import type { Kysely } from 'kysely';
import type { Database } from '../storage/schema.ts';

export interface SearchEntry {
  path: string;
  title: string;
  date: string;
  labels: string[];
  excerpt: string;
}

/** Every published post readers can see, newest first. */
export async function mirrorSearchEntries(db: Kysely<Database>, now: Date): Promise<SearchEntry[]> {
  const posts = await db
    .selectFrom('posts')
    .select(['id', 'path', 'title', 'published_at', 'excerpt'])
    .where('kind', '=', 'post')
    .where('status', '=', 'published')
    .where('trashed_at', 'is', null)
    .where('published_at', '<=', now.toISOString())
    .orderBy('published_at', 'desc')
    .execute();
  const labels = new Map<number, string[]>();
  const rows = await db
    .selectFrom('post_labels')
    .innerJoin('labels', 'labels.id', 'post_labels.label_id')
    .select(['post_labels.post_id', 'labels.name'])
    .execute();
  for (const r of rows) labels.set(r.post_id, [...(labels.get(r.post_id) ?? []), r.name]);
  return posts.map((p) => ({
    path: p.path,
    title: p.title,
    date: p.published_at.slice(0, 10),
    labels: labels.get(p.id) ?? [],
    excerpt: p.excerpt,
  }));
}

/**
 * Loads search-index.js beside the mirror's root on the first search, then shows the posts whose
 * title, labels or excerpt hold every word of the query (case and accents ignored; scripts
 * without spaces match as substrings) in place of the page's main column.
 */
export const MIRROR_SEARCH_SCRIPT = `(() => {
  const me = document.currentScript;
  const root = new URL('..', me.src).href;
  const fold = (s) => s.normalize('NFD').replace(/\\p{M}/gu, '').toLowerCase();
  let loading;
  const load = () => loading ??= new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = root + 'search-index.js';
    s.onload = () => resolve(window.glossSearchIndex);
    s.onerror = () => reject(new Error('search-index.js is missing'));
    document.head.append(s);
  });
  const esc = (s) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
  async function show(q) {
    const main = document.querySelector('main') || document.body;
    const words = fold(q).split(/\\s+/).filter(Boolean);
    const index = await load();
    const hits = index.filter((e) => {
      const text = fold(e.title + ' ' + e.labels.join(' ') + ' ' + e.excerpt);
      return words.every((w) => text.includes(w));
    });
    const items = hits.slice(0, 100).map((e) =>
      '<li><a href="' + esc(root + e.file.split('/').map(encodeURIComponent).join('/')) + '">' + esc(e.title || e.path) +
      '</a> <time>' + esc(e.date) + '</time><p>' + esc(e.excerpt) + '</p></li>').join('');
    main.innerHTML = '<h1>Search: ' + esc(q) + '</h1><p class="search-count">' + hits.length +
      (hits.length === 1 ? ' post' : ' posts') + ' found in this copy of the blog.</p><ol class="search-results">' + items + '</ol>';
  }
  document.addEventListener('submit', (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || form.getAttribute('role') !== 'search') return;
    event.preventDefault();
    const q = new FormData(form).get('q');
    if (typeof q === 'string' && q.trim()) show(q.trim());
  });
})();
`;
