// Reads an article pasted as text, or a blog page saved as text, into its parts. A saved Blogger
// page reads, one item a line: blog title, date header, post title, image caption (with credit),
// the original title repeated, the byline, the body, then "N comments:" and the comments. Pasted
// text loses blank lines, so every line is a paragraph and nothing relies on blank lines. Each part
// is recognised by position and shape (dates, separators, punctuation, length), never by words of
// a particular page, and each may be missing: plain article text with a title works too.

import { isNoteText } from '../posts/notes.ts';
import { type Byline, isUrl, parseByline, splitCaptionCredit } from './pasted-text-byline.ts';
import { parseDateHeader, parseDateTime } from './pasted-text-dates.ts';

export interface PastedComment {
  author: string;
  body: string;
  date: string | null;
}
export interface PastedClipping {
  blogTitle: string | null;
  /** ISO 8601 date (YYYY-MM-DD) of the blog page's date header. */
  date: string | null;
  title: string | null;
  image: { caption: string | null; credit: string | null } | null;
  source: {
    title: string | null;
    authors: string[];
    outlet: string | null;
    date: string | null;
    url: string | null;
  };
  /** Texts of the editor's notes, without brackets, in order. */
  notes: string[];
  paragraphs: PastedParagraph[];
  /** Dates are ISO 8601: a date-time (2017-08-01T14:05:00) when the timestamp has a time. */
  comments: PastedComment[];
}
export type PastedParagraph =
  | { kind: 'text'; text: string; spans: NoteSpan[] }
  | { kind: 'note'; text: string };
/** An editor's note inside a text paragraph: offsets (JS string indices) of its content in `text`. */
export interface NoteSpan {
  start: number;
  end: number;
}
/** What `gloss import text FILE --json` prints: paragraphs as strings, notes back in brackets. */
export interface PastedClippingJson extends Omit<PastedClipping, 'paragraphs'> {
  paragraphs: string[];
}

// Blank-ish characters trimmed at line ends. Zero-width spaces separate Khmer words, so inside a
// line they stay; only at its ends are they noise.
const LINE_EDGES = /^[\s\u200b-\u200d\u2060]+|[\s\u200b-\u200d\u2060]+$/g;
const COMMENT_HEADER = /^(?:no|\d+) comments?\s*:?$/i;
const POST_A_COMMENT = /^post a comment$/i;
// Blogger's chrome around a post: navigation, feed link, post footer, share buttons.
const PAGE_CHROME =
  /^(?:post a comment|newer posts?|older posts?|home|subscribe to:.*|powered by blogger\.?|labels?:.*|reactions:.*|email this.*|share to \w+.*|posted by .{1,80} at \d{1,2}:\d{2}.*)$/i;
const COMMENT_CHROME = /^(?:reply|delete|replies|reply\s*delete|add comment|load more\W*|report abuse)$/i;
const COMMENT_AUTHOR = /^(.+?)\s+said\s*(?:\.\.\.|…|:)$/u;
const SOURCE_URL =
  /^(?:(?:source|original|read more|read the original|read the full story|full story|via|link|ប្រភព)\s*[:៖]?\s*)?((?:https?:\/\/|www\.)\S+)$/iu;
const BRACKETED = /\[([^[\]]*)\]/g;
const WHOLE_BRACKETED = /^\[([^[\]]+)\]$/;
/** How far after the title a byline may be: caption lines and the repeated title come between. */
const FRONT_MATTER_LINES = 4;

export function parsePastedText(input: string): PastedClipping {
  const { page, commentLines, chrome } = splitComments(toLines(input));
  const head = parseHead(page, chrome);
  let at = head.next;
  const title = at < page.length && looksLikeTitle(page[at]!) && !parseByline(page[at]!) ? page[at++]! : null;
  const front = parseFrontMatter(page, at, title);
  const body = page.slice(front.next);
  let url = front.byline.url;
  // A URL line closing the body ("Read more: …") is the source too, unless the byline gave one.
  for (let m = SOURCE_URL.exec(body.at(-1) ?? ''); m; m = SOURCE_URL.exec(body.at(-1) ?? '')) {
    body.pop();
    url ??= m[1]!;
  }
  const paragraphs = parseParagraphs(body);
  return {
    blogTitle: head.blogTitle,
    date: head.date,
    title,
    image: front.image,
    source: {
      title: front.sourceTitle,
      authors: front.byline.authors,
      outlet: front.byline.outlet,
      date: front.byline.date,
      url,
    },
    notes: paragraphs.flatMap(notesOf),
    paragraphs,
    comments: parseComments(commentLines),
  };
}

export function toJsonShape(c: PastedClipping): PastedClippingJson {
  return { ...c, paragraphs: c.paragraphs.map(paragraphAsText) };
}

