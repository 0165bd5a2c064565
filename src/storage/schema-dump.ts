// The schema of a database as plain text, one line per object: what the migration tests compare
// against their golden copies (fixtures/), and a quick way to tell two databases apart by hand.
// The migrator's own tables are left out (their rows differ, not the blog's schema).
import { type Kysely, sql } from 'kysely';
import type { DialectName } from './dialect.ts';

// biome-ignore lint/suspicious/noExplicitAny: reads the catalogue, not the schema
export async function dumpSchema(db: Kysely<any>, dialect: DialectName): Promise<string> {
  const sections = dialect === 'postgres' ? POSTGRES : SQLITE;
  const lines: string[] = [];
  for (const [title, query] of sections) {
    lines.push(`-- ${title}`);
    const { rows } = await sql.raw<Record<string, unknown>>(query).execute(db);
    for (const row of rows) lines.push(Object.values(row).map(String).join(' | '));
  }
  return `${lines.join('\n')}\n`;
}

const SQLITE: [string, string][] = [
  [
    'objects',
    `SELECT type, name, tbl_name, sql FROM sqlite_master
     WHERE tbl_name NOT LIKE 'kysely_%' ORDER BY type, name`,
  ],
];

const POSTGRES: [string, string][] = [
  ['extensions', `SELECT extname FROM pg_extension ORDER BY extname`],
  [
    'columns',
    `SELECT table_name, ordinal_position, column_name, data_type, is_nullable, column_default,
       is_identity, identity_generation
     FROM information_schema.columns
     WHERE table_schema = 'public' AND table_name NOT LIKE 'kysely_%'
     ORDER BY table_name, ordinal_position`,
  ],
  [
    'constraints',
    `SELECT conrelid::regclass::text AS tbl, conname, pg_get_constraintdef(oid)
     FROM pg_constraint
     WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text NOT LIKE 'kysely_%'
     ORDER BY 1, 2`,
  ],
  [
    'indexes',
    `SELECT tablename, indexname, indexdef FROM pg_indexes
     WHERE schemaname = 'public' AND tablename NOT LIKE 'kysely_%' ORDER BY 1, 2`,
  ],
  [
    'sequences',
    `SELECT sequence_name, data_type, start_value, increment FROM information_schema.sequences
     WHERE sequence_schema = 'public' ORDER BY 1`,
  ],
  [
    'triggers',
    `SELECT tgrelid::regclass::text AS tbl, tgname, pg_get_triggerdef(oid)
     FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1, 2`,
  ],
  [
    'functions',
    `SELECT p.proname, pg_get_functiondef(p.oid) FROM pg_proc p
     WHERE p.pronamespace = 'public'::regnamespace
       AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
     ORDER BY 1`,
  ],
];
