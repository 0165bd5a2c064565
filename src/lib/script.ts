// Which language a text's letters belong to, when its script says so on its own: a post written
// in Khmer carries lang="km" so browsers pick Khmer fonts and break lines at Khmer word
// boundaries, and its headings get room for stacked vowels and subscript consonants.

/** Scripts used by essentially one language, so the script alone names it (BCP 47). */
const SCRIPT_LANGUAGES: { script: RegExp; lang: string }[] = [
  { script: /\p{Script=Khmer}/u, lang: 'km' },
  { script: /\p{Script=Thai}/u, lang: 'th' },
  { script: /\p{Script=Lao}/u, lang: 'lo' },
  { script: /\p{Script=Myanmar}/u, lang: 'my' },
  { script: /\p{Script=Sinhala}/u, lang: 'si' },
];

/** Languages whose script stacks marks above and below the line: headings need a taller line. */
export const TALL_SCRIPT_LANGUAGES: readonly string[] = SCRIPT_LANGUAGES.map((s) => s.lang);

const LETTER = /\p{L}/u;
/** Any letter of the scripts above: a text without one (most pages) is answered in one scan. */
const ANY_SCRIPT = /[\p{Script=Khmer}\p{Script=Thai}\p{Script=Lao}\p{Script=Myanmar}\p{Script=Sinhala}]/u;

/**
 * The language of a text whose letters are mostly (more than 40 %) in one of the scripts above —
 * Khmer news keeps Latin names and outlets beside its words, so a plain majority would miss it —
 * or null. Looks at the first 4,000 characters.
 */
export function scriptLanguage(text: string): string | null {
  const head = text.slice(0, 4000);
  if (!ANY_SCRIPT.test(head)) return null;
  const counts = new Map<string, number>();
  let letters = 0;
  for (const ch of head) {
    if (!LETTER.test(ch) && !/\p{M}/u.test(ch)) continue;
    letters++;
    const found = SCRIPT_LANGUAGES.find((s) => s.script.test(ch));
    if (found) counts.set(found.lang, (counts.get(found.lang) ?? 0) + 1);
  }
  let best: string | null = null;
  let bestCount = 0;
  for (const [lang, count] of counts) {
    if (count > bestCount) [best, bestCount] = [lang, count];
  }
  return best && bestCount > letters * 0.4 ? best : null;
}

/** The lang attribute an element showing this text needs inside a page in pageLanguage, if any. */
export function langAttribute(text: string, pageLanguage: string): string | undefined {
  const lang = scriptLanguage(text);
  if (!lang) return undefined;
  return pageLanguage.toLowerCase().split('-')[0] === lang ? undefined : lang;
}
