// The search index on SQLite: two contentless FTS5 tables keyed by search_documents.doc_key.
// search_words holds the finished words per field (unicode61 told to keep letters, digits and
// marks together, so Khmer words are not cut at vowel signs), the one- and two-letter substrings
// of the unspaced text (the "pairs" column), and the filter words. search_grams is a trigram index of the unspaced-script
// text, for words inside what the segmenter fused with a neighbour. FTS5 reads its lists newest
// first cheaply (ORDER BY rowid DESC LIMIT n), so every query here is written that way. The tables
// and their triggers are made by storage/migrations/006_search.ts and 007_search_queue.ts.
import { sql } from 'kysely';
import { filterToken } from '../document.ts';
import { type Db, gramAtoms, gramsLength, type SearchDialect, type SearchPlan } from '../plan.ts';
import type { Atom } from '../query.ts';
import type { Candidate } from '../rank.ts';
import { SHORT_MARK } from '../segment.ts';

/** Ends a filter word in the trigram index, so label 5 is not found inside label 55. */
const FILTER_END = '\ue001';

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
    if (s.kind === 'mixed') return (await mixedKeys(db, plan, s, cap)).length;
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
        ? sql`SELECT value AS k FROM json_each(${JSON.stringify((await mixedKeys(db, plan, s, window)).slice(0, window))})`
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
        ? sql`SELECT value AS k FROM json_each(${JSON.stringify((await mixedKeys(db, plan, s, offset + limit)).slice(offset, offset + limit))})`
        : sql`SELECT rowid AS k FROM ${sql.table(s.table)} WHERE ${sql.table(s.table)} MATCH ${s.expr}
            ORDER BY rowid DESC LIMIT ${limit} OFFSET ${offset}`;
    const { rows } = await sql<{ post_id: number }>`SELECT d.post_id FROM (${page}) AS w
      JOIN search_documents d ON d.doc_key = w.k ORDER BY d.doc_key DESC`.execute(db);
    return rows.map((r) => r.post_id);
  },
};

type Strategy =
  /** The whole query is one FTS5 expression on one table: the common case, and the fast one. */
  | { kind: 'single'; table: Table; expr: string }
  /** Words and long substrings together: lists from both tables, merged newest first. */
  | { kind: 'mixed'; include: Source[]; exclude: Source[][] };

type Table = 'search_words' | 'search_grams';
/** One FTS5 query whose keys a merge reads, newest first. */
type Source = { table: Table; expr: string };

const strategies = new WeakMap<SearchPlan, Strategy>();
const merges = new WeakMap<SearchPlan, { merge: Intersection; keys: number[] }>();

function strategy(plan: SearchPlan): Strategy {
  let s = strategies.get(plan);
  if (!s) {
    s = choose(plan);
    strategies.set(plan, s);
  }
  return s;
}

/** At least `need` matching keys newest first (fewer when there are fewer), merged as needed. */
async function mixedKeys(db: Db, plan: SearchPlan, s: Extract<Strategy, { kind: 'mixed' }>, need: number) {
  let state = merges.get(plan);
  if (!state) {
    const streams = (sources: Source[]) => sources.map((x) => new FtsStream(db, x.table, x.expr));
    state = {
      merge: new Intersection(
        streams(s.include),
        s.exclude.map((c) => new Intersection(streams(c), [])),
      ),
      keys: [],
    };
    merges.set(plan, state);
  }
  while (state.keys.length < need) {
    const key = await state.merge.peek();
    if (key === undefined) break;
    state.keys.push(key);
    state.merge.pop();
  }
  return state.keys;
}

interface KeyStream {
  /** The largest key not yet taken (reading more first when needed), or undefined at the end. */
  peek(): Promise<number | undefined>;
  pop(): void;
  /** Takes every key larger than `key`; returns the next one left, or undefined at the end. */
  skipAbove(key: number): Promise<number | undefined>;
}

/** An FTS5 query's keys, newest first, read in growing pages (rowid < last: FTS5 seeks that fast). */
class FtsStream implements KeyStream {
  private buffer: number[] = [];
  private at = 0;
  private size = 512;
  private done = false;

  constructor(
    private db: Db,
    private table: Table,
    private expr: string,
  ) {}

