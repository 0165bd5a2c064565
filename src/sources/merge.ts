// Merging the names clippings carry: "Khmer Times", "KhmerTimes" and "khmertimeskh.com" become one
// outlet, "Sok  Chea" and "Sok Chea" one writer at an outlet. Every post carrying a merged name is
// rewritten (drafts and the trash too, so nothing brings the old name back), and each name merged
// away is kept as an alias whose /source/ pages and feeds redirect to the name it became.
import type { Kysely, Transaction } from 'kysely';
import { parseAuthors } from '../lib/authors.ts';
import type { Database } from '../storage/schema.ts';

export type SourceNameKind = 'outlet' | 'author';

export interface MergeRequest {
  kind: SourceNameKind;
  /** The outlet whose writers are merged (kind 'author'). */
  outlet?: string;
  /** The names merged away; the one merged into may be among them. */
  names: string[];
  /** The name they all become: one of them, or a new spelling. */
  into: string;
}

export class MergeError extends Error {}

export const MAX_NAME_LENGTH = 200;

/** Merges the names into one; returns how many posts changed. Throws MergeError on a bad request. */
export async function mergeSourceNames(db: Kysely<Database>, request: MergeRequest, now: Date) {
  const into = request.into.replace(/\s+/g, ' ').trim();
  const what = request.kind === 'outlet' ? 'outlet' : 'writer';
  if (!into) throw new MergeError(`Name the ${what} to merge into.`);
  if (into.length > MAX_NAME_LENGTH)
    throw new MergeError(`A name has at most ${MAX_NAME_LENGTH} characters.`);
  if (!/[\p{L}\p{N}]/u.test(into)) throw new MergeError(`“${into}” has no letter or digit: choose a name.`);
  const names = [...new Set(request.names.map((n) => n.trim()).filter((n) => n && n !== into))];
  if (names.length === 0)
    throw new MergeError(`Tick the ${what}s to merge: at least one other than “${into}”.`);
  const outlet = request.outlet?.trim() ?? '';
  if (request.kind === 'author' && !outlet) throw new MergeError('Say which outlet the writers belong to.');
  return db.transaction().execute(async (trx) => {
    const posts =
      request.kind === 'outlet'
        ? await mergeOutlets(trx, names, into, now)
        : await mergeAuthors(trx, outlet, names, into, now);
    if (posts === 0) throw new MergeError(`No post carries ${names.map((n) => `“${n}”`).join(', ')}.`);
    await recordAliases(trx, request.kind, request.kind === 'outlet' ? '' : outlet, names, into, now);
    return { posts };
  });
}

async function mergeOutlets(trx: Transaction<Database>, names: string[], into: string, now: Date) {
  const result = await trx
    .updateTable('posts')
    .set({ source_outlet: into, updated_at: now.toISOString() })
    .where('source_outlet', 'in', names)
    .executeTakeFirst();
  // Writers merged at an outlet stay merged at the outlet it became.
  const moved = await trx
    .selectFrom('source_aliases')
    .selectAll()
    .where('kind', '=', 'author')
    .where('outlet', 'in', names)
    .execute();
  for (const alias of moved) {
    await upsertAlias(trx, { ...alias, outlet: into });
  }
  await trx.deleteFrom('source_aliases').where('kind', '=', 'author').where('outlet', 'in', names).execute();
  return Number(result.numUpdatedRows);
}

async function mergeAuthors(
  trx: Transaction<Database>,
  outlet: string,
  names: string[],
  into: string,
  now: Date,
) {
  const merged = new Set(names);
  const rows = await trx
    .selectFrom('posts')
    .select(['id', 'source_authors'])
    .where('source_outlet', '=', outlet)
    .execute();
  let changed = 0;
  for (const row of rows) {
    const authors = parseAuthors(row.source_authors);
    if (!authors.some((a) => merged.has(a))) continue;
    const renamed = [...new Set(authors.map((a) => (merged.has(a) ? into : a)))];
    await trx
      .updateTable('posts')
      .set({ source_authors: JSON.stringify(renamed), updated_at: now.toISOString() })
      .where('id', '=', row.id)
      .execute();
    changed++;
  }
  return changed;
}

/** The names merged away redirect to `into`; older aliases follow; `into` itself is live again. */
async function recordAliases(
  trx: Transaction<Database>,
  kind: SourceNameKind,
  outlet: string,
  names: string[],
  into: string,
  now: Date,
) {
  const scope = trx.deleteFrom('source_aliases').where('kind', '=', kind).where('outlet', '=', outlet);
  await scope.where('from_name', '=', into).execute();
  await trx
    .updateTable('source_aliases')
    .set({ to_name: into })
    .where('kind', '=', kind)
    .where('outlet', '=', outlet)
    .where('to_name', 'in', names)
    .execute();
  for (const name of names) {
    await upsertAlias(trx, { kind, outlet, from_name: name, to_name: into, created_at: now.toISOString() });
  }
}

