// A reader's text → the HTML shown on the page. Readers write plain text: blank lines make
// paragraphs, line breaks stay, web addresses become links, and the tags <b> <strong> <i> <em>
// <br> <p> and <a href="http…"> work as written. Every other character shows as typed, so
// "<script>" reads as the text "<script>". sanitize-html then enforces the allowlist on the result:
// whatever the steps before it produce, only these tags and a checked href can reach the page.
import { LinkifyIt } from 'linkify-it';
import sanitizeHtml from 'sanitize-html';
import { escapeHtml } from '../lib/html.ts';

export const COMMENT_REL = 'nofollow ugc noopener';

// "www.example.com" and "example.org" link too; "//host" (protocol-relative) and ftp do not.
const linkify = new LinkifyIt({ fuzzyLink: true }).add('//', null).add('ftp:', null);

const ALLOWLIST: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'a', 'b', 'strong', 'i', 'em'],
  allowedAttributes: { a: ['href', 'rel'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: COMMENT_REL } }),
  },
  // A link whose address the allowlist refused keeps its text, not an empty <a>.
  exclusiveFilter: () => false,
};

/** The comment's HTML: paragraphs, line breaks, links, bold and italic; everything else as text. */
export function renderCommentHtml(text: string): string {
  const marked = allowWrittenTags(escapeHtml(normaliseText(text)));
  const paragraphs = marked
    .split(/\n[ \t]*\n+/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0)
    .map((p) => `<p>${p.replace(/[ \t]*\n[ \t]*/g, '<br>')}</p>`)
    .join('');
  const linked = linkifyText(paragraphs);
  return sanitizeHtml(linked, ALLOWLIST)
    .replace(/<a>([\s\S]*?)<\/a>/g, '$1')
    .replace(/<p>(?:\s|<br \/>)*<\/p>/g, '');
}

/** What a comment's text is stored as: newlines unified, invisible control characters removed. */
export function normaliseText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .trim();
}

/** Counts the links a rendered comment carries. */
export function linkCount(html: string): number {
  return (html.match(/<a\s/g) ?? []).length;
}

// The tags readers may write, in their escaped form: <b> <strong> <i> <em> (and their ends), <br>,
// <p>, </p>, and <a href="…"> with a web or mail address in double or single quotes (the address
// is still escaped), and </a>.
const WRITTEN_TAG =
  /&lt;(?:(\/?)(b|strong|i|em)|(br)\s*\/?|(\/?p)|a\s+href\s*=\s*(&quot;|&#39;)((?:https?:\/\/|mailto:)(?:(?!&quot;|&#39;|&lt;|&gt;)\S)+)\5|(\/a))\s*&gt;/gi;

/**
 * Turns the escaped forms of the tags readers may write back into tags. An end tag becomes a tag
 * only when its start is open, so a stray "</b>" stays visible text like any other.
 */
function allowWrittenTags(escaped: string): string {
  const open: string[] = [];
  return escaped.replace(
    WRITTEN_TAG,
    (
      whole,
      slash?: string,
      simple?: string,
      br?: string,
      p?: string,
      _q?: string,
      href?: string,
      endA?: string,
    ) => {
      if (br) return '\n';
      if (p) return '\n\n';
      const tag = simple ? simple.toLowerCase() : 'a';
      const closing = simple ? slash === '/' : Boolean(endA);
      if (!closing) {
        open.push(tag);
        return simple ? `<${tag}>` : `<a href="${href}">`;
      }
      const at = open.lastIndexOf(tag);
      if (at < 0) return whole;
      open.length = at;
      return `</${tag}>`;
    },
  );
}

const UNESCAPES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
};

/** Links the web and mail addresses in the text between tags (never inside a reader's own link). */
function linkifyText(html: string): string {
  let insideLink = 0;
  return html
    .split(/(<[^>]*>)/)
    .map((part) => {
      if (part.startsWith('<')) {
        if (/^<a\s/i.test(part)) insideLink++;
        else if (/^<\/a>/i.test(part)) insideLink = Math.max(0, insideLink - 1);
        return part;
      }
      if (insideLink > 0 || part === '') return part;
      const text = part.replace(/&(?:amp|lt|gt|quot|#39);/g, (e) => UNESCAPES[e]!);
      const matches = linkify.match(text);
      if (!matches) return part;
      let out = '';
      let at = 0;
      for (const m of matches) {
        // linkify-it lets quotes and angle brackets into an address ("http://x">…): end it there.
        const cut = m.text.search(/["<>]/);
        const shown = cut > 0 ? m.text.slice(0, cut) : m.text;
        const url = m.url.slice(0, m.url.length - (m.text.length - shown.length));
        out += escapeHtml(text.slice(at, m.index));
        out += `<a href="${escapeHtml(url)}">${escapeHtml(shown)}</a>`;
        at = m.index + shown.length;
      }
      return out + escapeHtml(text.slice(at));
    })
    .join('');
}
