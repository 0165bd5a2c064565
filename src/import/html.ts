// HTML helpers for imported text: plain text as paragraphs, and comment bodies cleaned with the
// same short allowlist as comments written on the blog (src/comments/render.ts): paragraphs,
// breaks, links (rel="nofollow ugc noopener"), bold, italic.
import sanitizeHtml from 'sanitize-html';
import { escapeHtml, htmlToText } from '../lib/html.ts';

/** Plain text as HTML paragraphs (blank lines split paragraphs, single newlines are breaks). */
export function textToHtml(text: string): string {
  return text
    .trim()
    .split(/\n\s*\n/)
    .filter((p) => p.trim())
    .map((p) => `<p>${escapeHtml(p.trim()).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
}

const COMMENT_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'a', 'b', 'strong', 'i', 'em'],
  allowedAttributes: { a: ['href', 'rel'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  transformTags: {
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'nofollow ugc noopener' } }),
  },
};

/** Block elements the allowlist drops: their edges become line breaks, or their words would run
 * together once the tags are gone ("TitleDefinition list division.Startup"). */
const DROPPED_BLOCK =
  /<\/?(?:h[1-6]|div|blockquote|pre|ul|ol|li|dl|dt|dd|table|thead|tbody|tfoot|caption|tr|td|th|section|article|aside|header|footer|nav|figure|figcaption|address|details|summary|hr)\b[^>]*>/gi;

/** A comment body from an export, cleaned for display. */
export function commentHtml(html: string): string {
  return sanitizeHtml(html.replace(DROPPED_BLOCK, '<br>'), COMMENT_OPTIONS)
    .replace(/(?:\s*<br \/>)+/g, '<br />')
    .replace(/<br \/>\s*(<\/p>)|(<\/?p>)\s*<br \/>/g, '$1$2')
    .replace(/^\s*<br \/>|<br \/>\s*$/g, '')
    .trim();
}

/** The text of a comment body (what the commenter wrote, without markup). */
export function commentText(html: string): string {
  return htmlToText(html);
}
