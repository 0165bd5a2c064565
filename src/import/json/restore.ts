// `gloss import json`: restores a Gloss JSON export into an EMPTY database, row for row, keeping
// ids (so feed URLs that carry post ids, and links between rows, stay the same), times and
// statuses. This is how a blog moves between databases (SQLite → PostgreSQL) or machines. One
// transaction; the record counts the file announces are checked before it commits. Bodies are
// sanitised again on the way in (a hand-edited file cannot smuggle a script), and the search
// index is rebuilt afterwards.
import { type Kysely, sql, type Transaction } from 'kysely';
import {
  type AnyDb,
  EXPORT_VERSION,
  isPrivateSetting,
  POST_EXTRA_KEYS,
  SECTIONS,
} from '../../export/tables.ts';
import { sanitizePostHtml } from '../../lib/sanitize.ts';
import { reindexAll } from '../../search/indexer.ts';
import type { Store } from '../../storage/db.ts';
import { resetIdentity } from '../../storage/dialects/identity.ts';
import { withStatementCache } from '../../storage/dialects/sqlite-statements.ts';
import type { Database } from '../../storage/schema.ts';
import { ImportError } from '../errors.ts';
import { commentHtml } from '../html.ts';
import { openTextSource } from '../source.ts';
import { withTightHeap } from '../tight-heap.ts';
import { readGlossJson } from './read.ts';

const BATCH = 100;
const TABLE_OF = new Map(SECTIONS.map((s) => [s.key, s.table]));
/** Tables whose rows a restore needs empty. */
const CONTENT_TABLES = ['posts', 'comments', 'labels', 'users', 'media', 'redirects'] as const;

export interface JsonImportSummary {
  restored: Record<string, number>;
  notes: string[];
  dryRun: boolean;
  seconds: number;
}

export interface JsonImportOptions {
  store: Store;
  file: string;
  dryRun?: boolean;
  onProgress?: (p: { bytes: number; totalBytes: number; posts: number; comments: number }) => void;
}

class DryRunRollback extends Error {}

export function runJsonImport(options: JsonImportOptions): Promise<JsonImportSummary> {
  return withTightHeap(() => restoreFile(options));
}

async function restoreFile(options: JsonImportOptions): Promise<JsonImportSummary> {
  const started = performance.now();
  const { store } = options;
  const source = openTextSource(options.file);
  await requireEmpty(store.db);
  const summary: JsonImportSummary = { restored: {}, notes: [], dryRun: Boolean(options.dryRun), seconds: 0 };
  const db = store.sqlite ? withStatementCache<Database>(store.sqlite) : store.db;
  try {
    await db.transaction().execute(async (trx) => {
      const restore = new Restore(trx, summary);
      await restore.start();
      let last = 0;
      for await (const event of readGlossJson(source)) {
        if (event.type === 'header') restore.header(event.key, event.value);
        else if (event.type === 'settings') await restore.settings(event.settings);
        else await restore.record(event.section, event.record, event.line);
        const now = performance.now();
        if (options.onProgress && now - last > 200) {
          last = now;
          options.onProgress({
            bytes: source.bytesRead(),
            totalBytes: source.size,
            posts: summary.restored.posts ?? 0,
            comments: summary.restored.comments ?? 0,
          });
        }
      }
      await restore.finish(store.dialect);
      if (options.dryRun) throw new DryRunRollback();
    });
  } catch (err) {
    if (!(err instanceof DryRunRollback)) throw err;
  }
  if (!options.dryRun) await reindexAll(store.db);
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}

async function requireEmpty(db: Kysely<Database>): Promise<void> {
  const held: string[] = [];
  for (const table of CONTENT_TABLES) {
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    if (Number(row.n) > 0) held.push(`${Number(row.n)} ${table}`);
  }
  if (held.length) {
    throw new ImportError(
      `the database is not empty (it holds ${held.join(', ')}); "import json" restores a whole blog into an empty database: point DATABASE_URL at a new one`,
    );
  }
}

class Restore {
  private buffer: { section: string; rows: Record<string, unknown>[]; line: number } | undefined;
  private labelIds = new Map<string, number>();
  private postLabels: { post_id: number; name: string }[] = [];
  private announced: Record<string, number> | undefined;
  private ignored = new Set<string>();
  private sanitized = { posts: 0, comments: 0 };
  private readonly any: Transaction<AnyDb>;

  constructor(
    private readonly trx: Transaction<Database>,
    private readonly summary: JsonImportSummary,
  ) {
    this.any = trx as unknown as Transaction<AnyDb>;
  }

  async start(): Promise<void> {
    await sql`CREATE TEMPORARY TABLE IF NOT EXISTS gloss_restore_parents (id INTEGER NOT NULL, parent INTEGER NOT NULL)`.execute(
      this.trx,
    );
    await sql`DELETE FROM gloss_restore_parents`.execute(this.trx);
  }

  header(key: string, value: unknown): void {
    if (key === 'version' && typeof value === 'number' && value > EXPORT_VERSION) {
      throw new ImportError(
        `this export is version ${value}, made by a newer Gloss; this one reads version ${EXPORT_VERSION}`,
      );
    }
    if (key === 'counts' && value && typeof value === 'object')
      this.announced = value as Record<string, number>;
    if (key === 'passwordHashes' && value === false) {
      this.summary.notes.push(
        'The export has no password hashes: no restored user can sign in; add an owner with "gloss user add --role owner" (a new e-mail address).',
      );
    }
  }