  async peek(): Promise<number | undefined> {
    if (this.at < this.buffer.length) return this.buffer[this.at];
    if (this.done) return undefined;
    await this.read(this.buffer.at(-1));
    return this.buffer[0];
  }

  pop(): void {
    this.at++;
  }

  async skipAbove(key: number): Promise<number | undefined> {
    for (;;) {
      while (this.at < this.buffer.length && this.buffer[this.at]! > key) this.at++;
      if (this.at < this.buffer.length || this.done) return this.buffer[this.at];
      // Everything read is newer: read on from the key itself, not from where the page ended.
      await this.read(key + 1);
    }
  }

  /** The next page of keys below `below` (the first page when undefined). */
  private async read(below: number | undefined): Promise<void> {
    const t = sql.table(this.table);
    const { rows } = await sql<{ k: number }>`SELECT rowid AS k FROM ${t} WHERE ${t} MATCH ${this.expr}
      ${below === undefined ? sql`` : sql`AND rowid < ${below}`} ORDER BY rowid DESC LIMIT ${this.size}`.execute(
      this.db,
    );
    this.done = rows.length < this.size;
    this.size = Math.min(this.size * 2, 8192);
    this.buffer = rows.map((r) => r.k);
    this.at = 0;
  }
}

/** Keys in every one of `all` and in none of `none`, newest first (a leapfrog merge). */
class Intersection implements KeyStream {
  private current: number | undefined | null = null;

  constructor(
    private all: KeyStream[],
    private none: KeyStream[],
  ) {}

  async peek(): Promise<number | undefined> {
    if (this.current === null) this.current = await this.next();
    return this.current;
  }

  pop(): void {
    for (const s of this.all) s.pop();
    this.current = null;
  }

  async skipAbove(key: number): Promise<number | undefined> {
    for (;;) {
      const x = await this.peek();
      if (x === undefined || x <= key) return x;
      this.pop();
    }
  }

  private async next(): Promise<number | undefined> {
    let x = await this.all[0]!.peek();
    for (;;) {
      if (x === undefined) return undefined;
      // Leapfrog: each list skips to the first key not newer than x; an older one becomes x.
      let agreed = true;
      for (const s of this.all) {
        const h = await s.skipAbove(x);
        if (h === undefined) return undefined;
        if (h < x) {
          x = h;
          agreed = false;
          break;
        }
      }
      if (!agreed) continue;
      if (!(await this.excluded(x))) return x;
      for (const s of this.all) s.pop();
      x = await this.all[0]!.peek();
    }
  }

  private async excluded(x: number): Promise<boolean> {
    for (const s of this.none) {
      if ((await s.skipAbove(x)) === x) return true;
    }
    return false;
  }
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
  if (atoms.every((a) => !inWords(a))) {
    const expr = combine(
      [
        ...include.flatMap(gramAtoms).map((a) => phrase([a.text])),
        ...filters.map((f) => phrase([f + FILTER_END])),
      ],
      exclude.map((c) => all(gramAtoms(c).map((a) => phrase([a.text])))),
    );
    return { kind: 'single', table: 'search_grams', expr };
  }
  // Filters go with the words when there are any, else with the substrings.
  const sources = (list: Atom[], withFilters: boolean): Source[] => {
    const words = list.filter(inWords).map(wordsPhrase);
    const grams = list.filter(isLong).map((a) => phrase([a.text]));
    const out: Source[] = [];
    if (words.length > 0 || (withFilters && filters.length > 0 && grams.length === 0)) {
      out.push({
        table: 'search_words',
        expr: all([...words, ...(withFilters ? filters.map((f) => phrase([f])) : [])]),
      });
    }
    if (grams.length > 0) {
      const gramFilters =
        withFilters && words.length === 0 ? filters.map((f) => phrase([f + FILTER_END])) : [];
      out.push({ table: 'search_grams', expr: all([...grams, ...gramFilters]) });
    }
    return out;
  };
  return {
    kind: 'mixed',
    include: sources(
      include.flatMap((c) => c.atoms),
      true,
    ),
    exclude: exclude.map((c) => sources(c.atoms, false)),
  };
}

function inWords(atom: Atom): boolean {
  return atom.kind === 'words' || gramsLength(atom) < 3;
}

/** Substrings of three letters or more: looked up by trigrams. */
function isLong(atom: Atom): atom is Extract<Atom, { kind: 'grams' }> {
  return !inWords(atom);
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
