// Slugs as Blogger makes them: lower-case ASCII words joined by hyphens, at most ~40 characters,
// cut at a word boundary. Accents are dropped ("Café" → "cafe"); letters of other scripts are
// left out, never transliterated, and a title with no Latin letters or digits at all gets
// Blogger's own "blog-post" (pages "blog-page"), made unique with _2, _3… as Blogger does,
// rather than an address of hundreds of percent escapes.

const MAX = 40;

export const FALLBACK_POST_SLUG = 'blog-post';
export const FALLBACK_PAGE_SLUG = 'blog-page';

export function slugify(title: string, fallback = FALLBACK_POST_SLUG): string {
  const words = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/ß/g, 'ss')
    .replace(/[æ]/g, 'ae')
    .replace(/[œ]/g, 'oe')
    .replace(/[ø]/g, 'o')
    .replace(/[đð]/g, 'd')
    .replace(/[ł]/g, 'l')
    .replace(/[ı]/g, 'i')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  let slug = '';
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word;
    if (next.length > MAX && slug) break;
    slug = next.slice(0, MAX * 2);
  }
  return slug || fallback;
}

/** The fallback slug Blogger gives a post or page whose title has no Latin letters. */
export function fallbackSlug(kind: 'post' | 'page'): string {
  return kind === 'page' ? FALLBACK_PAGE_SLUG : FALLBACK_POST_SLUG;
}
