// Editor's notes live inside the stored body as semantic markup, so every renderer (pages, feeds,
// exports) can tell the editor's words from the quoted source:
//   a whole-paragraph note  → <aside class="editor-note"><p>…</p></aside>
//   a note inside a paragraph → <span class="editor-note">…</span>
import { escapeHtml } from '../lib/html.ts';

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