/** A paragraph as it was written: note paragraphs and inline notes back in their brackets. */
function paragraphAsText(p: PastedParagraph): string {
  if (p.kind === 'note') return `[${p.text}]`;
  let text = '';
  let at = 0;
  for (const span of p.spans) {
    text += `${p.text.slice(at, span.start)}[${p.text.slice(span.start, span.end)}]`;
    at = span.end;
  }
  return text + p.text.slice(at);
}

/** Non-blank lines, with line endings, runs of spaces and line ends normalised. */
function toLines(input: string): string[] {
  return input
    .split(/\r\n|[\r\n\u2028\u2029]/)
    .map((line) => line.replace(/[ \t\f\v]+/g, ' ').replace(LINE_EDGES, ''))
    .filter((line) => line !== '');
}

/** The page up to its comment section (chrome dropped), and the comment section's lines. */
function splitComments(lines: string[]): { page: string[]; commentLines: string[]; chrome: boolean } {
  let end = lines.findIndex((line) => COMMENT_HEADER.test(line));
  const commentLines = end < 0 ? [] : lines.slice(end + 1);
  if (end < 0) end = lines.findIndex((line) => POST_A_COMMENT.test(line));
  const page = lines.slice(0, end < 0 ? lines.length : end);
  let chrome = end >= 0;
  while (page.length > 0 && PAGE_CHROME.test(page.at(-1)!)) {
    page.pop();
    chrome = true;
  }
  return { page, commentLines, chrome };
}

/**
 * A saved page opens with its date header, or with the blog title and then the date header. "Title,
 * date, short line" may also be an article with its dateline, so reading the first line as the blog
 * title takes a sign of a blog page: Blogger's chrome (comment section, footer) or front matter
 * (a byline or the repeated title) after the post title.
 */
function parseHead(
  lines: string[],
  chrome: boolean,
): { blogTitle: string | null; date: string | null; next: number } {
  const first = lines[0] === undefined ? null : parseDateHeader(lines[0]);
  if (first) return { blogTitle: null, date: first, next: 1 };
  const second = lines.length >= 3 ? parseDateHeader(lines[1]!) : null;
  const postTitle = lines[2] ?? '';
  if (!second || !looksLikeTitle(lines[0]!) || !looksLikeTitle(postTitle) || parseByline(postTitle)) {
    return { blogTitle: null, date: null, next: 0 };
  }
  const front = lines.slice(3, 4 + FRONT_MATTER_LINES);
  const blogPage = chrome || front.some((line) => sameTitle(line, postTitle) || parseByline(line));
  return blogPage
    ? { blogTitle: lines[0]!, date: second, next: 2 }
    : { blogTitle: null, date: null, next: 0 };
}

/** Short, and not ending as a sentence or a clause does. */
function looksLikeTitle(line: string): boolean {
  return line.length <= 200 && !/[.,:;។]$/u.test(line) && !isUrl(line) && !isWholeNote(line);
}

