// The lang attribute of a post's text, kept for the posts shown lately. Working it out reads
// thousands of letters one by one (lib/script.ts), the slowest part of rendering a post page or a
// listing; the answer is kept while the text it came from stays the same, compared whole, so an
// edit is never missed. Bounded: the most recently shown posts only.
import { htmlToText } from '../../lib/html.ts';
import { langAttribute, scriptLanguage } from '../../lib/script.ts';
import type { Post } from '../../storage/schema.ts';

const kept = new Map<string, { source: string; lang: string | undefined }>();
const KEPT = 512;

function keptLang(key: string, source: string, work: () => string | undefined): string | undefined {
  const known = kept.get(key);
  if (known?.source === source) return known.lang;
  const lang = work();
  kept.delete(key);
  kept.set(key, { source, lang });
  if (kept.size > KEPT) kept.delete(kept.keys().next().value!);
  return lang;
}

/** The post page's article: its title and text, unless the page's own language already says it. */
export function postLang(
  post: Pick<Post, 'id' | 'title' | 'body_html'>,
  pageLang: string,
): string | undefined {
  const body = post.body_html.slice(0, 8000);
  return keptLang(`page ${post.id} ${pageLang}`, `${post.title}\n${body}`, () =>
    langAttribute(`${post.title} ${htmlToText(body)}`, pageLang),
  );
}

/** A listing's summary: its title and excerpt. */
export function summaryLang(post: Pick<Post, 'id' | 'title' | 'excerpt'>): string | undefined {
  const text = `${post.title} ${post.excerpt ?? ''}`;
  return keptLang(`summary ${post.id}`, text, () => scriptLanguage(text) ?? undefined);
}