  async settings(settings: Record<string, unknown>): Promise<void> {
    for (const [key, value] of Object.entries(settings)) {
      if (isPrivateSetting(key)) continue;
      const json = JSON.stringify(value);
      await this.trx
        .insertInto('settings')
        .values({ key, value: json })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: json }))
        .execute();
    }
    this.summary.restored.settings = Object.keys(settings).length;
  }

  async record(section: string, record: Record<string, unknown>, line: number): Promise<void> {
    if (!TABLE_OF.has(section)) {
      if (!this.ignored.has(section))
        this.summary.notes.push(`Ignored the section "${section}", which this Gloss does not know.`);
      this.ignored.add(section);
      return;
    }
    const row = this.prepare(section, record);
    if (this.buffer && this.buffer.section !== section) await this.flush();
    this.buffer ??= { section, rows: [], line };
    this.buffer.rows.push(row);
    this.summary.restored[section] = (this.summary.restored[section] ?? 0) + 1;
    if (this.buffer.rows.length >= BATCH) await this.flush();
  }

  private prepare(section: string, record: Record<string, unknown>): Record<string, unknown> {
    if (section === 'labels') this.labelIds.set(String(record.name), Number(record.id));
    if (section === 'posts') {
      const row = { ...record };
      for (const key of POST_EXTRA_KEYS) delete row[key];
      const body = String(row.body_html ?? '');
      const clean = sanitizePostHtml(body);
      if (clean !== body) this.sanitized.posts++;
      row.body_html = clean;
      for (const name of (record.labels as string[] | undefined) ?? []) {
        this.postLabels.push({ post_id: Number(row.id), name });
      }
      return row;
    }
    if (section === 'comments') {
      const row = { ...record };
      if (row.parent_id !== null && row.parent_id !== undefined) {
        this.parents.push({ id: Number(row.id), parent: Number(row.parent_id) });
      }
      row.parent_id = null;
      const body = String(row.body_html ?? '');
      const clean = commentHtml(body);
      if (clean !== body) this.sanitized.comments++;
      row.body_html = clean;
      return row;
    }
    return record;
  }

  private parents: { id: number; parent: number }[] = [];

  private async flush(): Promise<void> {
    const buffer = this.buffer;
    this.buffer = undefined;
    if (!buffer || buffer.rows.length === 0) return;
    const table = TABLE_OF.get(buffer.section)!;
    try {
      await this.any.insertInto(table).values(buffer.rows).execute();
      if (buffer.section === 'posts') await this.flushPostLabels();
      if (buffer.section === 'comments') await this.flushParents();
    } catch (err) {
      if (err instanceof ImportError) throw err;
      throw new ImportError(
        `cannot restore the ${buffer.section} records starting at line ${buffer.line}: ${(err as Error).message}`,
      );
    }
  }

  private async flushPostLabels(): Promise<void> {
    const pending = this.postLabels;
    this.postLabels = [];
    if (pending.length === 0) return;
    const rows: { post_id: number; label_id: number }[] = [];
    for (const { post_id, name } of pending) {
      let id = this.labelIds.get(name);
      if (id === undefined) {
        // A post names a label the labels section lacks (a hand-edited file): create it.
        const created = await this.trx
          .insertInto('labels')
          .values({ name })
          .returning('id')
          .executeTakeFirstOrThrow();
        id = created.id;
        this.labelIds.set(name, id);
      }
      rows.push({ post_id, label_id: id });
    }
    for (let i = 0; i < rows.length; i += 500) {
      await this.trx
        .insertInto('post_labels')
        .values(rows.slice(i, i + 500))
        .execute();
    }
  }

  private async flushParents(): Promise<void> {
    const pairs = this.parents;
    this.parents = [];
    for (let i = 0; i < pairs.length; i += 200) {
      const values = pairs.slice(i, i + 200).map((p) => sql`(${p.id}, ${p.parent})`);
      await sql`INSERT INTO gloss_restore_parents (id, parent) VALUES ${sql.join(values)}`.execute(this.trx);
    }
  }

  async finish(dialect: Store['dialect']): Promise<void> {
    await this.flush();
    await sql`UPDATE comments SET parent_id = (SELECT p.parent FROM gloss_restore_parents p WHERE p.id = comments.id)
      WHERE id IN (SELECT id FROM gloss_restore_parents)`.execute(this.trx);
    await sql`DROP TABLE gloss_restore_parents`.execute(this.trx);
    await resetIdentity(
      this.any,
      dialect,
      SECTIONS.filter((s) => s.order === 'id').map((s) => s.table),
    );
    if (this.announced) {
      for (const [section, expected] of Object.entries(this.announced)) {
        const got = this.summary.restored[section] ?? 0;
        if (TABLE_OF.has(section) && got !== expected) {
          throw new ImportError(
            `the export announces ${expected} ${section} but holds ${got}: it is damaged or was edited`,
          );
        }
      }
    }
    if (this.sanitized.posts || this.sanitized.comments) {
      this.summary.notes.push(
        `Sanitising changed ${this.sanitized.posts} post bodies and ${this.sanitized.comments} comment bodies (markup Gloss does not allow was removed).`,
      );
    }
  }
}
