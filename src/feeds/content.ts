// What a feed entry says: the lead image with its caption and credit, the source attribution,
// then the body, with every editor's note still marked as such: its class stays, and a visible
// "Editor's note:" label is added for readers that drop classes and styles.

import { joinNames, parseAuthors } from '../lib/authors.ts';
import { formatSourceDate } from '../lib/dates.ts';
import { escapeHtml } from '../lib/html.ts';
import type { Post } from '../storage/schema.ts';

export const NOTE_LABEL = "Editor's note:";

export function entryHtml(post: Post, base: string): string {
  return [leadImageHtml(post, base), attributionHtml(post), labelNotes(absoluteLinks(post.body_html, base))]
    .filter(Boolean)
    .join('\n');
}

/** "Clipped from Outlet: “Original title”, by A and B, 31 July 2017. Read the original." */
export function attributionHtml(post: Post): string {
  const authors = parseAuthors(post.source_authors);
  const showTitle = post.source_title && post.source_title.trim() !== post.title.trim();
  if (!post.source_outlet && authors.length === 0 && !post.source_url && !showTitle) return '';
  const parts: string[] = [];
  if (showTitle) parts.push(`“${escapeHtml(post.source_title!)}”`);
  if (authors.length > 0) parts.push(`by ${escapeHtml(joinNames(authors))}`);
  if (post.source_date) parts.push(escapeHtml(formatSourceDate(post.source_date)));
  const outlet = post.source_outlet ? escapeHtml(post.source_outlet) : 'the original';
  const lead = post.source_outlet ? `Clipped from <b>${outlet}</b>` : 'Source';
  const link = post.source_url
    ? ` <a href="${escapeHtml(post.source_url)}">Read the original${post.source_outlet ? ` at ${outlet}` : ''}</a>.`
    : '';
  return `<p class="source"><i>${lead}${parts.length ? `: ${parts.join(', ')}` : ''}.</i>${link}</p>`;
}

export function leadImageHtml(post: Post, base: string): string {
  if (!post.image_src) return '';
  const caption = [post.image_caption, post.image_credit].filter(Boolean).map((t) => escapeHtml(t!));
  const alt = escapeHtml(post.image_alt ?? post.image_caption ?? '');
  const figcaption = caption.length ? `<figcaption>${caption.join(' — ')}</figcaption>` : '';
  return `<figure><img src="${escapeHtml(absoluteUrl(post.image_src, base))}" alt="${alt}"/>${figcaption}</figure>`;
}

/** Adds the visible label to every note that does not already say what it is. */
export function labelNotes(html: string): string {
  return html.replace(
    /<aside class="editor-note">(?:\s*<p>)?|<span class="editor-note">/g,
    (open: string, offset: number) =>
      saysNote(html, offset + open.length) ? open : `${open}<strong>${NOTE_LABEL}</strong> `,
  );
}

function saysNote(html: string, at: number): boolean {
  return /^\s*(<[^>]+>\s*)*\[?\s*(editor[’']?s note|note)\b/i.test(html.slice(at, at + 80));
}

/** Root-relative links and images made absolute: feed readers do not know where the blog lives. */
export function absoluteLinks(html: string, base: string): string {
  return html.replace(
    /\b(href|src)="(\/(?!\/)[^"]*)"/g,
    (_, attr: string, path: string) => `${attr}="${base}${path}"`,
  );
}

export function absoluteUrl(url: string, base: string): string {
  try {
    return new URL(url, `${base}/`).toString();
  } catch {
    return url;
  }
}
