// What a reader types into the search box, read forgivingly: words, "quoted phrases" and
// -exclusions. Nothing a reader types reaches a database as syntax, and nothing is a syntax error:
// stray quotes, dashes and brackets are just punctuation.
import { tokens, unspacedPieces } from './segment.ts';

/** One condition a post must meet: every one of its atoms found. */
export type Atom =
  /** Words in this order, side by side (a single word is a phrase of one). */
  | { kind: 'words'; words: string[] }
  /** Unspaced-script text found as a substring; `words` is how the segmenter cuts it (for ranking). */
  | { kind: 'grams'; text: string; words: string[] };

export interface Clause {
  /** What the reader typed for this clause, for showing back. */
  text: string;
  negated: boolean;
  phrase: boolean;
  atoms: Atom[];
}

export interface ParsedQuery {
  /** Posts must meet every one of these... */
  include: Clause[];
  /** ...and none of these. */
  exclude: Clause[];
}

/** Longer queries are cut: nobody types them, and each clause costs an index lookup. */
export const MAX_QUERY_LENGTH = 256;
export const MAX_CLAUSES = 12;

const OPEN_QUOTES = '"“”„«»「『';
const CLOSE_FOR: Record<string, string> = { '“': '”', '„': '“', '«': '»', '「': '」', '『': '』' };
const DASHES = '-−–';

export function parseQuery(input: string): ParsedQuery {
  const text = input.slice(0, MAX_QUERY_LENGTH);
  const include: Clause[] = [];
  const exclude: Clause[] = [];
  const seen = new Set<string>();
  let i = 0;
  while (i < text.length && include.length + exclude.length < MAX_CLAUSES) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (i >= text.length) break;
    let negated = false;
    if (DASHES.includes(text[i]!) && i + 1 < text.length && !/\s/.test(text[i + 1]!)) {
      negated = true;
      i++;
    }
    let raw: string;
    let phrase = false;
    const quote = text[i]!;
    if (OPEN_QUOTES.includes(quote)) {
      const close = CLOSE_FOR[quote];
      let end = i + 1;
      while (end < text.length && text[end] !== '"' && text[end] !== close && text[end] !== '”') end++;
      raw = text.slice(i + 1, end);
      phrase = true;
      i = end + 1;
    } else {
      let end = i;
      while (end < text.length && !/\s/.test(text[end]!)) end++;
      raw = text.slice(i, end);
      i = end;
    }
    const atoms = atomsOf(raw);
    if (atoms.length === 0) continue;
    const key = `${negated ? '-' : '+'}${JSON.stringify(atoms)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    (negated ? exclude : include).push({ text: raw.trim(), negated, phrase, atoms });
  }
  return { include, exclude };
}

/** Whether the query asks for anything at all (exclusions alone match nothing). */
export function isEmptyQuery(query: ParsedQuery): boolean {
  return query.include.length === 0;
}

/**
 * A clause's text as atoms: each stretch of unspaced script is one substring atom, and the spaced
 * words around them are phrases ("ASEAN កិច្ចប្រជុំ" → words [asean] and grams កិច្ចប្រជុំ).
 */
export function atomsOf(text: string): Atom[] {
  const atoms: Atom[] = [];
  let at = 0;
  const spaced = (slice: string) => {
    const words = tokens(slice).map((t) => t.word);
    if (words.length > 0) atoms.push({ kind: 'words', words });
  };
  for (const piece of unspacedPieces(text)) {
    spaced(text.slice(at, piece.start));
    atoms.push({ kind: 'grams', text: piece.text, words: tokens(piece.text).map((t) => t.word) });
    at = piece.end;
  }
  spaced(text.slice(at));
  return atoms;
}

/** Every atom a post must contain, for highlighting and ranking. */
export function positiveAtoms(query: ParsedQuery): Atom[] {
  return query.include.flatMap((c) => c.atoms);
}

/** The query written back in its canonical form (for page titles and links). */
export function formatQuery(query: ParsedQuery): string {
  const show = (c: Clause) => `${c.negated ? '-' : ''}${c.phrase ? `"${c.text}"` : c.text}`;
  return [...query.include, ...query.exclude].map(show).join(' ');
}
