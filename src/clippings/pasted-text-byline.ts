// Attribution lines of a pasted article: the byline ("Author / Outlet | 31 July 2017") and the
// credit at the end of an image caption ("… in Tokyo. AFP"). Names may be in any script, so a name
// is recognised by its shape (few words, capitalised where the script has case, no sentence
// punctuation), never by a list of known authors or outlets.
import { parseDateTime } from './pasted-text-dates.ts';

export interface Byline {
  authors: string[];
  outlet: string | null;
  date: string | null;
  url: string | null;
}

const BY = /^(?:by\s*:?|ដោយ\s*[:៖]?)\s+/iu;
const URL_TEXT = /^(?:https?:\/\/|www\.)\S+$/i;
const AUTHOR_SEPARATOR = /\s*[,;&]\s*|\s+(?:and|និង)\s+/u;
// Lower-case words that belong inside personal names ("Ursula von der Leyen").
const NAME_PARTICLES = new Set([
  'al',
  'bin',
  'binti',
  'da',
  'de',
  'del',
  'der',
  'di',
  'la',
  'le',
  'van',
  'von',
]);
// A sentence ends inside the text: punctuation after a word of two letters or more ("Mr. Abe
// smiled"), unlike an initial ("J. Doe").
const SENTENCE_BREAK = /[\p{L}\p{M}]{2}[.!?។]\s/u;

export function isUrl(text: string): boolean {
  return URL_TEXT.test(text);
}

function words(text: string): string[] {
  return text.split(/\s+/).filter(Boolean);
}

function startsLowerCase(word: string): boolean {
  return /^\p{Ll}/u.test(word);
}

