// The editor's view of the subscribers: counts and growth, a searchable list, removal, and CSV
// export and import. Imported addresses are confirmed only when the file says so (a consent or
// FeedBurner "Status" column); a bad row is reported by its line and the others still go in.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, Subscriber, SubscriberStatus } from '../storage/schema.ts';
import { checkAddress } from './addresses.ts';
import { cancelWaitingMail } from './queue.ts';

export const PAGE_SIZE = 50;

export interface RosterCounts {
  confirmed: number;
  pending: number;
  unsubscribed: number;
  suppressed: number;
  /** Confirmed in the last 30 days. */
  newLast30Days: number;
}

export async function rosterCounts(db: Kysely<Database>, now: Date): Promise<RosterCounts> {
  const rows = await db
    .selectFrom('subscribers')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();
  const by = new Map(rows.map((r) => [r.status, Number(r.n)]));
  const since = new Date(now.getTime() - 30 * 24 * 60 * 60 * 1000).toISOString();
  const [fresh, suppressed] = await Promise.all([
    db
      .selectFrom('subscribers')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'confirmed')
      .where('confirmed_at', '>=', since)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('mail_suppressions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return {
    confirmed: by.get('confirmed') ?? 0,
    pending: by.get('pending') ?? 0,
    unsubscribed: by.get('unsubscribed') ?? 0,
    suppressed: Number(suppressed.n),
    newLast30Days: Number(fresh.n),
  };
}

export async function listSubscribers(
  db: Kysely<Database>,
  options: { q?: string; status?: string; page?: number },
): Promise<{ rows: Subscriber[]; total: number }> {
  const q = options.q?.trim().toLowerCase();
  const status = ['confirmed', 'pending', 'unsubscribed'].includes(options.status ?? '')
    ? options.status
    : undefined;
  const base = db
    .selectFrom('subscribers')
    .$if(Boolean(q), (qb) => qb.where('email', 'like', `%${q!.replace(/[\\%_]/g, (c) => `\\${c}`)}%`))
    .$if(Boolean(status), (qb) => qb.where('status', '=', status as SubscriberStatus));
  const page = Math.max(1, options.page ?? 1);
  const [rows, total] = await Promise.all([
    base
      .selectAll()
      .orderBy('id', 'desc')
      .limit(PAGE_SIZE)
      .offset((page - 1) * PAGE_SIZE)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

/** Removes the subscriber for good (their row, and mail still waiting for them). */
export async function removeSubscriber(db: Kysely<Database>, id: number): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    await cancelWaitingMail(trx, id);
    const result = await trx.deleteFrom('subscribers').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  });
}

const COLUMNS = [
  'email',
  'status',
  'mode',
  'labels',
  'source',
  'consent',
  'created_at',
  'confirmed_at',
] as const;

export async function exportCsv(db: Kysely<Database>): Promise<string> {
  const rows = await db.selectFrom('subscribers').selectAll().orderBy('id').execute();
  const lines = [COLUMNS.join(',')];
  for (const row of rows) {
    const labels = (JSON.parse(row.labels) as string[]).join('; ');
    lines.push(COLUMNS.map((c) => csvField(c === 'labels' ? labels : (row[c] ?? ''))).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

export interface ImportReport {
  added: number;
  /** Already subscribed: left as they were. */
  kept: number;
  confirmed: number;
  problems: { line: number; message: string }[];
}

/**
 * Reads FeedBurner's export (Email, Subscription Date, Status), Gloss's own export, or a plain
 * list of addresses. Only "Active", "confirmed", "yes", "true" or "1" in a Status or Consent
 * column makes a confirmed subscriber; anything else is imported as pending and sent nothing.
 */
export async function importCsv(db: Kysely<Database>, text: string, now: Date): Promise<ImportReport> {
  const records = parseCsv(text.replace(/^\uFEFF/, ''));
  const report: ImportReport = { added: 0, kept: 0, confirmed: 0, problems: [] };
  if (records.length === 0) return report;
  const first = records[0]!.fields.map((f) => f.trim().toLowerCase());
  const hasHeader = first.some((f) => /^(e-?mail|email address)$/.test(f));
  const emailAt = hasHeader ? first.findIndex((f) => /^(e-?mail|email address)$/.test(f)) : 0;
  const consentAt = hasHeader ? first.findIndex((f) => /^(status|consent|confirmed)$/.test(f)) : -1;
  const dateAt = hasHeader
    ? first.findIndex((f) => /^(subscription date|created_at|confirmed_at|date)$/.test(f))
    : -1;
  const seen = new Set<string>();
  for (const record of hasHeader ? records.slice(1) : records) {
    if (record.fields.every((f) => f.trim() === '')) continue;
    const address = checkAddress(record.fields[emailAt]);
    if (!address.ok) {
      report.problems.push({
        line: record.line,
        message: `"${record.fields[emailAt] ?? ''}" is not an e-mail address`,
      });
      continue;
    }
    if (seen.has(address.email)) {
      report.problems.push({
        line: record.line,
        message: `${address.email} appears twice in the file; the first is kept`,
      });
      continue;
    }
    seen.add(address.email);
    const consent = consentAt >= 0 ? (record.fields[consentAt] ?? '').trim() : '';
    const confirmed = /^(active|confirmed|yes|true|1)$/i.test(consent);
    const dated = dateAt >= 0 ? Date.parse(record.fields[dateAt] ?? '') : Number.NaN;
    const since = Number.isNaN(dated) ? now.toISOString() : new Date(dated).toISOString();
    const inserted = await db
      .insertInto('subscribers')
      .values({
        email: address.email,
        status: confirmed ? 'confirmed' : 'pending',
        mode: 'post',
        labels: '[]',
        token: randomBytes(24).toString('base64url'),
        confirm_hash: null,
        confirm_expires_at: null,
        source: 'import',
        consent: `Imported on ${now.toISOString()} from line ${record.line}${consent ? `, which said "${consent.slice(0, 80)}"` : ', which said nothing of consent'}.`,
        created_at: since,
        confirmed_at: confirmed ? since : null,
        unsubscribed_at: null,
        digest_through: confirmed ? now.toISOString() : null,
      })
      .onConflict((oc) => oc.column('email').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) report.kept++;
    else {
      report.added++;
      if (confirmed) report.confirmed++;
    }
  }
  return report;
}

/** RFC 4180 records with the line each starts on (quoted fields may hold commas and newlines). */
export function parseCsv(text: string): { line: number; fields: string[] }[] {
  const records: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  const delimiter = /^[^\n]*;/.test(text) && !/^[^\n]*,/.test(text) ? ';' : ',';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        field += ch;
      }
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === delimiter) {
      fields.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      fields.push(field);
      records.push({ line: start, fields });
      fields = [];
      field = '';
      line++;
      start = line;
    } else field += ch;
  }
  if (field !== '' || fields.length > 0) {
    fields.push(field);
    records.push({ line: start, fields });
  }
  return records;
}

function csvField(value: string): string {
  // A leading = + - @ would run as a formula in a spreadsheet: quote it with an apostrophe.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) || safe !== value ? `"${safe.replace(/"/g, '""')}"` : safe;
}
