// Turning text into what the search index stores, the same way for posts and for queries:
// - words: lower-case runs of letters, digits and marks, diacritics of Latin, Greek and Cyrillic
//   letters removed. Scripts written without spaces between words (Khmer, Thai, Lao, Burmese,
//   Chinese, Japanese) are cut into words by Intl.Segmenter (ICU's dictionaries); spaced scripts
//   by a plain regular expression, which gives the same cuts 50 times faster.
// - grams: the runs of those unspaced scripts with spaces and zero-width spaces taken out, so a
//   word is found as a substring even where the segmenter fused it with its neighbour.
// Both databases receive these finished tokens, so SQLite and PostgreSQL index the same words.

const segmenter = new Intl.Segmenter('km', { granularity: 'word' });

/** Letters of the scripts written without spaces between words (and the Japanese length mark). */
const UNSPACED =
  '\\p{sc=Khmer}\\p{sc=Thai}\\p{sc=Lao}\\p{sc=Myanmar}\\p{sc=Han}\\p{sc=Hiragana}\\p{sc=Katakana}\\u30fc';
const HIDDEN = '\\u00ad\\u200c\\u200d\\u2060\\ufeff\\ue000-\\ue002';
/** A run of letters, digits, marks (and private-use characters, kept as FTS5 keeps them). */
const TOKEN_RUN = new RegExp(`[\\p{L}\\p{N}\\p{M}\\p{Co}${HIDDEN}]+`, 'gu');
/** A letter, digit or mark of an unspaced script (their punctuation, such as Khmer's ។, is not). */
const UNSPACED_LETTER_SRC = `(?:(?=[\\p{L}\\p{N}\\p{M}])[${UNSPACED}])`;
const UNSPACED_CHAR = new RegExp(UNSPACED_LETTER_SRC, 'u');
const UNSPACED_RUN = new RegExp(`(?:${UNSPACED_LETTER_SRC}[\\p{M}${HIDDEN}]*)+`, 'gu');
/** Unspaced-script text together with the spaces and zero-width spaces between its words. */
const UNSPACED_STRETCH = new RegExp(
  `${UNSPACED_LETTER_SRC}(?:(?:${UNSPACED_LETTER_SRC}|[\\p{M}\\s\\u200b${HIDDEN}])*(?:${UNSPACED_LETTER_SRC}|\\p{M}))?`,
  'gu',
);
/** Characters that join or hide inside words and mean nothing to a search (and the filter mark). */
const IGNORABLE = new RegExp(`[${HIDDEN}]`, 'g');
const IGNORABLE_CHAR = new RegExp(`[${HIDDEN}]`);
const UNSPACED_LETTER = new RegExp(`${UNSPACED_LETTER_SRC}|\\p{M}`, 'u');
const NOT_TOKEN = /[^\p{L}\p{N}\p{M}\p{Co}]+/u;
const ASCII = /^[\x00-\x7f]*$/;
/** Non-ASCII characters with the ASCII letters and digits around them: words needing the full path. */
const NON_ASCII_WORDS = /[a-z0-9]*[^\x00-\x7f](?:[a-z0-9]*[^\x00-\x7f])*[a-z0-9]*/gi;
/** Non-ASCII text and the spaces inside it: where unspaced-script stretches can be. */
const NON_ASCII_REGIONS = /[^\x00-\x7f](?:\s*[^\x00-\x7f])*/g;
/** Private-use characters starting the index's own words, which no query can contain. */
export const FILTER_MARK = '\ue000';
export const SHORT_MARK = '\ue002';

export interface Token {
  /** The normalised word as stored in the index. */
  word: string;
  /** Where it came from in the original text (UTF-16 offsets). */
  start: number;
  end: number;
}

export function isAscii(text: string): boolean {
  return ASCII.test(text);
}

/** Lower case, compatibility forms folded, Latin/Greek/Cyrillic diacritics removed. */
export function normaliseWord(word: string): string {
  if (ASCII.test(word)) return word.toLowerCase();
  return word
    .replace(IGNORABLE, '')
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .normalize('NFKC');
}

/** The words of a text, with their places in it. */
export function tokens(text: string): Token[] {
  const out: Token[] = [];
  TOKEN_RUN.lastIndex = 0;
  for (let m = TOKEN_RUN.exec(text); m; m = TOKEN_RUN.exec(text)) {
    const run = m[0];
    if (ASCII.test(run)) {
      out.push({ word: run.toLowerCase(), start: m.index, end: m.index + run.length });
      continue;
    }
    splitRun(run, m.index, out);
  }
  return out;
}

