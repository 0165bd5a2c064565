// How the admin shows times: short, in the blog's time zone, relative when recent.
import { dateFormat, zonedParts } from '../lib/dates.ts';

export function shortDateTime(iso: string, timeZone: string): string {
  return dateFormat('en-GB', {
    timeZone,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(iso));
}

/** "just now", "5 min ago", "3 h ago", else the short date. Future instants: "in 5 min". */
export function relativeTime(iso: string, now: Date, timeZone: string): string {
  const diff = now.getTime() - Date.parse(iso);
  const abs = Math.abs(diff);
  const future = diff < 0;
  const say = (n: number, unit: string) => (future ? `in ${n} ${unit}` : `${n} ${unit} ago`);
  if (abs < 60_000) return future ? 'in under a minute' : 'just now';
  if (abs < 3_600_000) return say(Math.round(abs / 60_000), 'min');
  if (abs < 86_400_000) return say(Math.round(abs / 3_600_000), 'h');
  if (abs < 7 * 86_400_000) return say(Math.round(abs / 86_400_000), abs < 1.5 * 86_400_000 ? 'day' : 'days');
  return shortDateTime(iso, timeZone);
}

/** The value of an <input type="datetime-local"> for an instant, in the blog's zone. */
export function localInputValue(iso: string, timeZone: string): string {
  const p = zonedParts(iso, timeZone);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}

/** A path as a person reads it: percent escapes decoded ("/p/%E1%9E%80.html" → "/p/ក.html"). */
export function readablePath(path: string): string {
  try {
    return decodeURI(path);
  } catch {
    return path;
  }
}
