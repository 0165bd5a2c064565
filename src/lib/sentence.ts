// Messages are sentences: a capital (or a name, a path, an option, a number) first, one full stop
// (or ? or !) at the end, never two. Messages are often built from parts — "FILE: " + an error's
// own message + ". Nothing was imported." — and each part may or may not end in a stop already;
// joining them through here keeps the seams clean.

const TERMINAL = /[.!?…。។៕]["'”’)\]]*$/u;

/** The text as one sentence: first letter capitalised, ending in exactly one terminal mark. */
export function sentence(text: string): string {
  let s = text.trim().replace(/\s+/g, ' ');
  if (!s) return s;
  // "..", ". ." and ".." before a closing quote become one stop; a real ellipsis ("…") stays.
  s = s.replace(/\.(\s*\.)+(?!\.)/g, '.');
  if (startsWithWord(s)) s = s.replace(/^\p{Ll}/u, (c) => c.toUpperCase());
  return TERMINAL.test(s) ? s : `${s}.`;
}

/** Several sentences (or fragments) as one message, each made a sentence, separated by a space. */
export function sentences(...parts: (string | null | undefined | false)[]): string {
  return parts
    .filter((p): p is string => typeof p === 'string' && p.trim() !== '')
    .map(sentence)
    .join(' ');
}

/** Whether text reads as sentences: starts with no lowercase letter, ends in one stop, has no "..". */
export function sentenceProblem(text: string): string | null {
  const s = text.trim();
  if (!s) return 'it is empty';
  if (startsWithWord(s) && /^\p{Ll}/u.test(s)) return 'it starts with a lowercase letter';
  if (/(?<!\.)\.\.(?!\.)|\.\s+\.(?!\.)/.test(s)) return 'it has a doubled full stop';
  if (!TERMINAL.test(s) && !s.endsWith(':')) return 'it does not end with a full stop';
  return null;
}

/** A plain word first, not a file name, path or address ("readme.md:", "./data", "x@y.org"). */
function startsWithWord(s: string): boolean {
  const first = /^\S+/.exec(s)?.[0] ?? '';
  return !/[./@\\]./.test(first);
}