/** The words of a text joined by spaces: what the word index stores. */
export function wordsOf(text: string): string {
  if (ASCII.test(text)) return (text.toLowerCase().match(/[a-z0-9]+/g) ?? []).join(' ');
  // Most text is ASCII with a few other letters: only the words holding those need the slow path.
  const words: string[] = [];
  const out: Token[] = [];
  let at = 0;
  const ascii = (slice: string) => {
    for (const w of slice.toLowerCase().match(/[a-z0-9]+/g) ?? []) words.push(w);
  };
  NON_ASCII_WORDS.lastIndex = 0;
  for (let m = NON_ASCII_WORDS.exec(text); m; m = NON_ASCII_WORDS.exec(text)) {
    ascii(text.slice(at, m.index));
    at = m.index + m[0].length;
    out.length = 0;
    TOKEN_RUN.lastIndex = 0;
    const stretch = m[0];
    for (let r = TOKEN_RUN.exec(stretch); r; r = TOKEN_RUN.exec(stretch)) {
      if (ASCII.test(r[0])) out.push({ word: r[0].toLowerCase(), start: 0, end: 0 });
      else splitRun(r[0], 0, out);
    }
    for (const t of out) words.push(t.word);
  }
  ascii(text.slice(at));
  return words.join(' ');
}

/** The unspaced-script stretches of a text, spaces and zero-width spaces removed, one per line. */
export function gramsOf(text: string): string {
  if (!UNSPACED_CHAR.test(text)) return '';
  const pieces = unspacedPieces(text);
  return pieces.map((p) => p.text).join('\n');
}

/**
 * Every one- and two-letter substring of the unspaced text (from gramsOf), as words: trigrams
 * cannot find them, and Khmer and Chinese have common words that short (ថៃ, នៅ, 水).
 */
export function shinglesOf(grams: string): string[] {
  const found = new Set<string>();
  for (const piece of grams.split('\n')) {
    const chars = Array.from(piece);
    for (let i = 0; i < chars.length; i++) {
      found.add(SHORT_MARK + chars[i]!);
      if (i + 1 < chars.length) found.add(SHORT_MARK + chars[i]! + chars[i + 1]!);
    }
  }
  return [...found];
}

export interface Piece {
  /** Normalised, with spaces and zero-width spaces removed. */
  text: string;
  start: number;
  end: number;
  /** Offsets into the original text of each UTF-16 unit of `text`, for highlighting. */
  map: number[];
}

/** Stretches of unspaced-script letters, split at punctuation, with the spaces between words removed. */
export function unspacedPieces(text: string): Piece[] {
  const pieces: Piece[] = [];
  NON_ASCII_REGIONS.lastIndex = 0;
  for (let region = NON_ASCII_REGIONS.exec(text); region; region = NON_ASCII_REGIONS.exec(text)) {
    if (UNSPACED_CHAR.test(region[0])) stretchPieces(region[0], region.index, pieces);
  }
  return pieces;
}

function stretchPieces(text: string, offset: number, pieces: Piece[]): void {
  UNSPACED_STRETCH.lastIndex = 0;
  for (let m = UNSPACED_STRETCH.exec(text); m; m = UNSPACED_STRETCH.exec(text)) {
    let chars = '';
    let map: number[] = [];
    let end = -1;
    const flush = () => {
      if (chars) {
        const normal = chars.toLowerCase().normalize('NFKC');
        // NFKC rarely changes the length here; when it does, offsets stay approximate but in range.
        const fitted =
          normal.length === chars.length
            ? map
            : Array.from(normal, (_, i) => map[Math.min(i, map.length - 1)]!);
        pieces.push({ text: normal, start: map[0]!, end, map: fitted });
      }
      chars = '';
      map = [];
    };
    let at = offset + m.index;
    for (const ch of m[0]) {
      if (ch === '\u200b' || IGNORABLE_CHAR.test(ch) || /\s/.test(ch)) {
        // spaces and zero-width spaces between words are dropped
      } else if (UNSPACED_LETTER.test(ch)) {
        chars += ch;
        for (let k = 0; k < ch.length; k++) map.push(at + k);
        end = at + ch.length;
      } else {
        flush();
      }
      at += ch.length;
    }
    flush();
  }
}

function splitRun(run: string, offset: number, out: Token[]): void {
  if (!UNSPACED_CHAR.test(run)) {
    pushNormalised(run, offset, offset + run.length, out);
    return;
  }
  let at = 0;
  UNSPACED_RUN.lastIndex = 0;
  for (let m = UNSPACED_RUN.exec(run); m; m = UNSPACED_RUN.exec(run)) {
    if (m.index > at) pushNormalised(run.slice(at, m.index), offset + at, offset + m.index, out);
    for (const s of segmenter.segment(m[0])) {
      const start = offset + m.index + s.index;
      pushNormalised(s.segment, start, start + s.segment.length, out);
    }
    at = m.index + m[0].length;
  }
  if (at < run.length) pushNormalised(run.slice(at), offset + at, offset + run.length, out);
}

function pushNormalised(raw: string, start: number, end: number, out: Token[]): void {
  const word = normaliseWord(raw);
  // Normalising can bring in separators (½ → 1⁄2): cut again, as the index would.
  for (const part of word.split(NOT_TOKEN)) {
    if (part) out.push({ word: part, start, end });
  }
}
