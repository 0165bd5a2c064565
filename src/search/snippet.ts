// Highlighted snippets: where the query's words and substrings occur in a post's text, and the
// stretch of text that shows most of them. Views render the parts with <mark>, escaping the text.
import type { Atom } from './query.ts';
import { isAscii, tokens, unspacedPieces } from './segment.ts';

export interface Part {
  text: string;
  mark?: boolean;
}

interface Range {
  start: number;
  end: number;
}

const WORD_CHAR = '[\\p{L}\\p{N}\\p{M}\\p{Co}]';
const NOT_WORD_CHAR = '[^\\p{L}\\p{N}\\p{M}\\p{Co}]';
const folds = new Map<string, string>();

/**
 * The text lower-cased with Latin, Greek and Cyrillic letters stripped of their accents, one code
 * unit for one code unit (undefined in the rare case lower-casing changes the length).
 */
function fold(text: string): string | undefined {
  const lower = text.toLowerCase();
  if (lower.length !== text.length) return undefined;
  if (isAscii(lower)) return lower;
  return lower.replace(/[^\x00-\x7f]/g, (ch) => {
    let f = folds.get(ch);
    if (f === undefined) {
      f = ch.normalize('NFD')[0] ?? ch;
      if (f.length !== 1) f = ch;
      folds.set(ch, f);
    }
    return f;
  });
}

/** Where the atoms occur in the text, as sorted, non-overlapping ranges. */
export function matchRanges(text: string, atoms: Atom[]): Range[] {
  const ranges: Range[] = [];
  const phrases = atoms.filter((a) => a.kind === 'words');
  if (phrases.length > 0) {
    const folded = fold(text);
    if (folded !== undefined) {
      // Same length as the text, so a regular expression's offsets are the text's offsets.
      for (const atom of phrases) {
        const words = atom.words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
        const re = new RegExp(`(?<!${WORD_CHAR})${words.join(`${NOT_WORD_CHAR}+`)}(?!${WORD_CHAR})`, 'gu');
        for (const m of folded.matchAll(re)) ranges.push({ start: m.index, end: m.index + m[0].length });
      }
    } else {
      const toks = tokens(text);
      for (const atom of phrases) {
        const n = atom.words.length;
        for (let i = 0; i + n <= toks.length; i++) {
          let k = 0;
          while (k < n && toks[i + k]!.word === atom.words[k]) k++;
          if (k === n) ranges.push({ start: toks[i]!.start, end: toks[i + n - 1]!.end });
        }
      }
    }
  }
  const grams = atoms.filter((a) => a.kind === 'grams');
  if (grams.length > 0) {
    for (const piece of unspacedPieces(text)) {
      for (const atom of grams) {
        for (let at = piece.text.indexOf(atom.text); at >= 0; at = piece.text.indexOf(atom.text, at + 1)) {
          const last = at + atom.text.length - 1;
          ranges.push({ start: piece.map[at]!, end: piece.map[last]! + 1 });
        }
      }
    }
  }
  return merge(ranges);
}

/** The whole text, its matches marked (for titles). */
export function highlight(text: string, atoms: Atom[]): Part[] {
  return parts(text, matchRanges(text, atoms), 0, text.length);
}

/** About `max` characters around the best cluster of matches, marked, with … where cut. */
export function snippet(text: string, atoms: Atom[], max = 280): Part[] {
  const flat = text.replace(/\s+/g, ' ').trim();
  const ranges = matchRanges(flat, atoms);
  if (flat.length <= max) return parts(flat, ranges, 0, flat.length);
  // The window (starting a little before a match) that holds the most matches: two pointers.
  let best = 0;
  let bestCount = -1;
  let j = 0;
  for (let i = 0; i < ranges.length; i++) {
    const from = Math.max(0, ranges[i]!.start - Math.floor(max / 4));
    while (j < ranges.length && ranges[j]!.end <= from + max) j++;
    let first = i;
    while (first > 0 && ranges[first - 1]!.start >= from) first--;
    if (j - first > bestCount) {
      best = from;
      bestCount = j - first;
    }
  }
  let start = best;
  if (start > 0) {
    const space = flat.lastIndexOf(' ', start);
    if (space >= 0 && start - space < 30) start = space + 1;
  }
  let end = Math.min(flat.length, start + max);
  if (end < flat.length) {
    const space = flat.lastIndexOf(' ', end);
    if (space > start + max * 0.6) end = space;
    // never cut a match in two
    const inside = ranges.find((r) => r.start < end && r.end > end);
    if (inside) end = inside.end;
  }
  const out = parts(flat, ranges, start, end);
  if (start > 0) out.unshift({ text: '… ' });
  if (end < flat.length) out.push({ text: ' …' });
  return out;
}

function parts(text: string, ranges: Range[], from: number, to: number): Part[] {
  const out: Part[] = [];
  let at = from;
  for (const r of ranges) {
    if (r.end <= from || r.start >= to) continue;
    const s = Math.max(r.start, from);
    const e = Math.min(r.end, to);
    if (s > at) out.push({ text: text.slice(at, s) });
    out.push({ text: text.slice(s, e), mark: true });
    at = e;
  }
  if (at < to) out.push({ text: text.slice(at, to) });
  return out;
}

function merge(ranges: Range[]): Range[] {
  ranges.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Range[] = [];
  for (const r of ranges) {
    const last = out.at(-1);
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else out.push({ ...r });
  }
  return out;
}
