// Paths of imported posts: the source's own Blogger path when it has one, else one made the way
// Blogger makes them, from the post's local date and slug.
import { slugify } from '../lib/slugs.ts';
import { pagePath, postPath } from '../posts/paths.ts';
import type { PostKind } from '../storage/schema.ts';

const POST_PATH = /^\/\d{4}\/\d{2}\/[^/]+\.html$/;
const PAGE_PATH = /^\/p\/[^/]+\.html$/;

/** The path part of a URL or path ("http://x.blogspot.com/2010/11/a.html" → "/2010/11/a.html"). */
export function pathOf(urlOrPath: string): string | null {
  const value = urlOrPath.trim();
  if (!value) return null;
  try {
    const url = new URL(value, 'http://placeholder.invalid');
    return url.pathname + url.search;
  } catch {
    return null;
  }
}

/** Whether a path is one Gloss serves a post or page at (Blogger's shapes). */
export function isBloggerPath(path: string, kind: PostKind): boolean {
  return kind === 'page' ? PAGE_PATH.test(path) : POST_PATH.test(path);
}

/** The slug inside a Blogger path (decoded): "/2010/11/the-steel-windpipe.html" → "the-steel-windpipe". */
export function slugOfPath(path: string): string {
  const file = path.slice(path.lastIndexOf('/') + 1).replace(/\.html$/, '');
  try {
    return decodeURIComponent(file);
  } catch {
    return file;
  }
}

/** A Blogger-style path for a post dated at a local wall-clock time ("2015-03-02T10:00:00"). */
export function derivedPath(kind: PostKind, wall: string, slug: string): string {
  return kind === 'page' ? pagePath(slug) : postPath(`${wall.slice(0, 19)}Z`, slug, 'UTC');
}

/** A slug from a title, or from a fallback when the title has no letters. */
export function slugFor(title: string, fallback: string): string {
  return slugify(title, fallback);
}
