// The search index on PostgreSQL: search_documents gains a tsvector of the finished words (built
// here as a literal, so PostgreSQL's own parser never re-cuts Khmer words) in a GIN index, and a
// pg_trgm index on the unspaced-script text for substring matches. Queries are tsquery literals.
// The column, indexes and triggers are made by storage/migrations/006_search.ts and 007_search_queue.ts.
import { type RawBuilder, sql } from 'kysely';
import type { SearchDocument } from '../document.ts';
import { gramAtoms, likeAnywhere, type SearchDialect, type SearchPlan, wordAtoms } from '../plan.ts';
import type { Atom } from '../query.ts';
import type { Candidate } from '../rank.ts';

const CHUNK = 200;
/** PostgreSQL's limits: positions stop at 16383, and a word keeps at most 256 of them. */
const MAX_POSITION = 16383;
const MAX_POSITIONS = 256;

export const postgresSearch: SearchDialect = {
  // The planner does not count the cost of unpacking each post's tsvector from TOAST, and would
  // rather scan a small table than use the GIN index: 70 ms instead of 2 for a rare word at 10,000
  // posts. Searches therefore run with sequential scans discouraged (they still run where no index
  // serves, as for one- and two-letter substrings), and without JIT compilation.
  session: (db, fn) =>
    db.transaction().execute(async (trx) => {
      await sql`SET LOCAL enable_seqscan = off`.execute(trx);
      await sql`SET LOCAL jit = off`.execute(trx);
      return fn(trx);
    }),

  async write(db, docs, remove) {
    const ids = [...remove, ...docs.map((d) => d.postId)];
    for (let i = 0; i < ids.length; i += 1000) {
      await db
        .deleteFrom('search_documents')
        .where('post_id', 'in', ids.slice(i, i + 1000))
        .execute();
    }
    for (let i = 0; i < docs.length; i += CHUNK) {
      const rows = docs
        .slice(i, i + CHUNK)
        .map(
          (d) => sql`(${d.postId}, ${d.key}, ${d.year}, ${d.grams}, ${d.heads}, ${tsvectorOf(d)}::tsvector)`,
        );
      await sql`INSERT INTO search_documents (post_id, doc_key, year, grams, heads, words)
        VALUES ${sql.join(rows)}`.execute(db);
    }
  },

  async optimise(db) {
    await sql`ANALYZE search_documents`.execute(db);
  },

  async count(db, plan, cap) {
    const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM
      (SELECT 1 FROM search_documents WHERE ${where(plan)} LIMIT ${cap}) AS hits`.execute(db);
    return Number(rows[0]?.n ?? 0);
  },

  async candidates(db, plan, window) {
    const { rows } =
      await sql<Candidate>`SELECT post_id AS "postId", doc_key AS "key", heads FROM search_documents
      WHERE ${where(plan)} ORDER BY doc_key DESC LIMIT ${window}`.execute(db);
    return rows.map((r) => ({ ...r, key: Number(r.key) }));
  },

  async newest(db, plan, limit, offset) {
    const { rows } = await sql<{ post_id: number }>`SELECT post_id FROM search_documents WHERE ${where(plan)}
      ORDER BY doc_key DESC LIMIT ${limit} OFFSET ${offset}`.execute(db);
    return rows.map((r) => r.post_id);
  },
};

/** The words of every field with their positions, fields kept a position apart. */
export function tsvectorOf(doc: SearchDocument): string {
  const positions = new Map<string, string[]>();
  let at = 1;
  for (const text of [doc.title, doc.labels, doc.source, doc.body]) {
    if (!text) continue;
    for (const word of text.split(' ')) {
      if (!word) continue;
      let list = positions.get(word);
      if (!list) {
        list = [];
        positions.set(word, list);
      }
      if (list.length < MAX_POSITIONS && at <= MAX_POSITION) list.push(String(at));
      at++;
    }
    at++; // a gap, so a phrase never runs from one field into the next (as in FTS5's columns)
  }
  return [...positions]
    .map(([word, list]) => (list.length > 0 ? `${literal(word)}:${list.join(',')}` : literal(word)))
    .join(' ');
}

const compiled = new WeakMap<SearchPlan, RawBuilder<unknown>>();

function where(plan: SearchPlan): RawBuilder<unknown> {
  const done = compiled.get(plan);
  if (done) return done;
  const { include, exclude } = plan.query;
  const conditions: RawBuilder<unknown>[] = [];
  const positiveWords = include.flatMap(wordAtoms).map((a) => `(${tsPhrase(a.words)})`);
  const pureWordExclusions = exclude.filter((c) => gramAtoms(c).length === 0);
  if (positiveWords.length > 0) {
    const negatives = pureWordExclusions.map(
      (c) =>
        `!(${wordAtoms(c)
          .map((a) => `(${tsPhrase(a.words)})`)
          .join(' & ')})`,
    );
    conditions.push(sql`words @@ ${[...positiveWords, ...negatives].join(' & ')}::tsquery`);
  }
  for (const atom of include.flatMap(gramAtoms)) conditions.push(atomCondition(atom));
  for (const clause of positiveWords.length > 0
    ? exclude.filter((c) => !pureWordExclusions.includes(c))
    : exclude) {
    conditions.push(sql`NOT (${sql.join(clause.atoms.map(atomCondition), sql` AND `)})`);
  }
  if (plan.year !== undefined) conditions.push(sql`year = ${plan.year}`);
  if (plan.labelId !== undefined) {
    conditions.push(sql`post_id IN (SELECT post_id FROM post_labels WHERE label_id = ${plan.labelId})`);
  }
  const result = sql.join(conditions, sql` AND `);
  compiled.set(plan, result);
  return result;
}

function atomCondition(atom: Atom): RawBuilder<unknown> {
  if (atom.kind === 'words') return sql`words @@ ${tsPhrase(atom.words)}::tsquery`;
  return sql`grams LIKE ${likeAnywhere(atom.text)}`;
}

function tsPhrase(words: string[]): string {
  return words.map(literal).join(' <-> ');
}

/** A lexeme quoted for tsvector and tsquery input (which never re-parses it). */
function literal(word: string): string {
  return `'${word.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}
