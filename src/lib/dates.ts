// Dates are stored as UTC ISO strings and shown in the blog's time zone.

/**
 * One Intl.DateTimeFormat per locale and options, made once and reused. Each holds ICU objects
 * outside the JavaScript heap that are freed only when a full GC finalizes it, so one made per
 * call (two per comment, 200 comments a page) grew the server by megabytes a page, unseen by V8.
 */
const formats = new Map<string, Intl.DateTimeFormat>();
const MAX_FORMATS = 256;

export function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    // Keys vary only with the time zone: a bound keeps a hostile run of zones from piling up.
    if (formats.size >= MAX_FORMATS) formats.clear();
    formats.set(key, format);
  }
  return format;
}

/** The calendar parts of an instant in a time zone. */
export function zonedParts(iso: string, timeZone: string) {
  const parts = dateFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
  };
}

/** "Monday, July 31, 2017": Blogger's date header. */
export function formatDateHeader(iso: string, timeZone: string): string {
  return dateFormat('en-US', {
    timeZone,
    weekday: 'long',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
  }).format(new Date(iso));
}

/** "July 31, 2017 at 2:05 PM". */
export function formatDateTime(iso: string, timeZone: string): string {
  const d = new Date(iso);
  const date = dateFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: 'long',
    day: 'numeric',
  }).format(d);
  const time = dateFormat('en-US', { timeZone, hour: 'numeric', minute: '2-digit' }).format(d);
  return `${date} at ${time}`;
}

/** "31 July 2017" for a date-only or date-time string; the string itself when it cannot be read. */
export function formatSourceDate(value: string): string {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const d = new Date(dateOnly ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(d.getTime())) return value;
  return dateFormat('en-GB', {
    timeZone: dateOnly ? 'UTC' : undefined,
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(d);
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

export function monthName(month: number): string {
  return MONTHS[month - 1] ?? String(month);
}

/** The UTC instant of a wall-clock time in a time zone (iterates twice to settle DST edges). */
export function zonedTimeToUtc(
  date: { year: number; month: number; day: number; hour?: number; minute?: number; second?: number },
  timeZone: string,
): string {
  const wall = Date.UTC(
    date.year,
    date.month - 1,
    date.day,
    date.hour ?? 0,
    date.minute ?? 0,
    date.second ?? 0,
  );
  let guess = wall;
  for (let i = 0; i < 2; i++) {
    const p = zonedParts(new Date(guess).toISOString(), timeZone);
    const seen = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, new Date(guess).getUTCSeconds());
    guess += wall - seen;
  }
  return new Date(guess).toISOString();
}

export function nowIso(): string {
  return new Date().toISOString();
}
