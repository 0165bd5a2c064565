// Timestamps as exports write them, turned into what Gloss stores: a UTC ISO instant plus the
// offset the source gave ("+07:00"), so the original wall-clock time can be shown or exported.

export interface ParsedInstant {
  iso: string;
  /** "+07:00", "-08:00", "+00:00"; null when the source gave no offset. */
  zone: string | null;
  /** The wall-clock date-time as written (YYYY-MM-DDTHH:MM:SS), for deriving /YYYY/MM/ paths. */
  wall: string;
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/** An RFC 3339 / ISO 8601 date-time (Atom, Blogger); null when it is not one. */
export function parseIsoInstant(value: string): ParsedInstant | null {
  const m = ISO.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s = '00', frac = '', zoneRaw] = m;
  const zone = zoneRaw ? normalizeZone(zoneRaw) : null;
  const ms = frac ? `.${frac.padEnd(3, '0').slice(0, 3)}` : '.000';
  const wall = `${y}-${mo}-${d}T${h}:${mi}:${s}`;
  const date = new Date(`${wall}${ms}${zone === null ? 'Z' : zone}`);
  if (Number.isNaN(date.getTime())) return null;
  return { iso: date.toISOString(), zone, wall };
}

function normalizeZone(raw: string): string {
  if (raw.toUpperCase() === 'Z') return '+00:00';
  const digits = raw.replace(':', '');
  return `${digits.slice(0, 3)}:${digits.slice(3, 5)}`;
}

/** The offset between a local and a UTC wall-clock time ("2012-01-05 21:30:46" vs "…14:30:46" → "+07:00"). */
export function offsetBetween(localWall: string, utcWall: string): string | null {
  const local = Date.parse(`${localWall.replace(' ', 'T')}Z`);
  const utc = Date.parse(`${utcWall.replace(' ', 'T')}Z`);
  if (Number.isNaN(local) || Number.isNaN(utc)) return null;
  const minutes = Math.round((local - utc) / 60000);
  if (Math.abs(minutes) > 14 * 60) return null;
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** An RFC 822 date (RSS pubDate): "Sat, 16 Oct 2010 20:53:18 +0000". */
export function parseRfc822(value: string): ParsedInstant | null {
  const t = Date.parse(value.trim());
  if (Number.isNaN(t)) return null;
  const zoneMatch = /([+-]\d{4})\s*$/.exec(value.trim());
  const zone = zoneMatch ? `${zoneMatch[1]!.slice(0, 3)}:${zoneMatch[1]!.slice(3)}` : null;
  const iso = new Date(t).toISOString();
  return { iso, zone, wall: wallIn(iso, zone) };
}

/** The wall-clock time of a UTC instant at an offset. */
export function wallIn(iso: string, zone: string | null): string {
  const offset = zone ? zoneMinutes(zone) : 0;
  return new Date(Date.parse(iso) + offset * 60000).toISOString().slice(0, 19);
}

export function zoneMinutes(zone: string): number {
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (!m) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

/** Whether a string is an IANA time zone this Node knows. */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
