// Dates as saved blog pages, bylines and comment timestamps print them, read into ISO 8601.
// English month names (full or abbreviated) and Khmer month names, ASCII or Khmer digits; a leading
// weekday ("Monday,", "ថ្ងៃចន្ទ") and ordinal suffixes ("31st") are ignored. Numeric dates with
// slashes are read as Blogger's US month/day/year unless the first number cannot be a month.

const MONTH_NAMES: [number, string[]][] = [
  [1, ['january', 'jan', 'មករា']],
  [2, ['february', 'feb', 'កុម្ភៈ', 'កុម្ភ']],
  [3, ['march', 'mar', 'មីនា']],
  [4, ['april', 'apr', 'មេសា']],
  [5, ['may', 'ឧសភា']],
  [6, ['june', 'jun', 'មិថុនា']],
  [7, ['july', 'jul', 'កក្កដា']],
  [8, ['august', 'aug', 'សីហា']],
  [9, ['september', 'sep', 'sept', 'កញ្ញា']],
  [10, ['october', 'oct', 'តុលា']],
  [11, ['november', 'nov', 'វិច្ឆិកា']],
  [12, ['december', 'dec', 'ធ្នូ']],
];
const MONTHS = new Map(MONTH_NAMES.flatMap(([n, names]) => names.map((name) => [name, n] as const)));

const ENGLISH_WEEKDAY =
  /^(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|rsday|urday)?\b\.?,?\s*/i;
// Khmer dates spell out their parts: "ថ្ងៃចន្ទ ទី៣១ ខែកក្កដា ឆ្នាំ២០១៧" is "day Monday, the 31st,
// month July, year 2017". The weekday and the words for day/the/month/year are dropped.
const KHMER_WEEKDAY = /ចន្ទ|អង្គារ|ពុធ|ព្រហស្បតិ៍|ព្រហស្បតិ|សុក្រ|សៅរ៍|សៅរ|អាទិត្យ/gu;
const KHMER_DATE_WORDS = /ថ្ងៃ|ទី|ខែ|ឆ្នាំ/gu;

type Ymd = [year: number, month: number | undefined, day: number];
const DATE_FORMS: [RegExp, (m: RegExpExecArray) => Ymd][] = [
  [/^(\d{4})-(\d{1,2})-(\d{1,2})/, (m) => [+m[1]!, +m[2]!, +m[3]!]],
  [/^([\p{L}\p{M}]+)\.?\s*(\d{1,2}),?\s+(\d{4})/u, (m) => [+m[3]!, monthNumber(m[1]!), +m[2]!]],
  [/^(\d{1,2})\s*([\p{L}\p{M}]+)\.?,?\s*(\d{4})/u, (m) => [+m[3]!, monthNumber(m[2]!), +m[1]!]],
  [
    /^(\d{1,2})\/(\d{1,2})\/(\d{4})/,
    (m) => (+m[1]! > 12 ? [+m[3]!, +m[2]!, +m[1]!] : [+m[3]!, +m[1]!, +m[2]!]),
  ],
  [/^(\d{1,2})\.(\d{1,2})\.(\d{4})/, (m) => [+m[3]!, +m[2]!, +m[1]!]],
];

// What may follow a date in a timestamp: "at 2:05 PM", "14:05", "T14:05:00", "ម៉ោង 14:05".
const TIME = /^,?\s*(?:at\b|@|T|ម៉ោង|នៅម៉ោង)?\s*(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(?:([ap])\.?\s?m\.?)?$/iu;

function monthNumber(name: string): number | undefined {
  return MONTHS.get(name.toLowerCase());
}

/** ០-៩ → 0-9, so Khmer-digit dates parse like any other. */
export function toAsciiDigits(text: string): string {
  return text.replace(/[០-៩]/gu, (d) => String(d.charCodeAt(0) - 0x17e0));
}

function normalise(text: string): string {
  return toAsciiDigits(text)
    .replace(/[\u200b-\u200d\u2060]/g, '')
    .replace(KHMER_WEEKDAY, ' ')
    .replace(KHMER_DATE_WORDS, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(ENGLISH_WEEKDAY, '')
    .replace(/(\d)(?:st|nd|rd|th)\b/gi, '$1');
}

function isoDate([year, month, day]: Ymd): string | null {
  if (month === undefined || month < 1 || month > 12 || year < 1000 || day < 1) return null;
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return null;
  return `${year}-${pad(month)}-${pad(day)}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** The first date form that reads the start of the text: its ISO date and what follows it. */
function leadingDate(text: string): { date: string; rest: string } | null {
  const s = normalise(text);
  for (const [re, read] of DATE_FORMS) {
    const m = re.exec(s);
    const date = m && isoDate(read(m));
    if (m && date) return { date, rest: s.slice(m[0].length).trim() };
  }
  return null;
}

/** A line that is only a date (a blog's date header, a dateline): YYYY-MM-DD, else null. */
export function parseDateHeader(line: string): string | null {
  const found = leadingDate(line);
  return found && found.rest === '' ? found.date : null;
}

/** A line that is a date with an optional time: YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS, else null. */
export function parseDateTime(line: string): string | null {
  const found = leadingDate(line);
  if (!found) return null;
  if (found.rest === '') return found.date;
  const t = TIME.exec(found.rest);
  if (!t) return null;
  let hour = +t[1]!;
  const minute = +t[2]!;
  const second = +(t[3] ?? 0);
  const half = t[4]?.toLowerCase();
  if (half) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (half === 'p' ? 12 : 0);
  }
  if (hour > 23 || minute > 59 || second > 59) return null;
  return `${found.date}T${pad(hour)}:${pad(minute)}:${pad(second)}`;
}