function isPersonName(text: string): boolean {
  const ws = words(text);
  return (
    ws.length >= 1 &&
    ws.length <= 5 &&
    text.length <= 50 &&
    /^\p{L}/u.test(text) &&
    !/[\d:;!?"“”()[\]|]/u.test(text) &&
    !SENTENCE_BREAK.test(`${text} `) &&
    ws.every((w) => !startsLowerCase(w) || NAME_PARTICLES.has(w))
  );
}

function isOutletName(text: string): boolean {
  if (/^[\w-]+(?:\.[\w-]+)+$/.test(text)) return true; // a domain: "khmertimeskh.com"
  const ws = words(text);
  return (
    ws.length <= 8 &&
    text.length <= 60 &&
    /^[\p{L}\p{N}]/u.test(text) &&
    !startsLowerCase(text) &&
    !/[:;!?"“”[\]]/u.test(text) &&
    !SENTENCE_BREAK.test(`${text} `)
  );
}

/** "Reuters, 5 March 2018" → the name and the date after its last separator, if that is a date. */
function splitTrailingDate(text: string): { rest: string; date: string } | null {
  for (const m of text.matchAll(/\s*[,–—·]\s*|\s+-\s+/gu)) {
    const date = parseDateTime(text.slice(m.index + m[0].length));
    if (date) return { rest: text.slice(0, m.index), date: date.slice(0, 10) };
  }
  return null;
}

/**
 * A byline: "[By] Authors / Outlet | date", "Authors | Outlet | date", "By Outlet | date",
 * "Outlet, date", a date alone, with an optional URL part. A line counts only with some sign of
 * being one (a leading "By", a "|", a "/" between names, or a date), and every name must look
 * like a name; otherwise null. One name without a slash is the outlet ("By Reuters").
 */
export function parseByline(line: string): Byline | null {
  if (line.length > 200) return null;
  const by = BY.exec(line);
  let parts = line
    .slice(by ? by[0].length : 0)
    .split(/\s*\|\s*/)
    .filter(Boolean);
  const piped = parts.length > 1;
  let date: string | null = null;
  let url: string | null = null;
  for (let last = parts.at(-1); last !== undefined; last = parts.at(-1)) {
    const when: string | null = date ? null : parseDateTime(last);
    if (when) date = when.slice(0, 10);
    else if (!url && isUrl(last)) url = last;
    else break;
    parts.pop();
  }
  if (parts.length === 1 && !date) {
    const split = splitTrailingDate(parts[0]!);
    if (split) {
      parts = [split.rest];
      date = split.date;
    }
  }
  if (parts.length === 0) return date ? { authors: [], outlet: null, date, url } : null;
  if (parts.length > 2) return null;
  const names = namesOf(parts);
  if (!names || !(by || piped || date || names.slashed)) return null;
  if (!names.authors.every(isPersonName) || (names.outlet !== null && !isOutletName(names.outlet)))
    return null;
  return { authors: names.authors, outlet: names.outlet, date, url };
}

function namesOf(parts: string[]): { authors: string[]; outlet: string | null; slashed: boolean } | null {
  const split = (text: string) => text.split(AUTHOR_SEPARATOR).filter(Boolean);
  if (parts.length === 2) return { authors: split(parts[0]!), outlet: parts[1]!, slashed: false };
  const only = parts[0]!;
  const slash = only.lastIndexOf('/');
  if (slash > 0) {
    const outlet = only.slice(slash + 1).trim();
    return outlet ? { authors: split(only.slice(0, slash).trim()), outlet, slashed: true } : null;
  }
  // Several names without an outlet are authors; a single name is the outlet.
  const authors = split(only);
  return authors.length > 1
    ? { authors, outlet: null, slashed: false }
    : { authors: [], outlet: only, slashed: false };
}

// "Photo: John Doe", "Photo by John Doe", "Credit: …", "រូបថត៖ …": the label goes, the name stays.
const CREDIT_LABEL =
  /^(?:(?:file\s+)?photo(?:graph)?s?|pictures?|images?|credits?|courtesy(?:\s+of)?|រូបថត)\s*(?:by\b|[:៖])?\s*/iu;

const SENTENCE_END = /[.!?]\s+|[។៕。．！？๚๛]\s*/gu;
const UNSPACED = /[\p{Script=Khmer}\p{Script=Thai}\p{Script=Lao}\p{Script=Myanmar}\p{Script=Han}]/u;

/** A credit: a short name-like fragment that does not end as a sentence does. */
function creditOf(fragment: string): string | null {
  const text = fragment.trim();
  const label = CREDIT_LABEL.exec(text);
  const name = label?.[0] ? text.slice(label[0].length).trim() : text;
  if (!name || /[.!?។៕。．！？๚๛]$/u.test(name) || startsLowerCase(name) || name.length > 60) return null;
  if (label?.[0]) return words(name).length <= 8 ? name : null;
  // Unlabelled, it must read as a name: up to five words, none of them a lower-case word.
  const ws = words(name);
  const nameLike = ws.every((w) => !startsLowerCase(w) || NAME_PARTICLES.has(w));
  return ws.length <= 5 && nameLike && !SENTENCE_BREAK.test(`${name} `) ? name : null;
}

/**
 * An image caption and its credit. The credit is what follows the caption's last no-break space,
 * a trailing "(Photo: …)", or a short unpunctuated fragment after the caption's last sentence
 * ("… next month in Tokyo. AFP"), when it is short enough to be a name.
 */
export function splitCaptionCredit(text: string): { caption: string | null; credit: string | null } {
  const whole = text.trim();
  const nbsp = whole.lastIndexOf('\u00a0');
  const afterNbsp = nbsp > 0 ? creditOf(whole.slice(nbsp + 1)) : null;
  if (afterNbsp) return { caption: whole.slice(0, nbsp).trim() || null, credit: afterNbsp };
  const paren = /\s*\(([^()]+)\)$/.exec(whole);
  const inParens = paren ? creditOf(paren[1]!) : null;
  if (paren && inParens && paren.index > 0) return { caption: whole.slice(0, paren.index), credit: inParens };
  // The leftmost sentence end whose remainder is a credit, so "… Tokyo. Photo: J. Doe" keeps "J.".
  // Latin stops need a space after them; Khmer, CJK and Thai stops end a sentence with or without.
  for (const m of whole.matchAll(SENTENCE_END)) {
    const before = whole.slice(0, m.index);
    const credit =
      (words(before).length >= 2 || (UNSPACED.test(before) && before.length >= 6)) &&
      creditOf(whole.slice(m.index + m[0].length));
    if (credit) return { caption: whole.slice(0, m.index + 1), credit };
  }
  return { caption: whole || null, credit: null };
}