/** Titles compare without case, spacing, zero-width spaces or quote style. */
function sameTitle(a: string, b: string): boolean {
  const key = (s: string) =>
    s
      .normalize('NFC')
      .replace(/[\u200b-\u200d\u2060]/g, '')
      .replace(/[‘’‛`]/g, "'")
      .replace(/[“”„]/g, '"')
      .replace(/\s+/g, ' ')
      .toLowerCase();
  return key(a) === key(b);
}

interface FrontMatter {
  image: PastedClipping['image'];
  sourceTitle: string | null;
  byline: Byline;
  next: number;
}

/**
 * What comes between the post title and the body: caption lines, the repeated original title and
 * the byline, with a URL line after it. The repeated title is the line equal to the post title, else
 * the title-like line just before the byline when a caption precedes it (or when it has no credit).
 */
function parseFrontMatter(lines: string[], from: number, title: string | null): FrontMatter {
  const byline: Byline = { authors: [], outlet: null, date: null, url: null };
  // Without a title only a byline on the first line counts: further down are paragraphs.
  const reach = title === null ? 1 : FRONT_MATTER_LINES + 1;
  let found = -1;
  for (let i = from; i < Math.min(lines.length, from + reach) && found < 0; i++) {
    if (!isWholeNote(lines[i]!) && parseByline(lines[i]!)) found = i;
  }
  let next = from;
  let zone: string[] = [];
  if (found >= 0) {
    zone = lines.slice(from, found);
    next = found;
    // A dateline and a byline, or a byline and a URL, are read as one attribution.
    for (let b = parseByline(lines[next]!); b && next < lines.length; b = parseByline(lines[next] ?? '')) {
      mergeByline(byline, b);
      next++;
    }
  } else if (title !== null) {
    const repeat = lines.slice(from, from + 3).findIndex((line) => sameTitle(line, title));
    const nbspCredit =
      from < lines.length && splitCaptionCredit(lines[from]!).credit && /\u00a0/.test(lines[from]!);
    zone = lines.slice(from, repeat >= 0 ? from + repeat + 1 : nbspCredit ? from + 1 : from);
    next = from + zone.length;
  }
  for (; next < lines.length && SOURCE_URL.test(lines[next]!); next++) {
    byline.url ??= SOURCE_URL.exec(lines[next]!)![1]!;
  }
  const captionLines = zone.filter((line) => {
    const url = SOURCE_URL.exec(line)?.[1];
    if (url) byline.url ??= url;
    return !url;
  });
  const sourceTitle = takeSourceTitle(captionLines, title, found >= 0);
  const image = captionLines.length > 0 ? splitCaptionCredit(captionLines.join(' ')) : null;
  return { image, sourceTitle, byline, next };
}

function mergeByline(into: Byline, b: Byline): void {
  if (into.authors.length === 0) into.authors = b.authors;
  into.outlet ??= b.outlet;
  into.date ??= b.date;
  into.url ??= b.url;
}

/** Removes the repeated original title from the caption lines and returns it. */
function takeSourceTitle(lines: string[], title: string | null, beforeByline: boolean): string | null {
  const same = title === null ? -1 : lines.findIndex((line) => sameTitle(line, title));
  if (same >= 0) return lines.splice(same, 1)[0]!;
  const last = lines.at(-1);
  if (!beforeByline || last === undefined || !looksLikeTitle(last)) return null;
  if (lines.length >= 2 || !splitCaptionCredit(last).credit) return lines.pop()!;
  return null;
}

function isWholeNote(line: string): boolean {
  const m = WHOLE_BRACKETED.exec(line);
  return m !== null && isNoteText(m[1]!.trim(), 'paragraph');
}

/** Each line is a paragraph: a note when wholly bracketed, else text with its inline notes. */
function parseParagraphs(lines: string[]): PastedParagraph[] {
  const paragraphs: PastedParagraph[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const noteEnd = multiLineNoteEnd(lines, i);
    if (isWholeNote(line)) {
      paragraphs.push({ kind: 'note', text: line.slice(1, -1).trim() });
    } else if (noteEnd > i) {
      // A note of several paragraphs: "[first" … "last]", each line a note paragraph.
      const texts = lines.slice(i, noteEnd + 1);
      texts[0] = texts[0]!.slice(1);
      texts[texts.length - 1] = texts.at(-1)!.slice(0, -1);
      for (const text of texts) if (text.trim()) paragraphs.push({ kind: 'note', text: text.trim() });
      i = noteEnd;
    } else {
      paragraphs.push({ kind: 'text', ...splitInlineNotes(line) });
    }
  }
  return paragraphs;
}

/** The index of the line closing a bracket opened at the start of line `i`, else -1. */
function multiLineNoteEnd(lines: string[], i: number): number {
  if (!/^\[[^[\]]*$/.test(lines[i]!)) return -1;
  for (let j = i + 1; j < Math.min(lines.length, i + 10); j++) {
    if (/^[^[\]]*\]$/.test(lines[j]!)) {
      return isNoteText(lines.slice(i, j + 1).join(' '), 'paragraph') ? j : -1;
    }
    if (/[[\]]/.test(lines[j]!)) return -1;
  }
  return -1;
}

/** Brackets that hold notes are removed from the text and their content marked by a span. */
function splitInlineNotes(line: string): { text: string; spans: NoteSpan[] } {
  let text = '';
  let at = 0;
  const spans: NoteSpan[] = [];
  for (const m of line.matchAll(BRACKETED)) {
    const content = m[1]!.trim();
    if (!isNoteText(content, 'inline')) continue;
    text += line.slice(at, m.index);
    spans.push({ start: text.length, end: text.length + content.length });
    text += content;
    at = m.index + m[0].length;
  }
  return { text: text + line.slice(at), spans };
}

function notesOf(p: PastedParagraph): string[] {
  return p.kind === 'note' ? [p.text] : p.spans.map((s) => p.text.slice(s.start, s.end));
}

/**
 * Comment blocks: "NAME said..." opens one; the first timestamp line in it is its date; the other
 * lines are its body; "Reply"/"Delete" buttons are dropped; "Post a Comment" ends the section.
 */
function parseComments(lines: string[]): PastedComment[] {
  const comments: { author: string; body: string[]; date: string | null }[] = [];
  for (const line of lines) {
    if (POST_A_COMMENT.test(line)) break;
    const said = COMMENT_AUTHOR.exec(line);
    const current = comments.at(-1);
    if (said) comments.push({ author: said[1]!, body: [], date: null });
    else if (!current || COMMENT_CHROME.test(line) || PAGE_CHROME.test(line)) continue;
    else if (current.date === null && parseDateTime(line)) current.date = parseDateTime(line);
    else current.body.push(line);
  }
  return comments.map(({ author, body, date }) => ({ author, body: body.join('\n'), date }));
}
