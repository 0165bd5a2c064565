// Editor's notes live inside the stored body as semantic markup, so every renderer (pages, feeds,
// exports) can tell the editor's words from the quoted source:
//   a whole-paragraph note  → <aside class="editor-note"><p>…</p></aside>
//   a note inside a paragraph → <span class="editor-note">…</span>
import { escapeHtml } from '../lib/html.ts';

const UNSPACED_SCRIPT = /[\p{Script=Khmer}\p{Script=Thai}\p{Script=Lao}\p{Script=Myanmar}\p{Script=Han}]/u;

/**
 * The one rule for brackets, for pasted text and the Markdown editor alike: they hold an
 * editor's note when their content reads as prose — three words inside a paragraph, two for a
 * whole paragraph in brackets (which only an editor writes), or, in scripts written without
 * spaces between words (Khmer, Thai...), 15 letters. Shorter brackets are the quoted text's own
 * apparatus and stay as written: citations "[1]", "[sic]", elisions "[...]", clarifications
 * inside quotes "[Hun Sen]".
 */
export function isNoteText(content: string, where: 'inline' | 'paragraph'): boolean {
  const words = content.split(/[\s\u200b]+/).filter((w) => /[\p{L}\p{N}]/u.test(w));
  if (words.length >= (where === 'inline' ? 3 : 2)) return true;
  const letters = content.match(/[\p{L}\p{M}]/gu)?.length ?? 0;
  return UNSPACED_SCRIPT.test(content) && letters >= 15;
}

export function blockNoteHtml(innerHtml: string): string {
  return `<aside class="editor-note"><p>${innerHtml}</p></aside>`;
}

export function inlineNoteHtml(innerHtml: string): string {
  return `<span class="editor-note">${innerHtml}</span>`;
}

/** A paragraph of plain text with note spans (offsets into the text) as HTML. */
export function paragraphHtml(text: string, spans: { start: number; end: number }[] = []): string {
  let html = '';
  let at = 0;
  for (const span of [...spans].sort((a, b) => a.start - b.start)) {
    html += escapeHtml(text.slice(at, span.start));
    html += inlineNoteHtml(escapeHtml(text.slice(span.start, span.end)));
    at = span.end;
  }
  return `<p>${html}${escapeHtml(text.slice(at))}</p>`;
}

/** The texts of the notes in a stored body, in order. */
export function notesIn(bodyHtml: string): string[] {
  const notes: string[] = [];
  const re = /<(aside|span) class="editor-note">([\s\S]*?)<\/\1>/g;
  for (let m = re.exec(bodyHtml); m; m = re.exec(bodyHtml)) {
    notes.push(m[2]!.replace(/<[^>]*>/g, '').trim());
  }
  return notes;
}

/** The body without the editor's notes: the quoted source alone (excerpts, plain text). */
export function withoutNotes(bodyHtml: string): string {
  return bodyHtml.replace(/<(aside|span) class="editor-note">[\s\S]*?<\/\1>/g, '');
}
