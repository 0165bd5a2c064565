// What the editor types (Markdown) → the stored post body (HTML). One converter, used by the server
// for saving and for the live preview. Gloss's one addition to Markdown is the editor's note:
//   a paragraph wrapped in [square brackets]        → <aside class="editor-note"><p>…</p></aside>
//   a [bracketed span] inside a paragraph            → <span class="editor-note">…</span>
//   by the same rule as pasted text (posts/notes.ts isNoteText): "[sic]" and "[1]" stay text
//   \[ and \] keep literal brackets; [text](url) and [text][ref] stay links, as does [ref] when
//   a reference definition "[ref]: url" exists.
// Headings start at <h2>: the post's title is the page's one <h1>.
import { Marked, type Token, type TokenizerAndRendererExtension, type Tokens } from 'marked';
import { sanitizePostHtml } from '../lib/sanitize.ts';
import { blockNoteHtml, inlineNoteHtml, isNoteText } from './notes.ts';

interface NoteToken {
  type: 'editorNote';
  raw: string;
  tokens: Token[];
}

// Inside the brackets: escaped characters, anything but brackets, or one level of nested
// brackets (a link such as [the report](https://…) inside a note). Not followed by ( or [.
const CHUNK = String.raw`\\[\s\S]|[^\\\[\]]`;
const NOTE = new RegExp(String.raw`^\[((?:${CHUNK}|\[(?:${CHUNK})*\](?:\([^()\s]*\))?)+)\](?![(\[])`);

const editorNote: TokenizerAndRendererExtension = {
  name: 'editorNote',
  level: 'inline',
  start(src) {
    const i = src.indexOf('[');
    return i < 0 ? undefined : i;
  },
  tokenizer(src) {
    const m = NOTE.exec(src);
    if (!m || !m[1]!.trim()) return undefined;
    const label = m[1]!.toLowerCase().replace(/\s+/g, ' ').trim();
    if (this.lexer.tokens.links[label]) return undefined;
    // Too short even for a whole-paragraph note: "[sic]", "[1]" stay text.
    if (!isNoteText(m[1]!, 'paragraph')) return undefined;
    return { type: 'editorNote', raw: m[0], tokens: this.lexer.inlineTokens(m[1]!) } satisfies NoteToken;
  },
  renderer(token) {
    const inner = this.parser.parseInline((token as unknown as NoteToken).tokens);
    // Inside a paragraph a note needs three words: "[Hun Sen]" stays the quote's own brackets.
    return isNoteText(token.raw.slice(1, -1), 'inline') ? inlineNoteHtml(inner) : `[${inner}]`;
  },
};

const marked = new Marked({
  gfm: true,
  breaks: false,
  extensions: [editorNote],
  renderer: {
    paragraph(token: Tokens.Paragraph) {
      const parts = token.tokens.filter((t) => !(t.type === 'text' && !t.raw.trim()));
      const only = parts.length === 1 ? parts[0] : undefined;
      if (only?.type === 'editorNote') {
        return `${blockNoteHtml(this.parser.parseInline((only as unknown as NoteToken).tokens))}\n`;
      }
      return false;
    },
    heading(token: Tokens.Heading) {
      const level = Math.min(6, token.depth + 1);
      return `<h${level}>${this.parser.parseInline(token.tokens)}</h${level}>\n`;
    },
  },
});

/** The post body for a Markdown source, sanitised like every stored body. */
export function markdownToHtml(source: string): string {
  const html = marked.parse(source.replace(/\r\n?/g, '\n'), { async: false });
  return sanitizePostHtml(html);
}
