// `gloss export json`: everything a blog holds, as one JSON document written one record per line,
// so that it streams both ways (memory stays flat however big the blog) and is still a single
// valid JSON value any tool can read. Read from one consistent snapshot of the database.

import type { Kysely } from 'kysely';
import { notesIn } from '../posts/notes.ts';
import type { Store } from '../storage/db.ts';
import { readSnapshot } from '../storage/snapshot.ts';
import { writeFileAtomically } from './file-writer.ts';
import { labelNames, labelsOf, pages } from './rows.ts';
import { type AnyDb, anyDb, EXPORT_FORMAT, EXPORT_VERSION, isPrivateSetting, SECTIONS } from './tables.ts';

export interface JsonExportOptions {
  /** Keep users' password hashes (for moving a blog between databases you own). */
  includePasswordHashes?: boolean;
  /** The clock that dates the export (exportedAt). */
  now?: () => Date;
}

export type LineWriter = (line: string) => void;

/** Writes the export to a file (via FILE.partial, renamed when complete) and returns the counts. */
export async function exportJsonFile(
  store: Store,
  file: string,
  options: JsonExportOptions = {},
): Promise<Record<string, number>> {
  return writeFileAtomically(file, (write) => exportJson(store, (line) => write(`${line}\n`), options));
}

export async function exportJson(
  store: Store,
  write: LineWriter,
  options: JsonExportOptions = {},
): Promise<Record<string, number>> {
  return readSnapshot(store, async (db) => {
    const counts: Record<string, number> = {};
    for (const s of SECTIONS) counts[s.key] = await countRows(anyDb(db), s.table);
    write('{');
    write(`"format": ${JSON.stringify(EXPORT_FORMAT)},`);
    write(`"version": ${EXPORT_VERSION},`);
    write(`"exportedAt": ${JSON.stringify((options.now?.() ?? new Date()).toISOString())},`);
    write(`"from": ${JSON.stringify(store.dialect)},`);
    write(`"passwordHashes": ${Boolean(options.includePasswordHashes)},`);
    write(`"counts": ${JSON.stringify(counts)},`);
    write('"settings": {');
    const settings = (
      await db.selectFrom('settings').select(['key', 'value']).orderBy('key').execute()
    ).filter((s) => !isPrivateSetting(s.key));
    settings.forEach((s, i) => {
      write(`${JSON.stringify(s.key)}: ${s.value}${i < settings.length - 1 ? ',' : ''}`);
    });
    write('},');
    const names = await labelNames(db);
    for (const [i, section] of SECTIONS.entries()) {
      write(`${JSON.stringify(section.key)}: [`);
      let first = true;
      for await (const page of pages(db, section.table, section.order)) {
        const labels =
          section.key === 'posts'
            ? await labelsOf(
                db,
                page.map((p) => p.id as number),
                names,
              )
            : undefined;
        for (const row of page) {
          write(`${first ? '' : ','}${JSON.stringify(decorate(section.key, row, options, labels))}`);
          first = false;
        }
      }
      write(i < SECTIONS.length - 1 ? '],' : ']');
    }
    write('}');
    return counts;
  });
}

async function countRows(db: Kysely<AnyDb>, table: string): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

function decorate(
  key: string,
  row: Record<string, unknown>,
  options: JsonExportOptions,
  labels: Map<number, string[]> | undefined,
): Record<string, unknown> {
  if (key === 'users' && !options.includePasswordHashes) return { ...row, password_hash: null };
  if (key !== 'posts') return row;
  return {
    ...row,
    labels: labels?.get(row.id as number) ?? [],
    notes: notesIn(String(row.body_html ?? '')),
  };
}
