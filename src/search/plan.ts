// What a dialect is asked to do. The rules (what matches, how pages are cut, which posts are
// ranked) live in search.ts and here; each dialect file only says them in its own SQL.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../storage/schema.ts';
import type { SearchDocument } from './document.ts';
import type { Atom, Clause, ParsedQuery } from './query.ts';
import type { Candidate } from './rank.ts';

export type Db = Kysely<Database> | Transaction<Database>;

export interface SearchPlan {
  query: ParsedQuery;
  year?: number;
  labelId?: number;
}

export interface SearchDialect {
  /** Replaces the index entries of these posts (deleting those of `remove`). */
  write(db: Db, docs: SearchDocument[], remove: number[]): Promise<void>;
  /** Tidies the index after a large rebuild (merges segments, refreshes statistics). */
  optimise(db: Db): Promise<void>;
  /** Runs one search's queries together (PostgreSQL: in a transaction planned for the index). */
  session<T>(db: Kysely<Database>, fn: (db: Db) => Promise<T>): Promise<T>;
  /** How many posts match, counting no further than `cap`. */
  count(db: Db, plan: SearchPlan, cap: number): Promise<number>;
  /** The newest `window` matches, newest first, with what ranking needs (rank.ts). */
  candidates(db: Db, plan: SearchPlan, window: number): Promise<Candidate[]>;
  /** Post ids of all matches, newest first (a page of them). */
  newest(db: Db, plan: SearchPlan, limit: number, offset: number): Promise<number[]>;
}

/** A substring's length in letters, capped at 3: SQLite looks up 3+ by trigrams, 1 and 2 as words. */
export function gramsLength(atom: Extract<Atom, { kind: 'grams' }>): 1 | 2 | 3 {
  const n = [...atom.text].length;
  return n >= 3 ? 3 : n === 2 ? 2 : 1;
}

export function wordAtoms(clause: Clause) {
  return clause.atoms.filter((a): a is Extract<Atom, { kind: 'words' }> => a.kind === 'words');
}

export function gramAtoms(clause: Clause) {
  return clause.atoms.filter((a): a is Extract<Atom, { kind: 'grams' }> => a.kind === 'grams');
}

/** A LIKE pattern finding the text anywhere (the texts are letters only, but escape anyway). */
export function likeAnywhere(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