async function upsertAlias(
  trx: Transaction<Database>,
  alias: { kind: SourceNameKind; outlet: string; from_name: string; to_name: string; created_at: string },
) {
  await trx
    .insertInto('source_aliases')
    .values(alias)
    .onConflict((oc) => oc.columns(['kind', 'outlet', 'from_name']).doUpdateSet({ to_name: alias.to_name }))
    .execute();
}

/**
 * The names a new clipping should carry: an outlet or writer merged away becomes the name it was
 * merged into, so clipping again from "KhmerTimes" does not bring the old name (and page) back.
 */
export async function canonicalSource(
  db: Kysely<Database>,
  outlet: string,
  authors: string[],
): Promise<{ outlet: string; authors: string[] }> {
  const alias = await db
    .selectFrom('source_aliases')
    .select('to_name')
    .where('kind', '=', 'outlet')
    .where('outlet', '=', '')
    .where('from_name', '=', outlet)
    .executeTakeFirst();
  const kept = alias?.to_name ?? outlet;
  if (authors.length === 0) return { outlet: kept, authors };
  const rows = await db
    .selectFrom('source_aliases')
    .select(['from_name', 'to_name'])
    .where('kind', '=', 'author')
    .where('outlet', '=', kept)
    .where('from_name', 'in', authors)
    .execute();
  const to = new Map(rows.map((r) => [r.from_name, r.to_name]));
  return { outlet: kept, authors: [...new Set(authors.map((a) => to.get(a) ?? a))] };
}

export interface NameUse {
  name: string;
  /** Posts carrying the name, whatever their status. */
  posts: number;
  /** Of those, published. */
  published: number;
}

/** Every outlet name posts carry (drafts and the trash included), most used first. */
export async function outletNames(db: Kysely<Database>): Promise<NameUse[]> {
  const rows = await db
    .selectFrom('posts')
    .select(['source_outlet', 'status', 'trashed_at'])
    .where('source_outlet', 'is not', null)
    .execute();
  return tally(rows.map((r) => ({ names: [r.source_outlet!], published: isPublic(r) })));
}

/** Every writer name at an outlet, most used first. */
export async function writerNames(db: Kysely<Database>, outlet: string): Promise<NameUse[]> {
  const rows = await db
    .selectFrom('posts')
    .select(['source_authors', 'status', 'trashed_at'])
    .where('source_outlet', '=', outlet)
    .execute();
  return tally(rows.map((r) => ({ names: parseAuthors(r.source_authors), published: isPublic(r) })));
}

function isPublic(row: { status: string; trashed_at: string | null }): boolean {
  return row.status === 'published' && row.trashed_at === null;
}

function tally(rows: { names: string[]; published: boolean }[]): NameUse[] {
  const uses = new Map<string, NameUse>();
  for (const row of rows) {
    for (const name of new Set(row.names)) {
      const use = uses.get(name) ?? { name, posts: 0, published: 0 };
      use.posts++;
      if (row.published) use.published++;
      uses.set(name, use);
    }
  }
  return [...uses.values()].sort((a, b) => b.posts - a.posts || collator.compare(a.name, b.name));
}

/**
 * Names that look like one outlet or writer spelled differently: the same letters and digits once
 * case, spaces, punctuation, a leading "www." and a trailing domain (".com", ".com.kh") are set
 * aside, or one such key the other plus at most three letters ("khmertimes", "khmertimeskh").
 * Groups of two or more, in the order the names came (most used first).
 */
export function lookAlikes(names: string[]): string[][] {
  const keys = names.map(squash);
  const parent = names.map((_, i) => i);
  const root = (i: number): number => {
    let r = i;
    while (parent[r] !== r) r = parent[r]!;
    return r;
  };
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      if (alike(keys[i]!, keys[j]!)) parent[root(j)] = root(i);
    }
  }
  const groups = new Map<number, string[]>();
  names.forEach((name, i) => {
    const group = groups.get(root(i)) ?? [];
    group.push(name);
    groups.set(root(i), group);
  });
  return [...groups.values()].filter((g) => g.length > 1);
}

function squash(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/^(?:https?:\/\/)?(?:www\.)?/, '')
    .replace(/\.(?:com|org|net|news|info|co)(?:\.[a-z]{2})?\/?$|\.[a-z]{2}\/?$/, '')
    .replace(/[^\p{L}\p{N}\p{M}]+/gu, '');
}

function alike(a: string, b: string): boolean {
  if (!a || !b) return false;
  if (a === b) return true;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return short.length >= 6 && long.startsWith(short) && long.length - short.length <= 3;
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
