// Slugs as Blogger makes them: lower-case ASCII words joined by hyphens, at most ~40 characters,
// cut at a word boundary. Titles in other scripts keep their letters (percent-encoded in URLs).

const MAX = 40;

export function slugify(title: string, fallback = 'post'): string {
  const words = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[\u200b-\u200d\ufeff]/g, '')
    .replace(/['’]/g, '')
    .split(/[^\p{L}\p{M}\p{N}]+/u)
    .filter(Boolean);
  let slug = '';
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word;
    if (next.length > MAX && slug) break;
    slug = next.slice(0, MAX * 2);
  }
  return slug.normalize('NFC') || fallback;
}
