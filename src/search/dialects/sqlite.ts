// The search index on SQLite: two contentless FTS5 tables keyed by search_documents.doc_key.
// search_words holds the finished words per field (unicode61 told to keep letters, digits and
// marks together, so Khmer words are not cut at vowel signs), the one- and two-letter substrings
// of the unspaced text (the "pairs" column), and the filter words. search_grams is a trigram index of the unspaced-script
// text, for words inside what the segmenter fused with a neighbour. FTS5 reads its lists newest
// first cheaply (ORDER BY rowid DESC LIMIT n), so every query here is written that way.
import { type Kysely, type RawBuilder, sql } from 'kysely';
import { filterToken } from '../document.ts';
import { type Db, gramAtoms, gramsLength, type SearchDialect, type SearchPlan } from '../plan.ts';
import type { Atom } from '../query.ts';
import type { Candidate } from '../rank.ts';
import { SHORT_MARK } from '../segment.ts';

/** Ends a filter word in the trigram index, so label 5 is not found inside label 55. */
const FILTER_END = '\ue001';

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against no fixed schema
export async function createSqliteSearchSchema(db: Kysely<any>): Promise<void> {
  await sql`CREATE VIRTUAL TABLE search_words USING fts5(title, body, source, labels, pairs, filter,
    content='', contentless_delete=1, tokenize="unicode61 categories 'L* N* Co M*' remove_diacritics 0")`.execute(
    db,
  );
  await sql`CREATE VIRTUAL TABLE search_grams USING fts5(grams, filter,
    content='', contentless_delete=1, tokenize='trigram')`.execute(db);
  await sql`CREATE TRIGGER search_documents_delete AFTER DELETE ON search_documents BEGIN
    DELETE FROM search_words WHERE rowid = old.doc_key;
    DELETE FROM search_grams WHERE rowid = old.doc_key;
  END`.execute(db);
  // Whatever unpublishes or trashes a post (the editor, an import, a hand-written UPDATE) takes it
  // out of the index at once; publishing needs indexPost, which only JavaScript can segment.
  await sql`CREATE TRIGGER posts_leave_search AFTER UPDATE OF kind, status, trashed_at ON posts
    WHEN NEW.kind <> 'post' OR NEW.status <> 'published' OR NEW.trashed_at IS NOT NULL BEGIN
    DELETE FROM search_documents WHERE post_id = NEW.id;
  END`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against no fixed schema
export async function createSqliteSearchQueue(db: Kysely<any>): Promise<void> {
  for (const event of ['INSERT', 'UPDATE']) {
    await sql
      .raw(
        `CREATE TRIGGER posts_search_queue_${event.toLowerCase()} AFTER ${event} ON posts
         WHEN NEW.kind = 'post' AND NEW.status = 'published' AND NEW.trashed_at IS NULL BEGIN
         INSERT OR IGNORE INTO search_queue (post_id) VALUES (NEW.id);
       END`,
      )
      .execute(db);
  }
}

const CHUNK = 200;

export const sqliteSearch: SearchDialect = {
  session: (db, fn) => fn(db),

  async write(db, docs, remove) {
    const ids = [...remove, ...docs.map((d) => d.postId)];
    for (let i = 0; i < ids.length; i += 500) {
      await db
        .deleteFrom('search_documents')
        .where('post_id', 'in', ids.slice(i, i + 500))
        .execute();
    }
    for (let i = 0; i < docs.length; i += CHUNK) {
      const chunk = docs.slice(i, i + CHUNK);
      await db
        .insertInto('search_documents')
        .values(
          chunk.map((d) => ({
            post_id: d.postId,
            doc_key: d.key,
            year: d.year,
            grams: d.grams,
            heads: d.heads,
          })),
        )
        .execute();
      await sql`INSERT INTO search_words (rowid, title, body, source, labels, pairs, filter) VALUES ${sql.join(
        chunk.map(
          (d) =>
            sql`(${d.key}, ${d.title}, ${d.body}, ${d.source}, ${d.labels}, ${d.shingles.join(' ')}, ${d.filters.join(' ')})`,
        ),
      )}`.execute(db);
      // Only posts with unspaced-script text can match a substring query.
      const withGrams = chunk.filter((d) => d.grams);
      if (withGrams.length > 0) {
        await sql`INSERT INTO search_grams (rowid, grams, filter) VALUES ${sql.join(
          withGrams.map(
            (d) => sql`(${d.key}, ${d.grams}, ${d.filters.map((f) => f + FILTER_END).join(' ')})`,
          ),
        )}`.execute(db);
      }
    }
  },

  async optimise(db) {
    await sql`INSERT INTO search_words(search_words) VALUES ('optimize')`.execute(db);
    await sql`INSERT INTO search_grams(search_grams) VALUES ('optimize')`.execute(db);
  },

  async count(db, plan, cap) {
    const s = strategy(plan);
    if (s.kind === 'mixed') return Math.min(cap, (await mixedKeys(db, plan, s)).length);
    const { rows } = await sql<{
      n: number;
    }>`SELECT count(*) AS n FROM (SELECT rowid FROM ${sql.table(s.table)}
      WHERE ${sql.table(s.table)} MATCH ${s.expr} LIMIT ${cap})`.execute(db);
    return Number(rows[0]?.n ?? 0);
  },

  async candidates(db, plan, window) {
    const s = strategy(plan);
    const newest =
      s.kind === 'mixed'
        ? sql`SELECT value AS k FROM json_each(${JSON.stringify((await mixedKeys(db, plan, s)).slice(0, window))})`
        : sql`SELECT rowid AS k FROM ${sql.table(s.table)} WHERE ${sql.table(s.table)} MATCH ${s.expr}
            ORDER BY rowid DESC LIMIT ${window}`;
    const { rows } = await sql<Candidate>`SELECT d.post_id AS "postId", d.doc_key AS "key", d.heads AS "heads"
      FROM (${newest}) AS w JOIN search_documents d ON d.doc_key = w.k ORDER BY d.doc_key DESC`.execute(db);
    return rows;
  },

  async newest(db, plan, limit, offset) {
    const s = strategy(plan);
    const page =
      s.kind === 'mixed'
        ? sql`SELECT value AS k FROM json_each(${JSON.stringify((await mixedKeys(db, plan, s)).slice(offset, offset + limit))})`
        : sql`SELECT rowid AS k FROM ${sql.table(s.table)} WHERE ${sql.table(s.table)} MATCH ${s.expr}
            ORDER BY rowid DESC LIMIT ${limit} OFFSET ${offset}`;
    const { rows } = await sql<{ post_id: number }>`SELECT d.post_id FROM (${page}) AS w
      JOIN search_documents d ON d.doc_key = w.k ORDER BY d.doc_key DESC`.execute(db);
    return rows.map((r) => r.post_id);
  },
};

type Strategy =
  /** The whole query is one FTS5 expression on one table: the common case, and the fast one. */
  | { kind: 'single'; table: 'search_words' | 'search_grams'; expr: string }
  /** Words and long substrings together: a compound SELECT of keys (slower; rare). */
  | { kind: 'mixed'; hits: RawBuilder<unknown> };

const strategies = new WeakMap<SearchPlan, Strategy>();
const keysOf = new WeakMap<SearchPlan, Promise<number[]>>();

function strategy(plan: SearchPlan): Strategy {
  let s = strategies.get(plan);
  if (!s) {
    s = choose(plan);
    strategies.set(plan, s);
  }
  return s;
}

/** Every matching key, newest first, read once per search. */
function mixedKeys(db: Db, plan: SearchPlan, s: Extract<Strategy, { kind: 'mixed' }>): Promise<number[]> {
  let keys = keysOf.get(plan);
  if (!keys) {
    keys = sql<{ k: number }>`SELECT k FROM (${s.hits}) ORDER BY k DESC`
      .execute(db)
      .then((r) => r.rows.map((row) => row.k));
    keysOf.set(plan, keys);
  }
  return keys;
}

function choose(plan: SearchPlan): Strategy {
  const { include, exclude } = plan.query;
  const atoms = [...include, ...exclude].flatMap((c) => c.atoms);
  const filters = [
    ...(plan.year === undefined ? [] : [filterToken('year', plan.year)]),
    ...(plan.labelId === undefined ? [] : [filterToken('label', plan.labelId)]),
  ];
  // Words and one- or two-letter substrings are all words of search_words.
  if (atoms.every(inWords)) {
    const expr = combine(
      [...include.flatMap((c) => c.atoms.map(wordsPhrase)), ...filters.map((f) => phrase([f]))],
      exclude.map((c) => all(c.atoms.map(wordsPhrase))),
    );
    return { kind: 'single', table: 'search_words', expr };
  }
  if (atoms.every((a) => a.kind === 'grams' && gramsLength(a) === 3)) {
    const expr = combine(
      [
        ...include.flatMap(gramAtoms).map((a) => phrase([a.text])),
        ...filters.map((f) => phrase([f + FILTER_END])),
      ],
      exclude.map((c) => all(gramAtoms(c).map((a) => phrase([a.text])))),
    );
    return { kind: 'single', table: 'search_grams', expr };
  }
  const positives: RawBuilder<unknown>[] = [];
  const wordsExpr = [
    ...include.flatMap((c) => c.atoms.filter(inWords)).map(wordsPhrase),
    ...filters.map((f) => phrase([f])),
  ];
  if (wordsExpr.length > 0) {
    positives.push(sql`SELECT rowid AS k FROM search_words WHERE search_words MATCH ${all(wordsExpr)}`);
  }
  const long = include.flatMap(gramAtoms).filter((a) => gramsLength(a) === 3);
  if (long.length > 0) {
    const gramsExpr = all(long.map((a) => phrase([a.text])));
    positives.push(sql`SELECT rowid AS k FROM search_grams WHERE search_grams MATCH ${gramsExpr}`);
  }
  for (const atom of include.flatMap(gramAtoms).filter((a) => gramsLength(a) === 1))
    positives.push(atomSet(atom));
  let hits = sql.join(positives, sql` INTERSECT `);
  for (const clause of exclude) {
    hits = sql`${hits} EXCEPT SELECT k FROM (${sql.join(clause.atoms.map(atomSet), sql` INTERSECT `)})`;
  }
  return { kind: 'mixed', hits };
}

function inWords(atom: Atom): boolean {
  return atom.kind === 'words' || gramsLength(atom) < 3;
}

/** The keys of the posts holding one atom. */
function atomSet(atom: Atom): RawBuilder<unknown> {
  if (atom.kind === 'words' || gramsLength(atom) < 3) {
    return sql`SELECT rowid AS k FROM search_words WHERE search_words MATCH ${wordsPhrase(atom)}`;
  }
  return sql`SELECT rowid AS k FROM search_grams WHERE search_grams MATCH ${phrase([atom.text])}`;
}

/** An atom as a phrase of search_words: its words, or its one or two letters as one short word. */
function wordsPhrase(atom: Atom): string {
  return atom.kind === 'words' ? phrase(atom.words) : phrase([SHORT_MARK + atom.text]);
}

/** FTS5: every positive expression, and none of the negative ones. */
function combine(positives: string[], negatives: string[]): string {
  return all(positives) + negatives.map((n) => ` NOT (${n})`).join('');
}

/** An FTS5 phrase: the words in double quotes (quotes inside doubled), matched side by side. */
function phrase(words: string[]): string {
  return `"${words.join(' ').replace(/"/g, '""')}"`;
}

function all(exprs: string[]): string {
  return exprs.length === 1 ? exprs[0]! : exprs.map((e) => `(${e})`).join(' AND ');
}
