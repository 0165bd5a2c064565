// Helpers for the import and export tests: where the shared corpora are, counting what a file
// holds without the importer's parser (plain regular expressions over the text, so a test does
// not check the parser against itself), emptying a database between files, and a fingerprint of
// everything a blog holds (to prove an import changed nothing).
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Store } from '../storage/db.ts';

export const CORPORA = path.resolve('../shared/corpora');

/** false when the corpus is there; otherwise why the suite skips (never under CI=true, where it fails). */
export function corpusSkip(folder: string): string | false {
  if (fs.existsSync(path.join(CORPORA, folder))) return false;
  if (process.env.CI === 'true') return false;
  return `the ${folder} corpus is not at ${path.join(CORPORA, folder)} (it lives in the shared folder beside the project)`;
}

export function corpusFiles(folder: string, pattern = /\.(xml|wxr)$/): string[] {
  const root = path.join(CORPORA, folder);
  if (!fs.existsSync(root)) {
    if (process.env.CI === 'true') throw new Error(`corpus missing under CI: ${root}`);
    return [];
  }
  const walk = (dir: string): string[] =>
    fs
      .readdirSync(dir, { withFileTypes: true })
      .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  return walk(root)
    .filter((f) => pattern.test(f))
    .sort();
}

const CONTENT_TABLES = [
  'moderation_log',
  'comments',
  'post_labels',
  'clip_snapshots',
  'search_documents',
  'posts',
  'labels',
  'redirects',
  'media',
  'users',
];

/** Empties the content tables (a fresh blog without making a fresh database). */
export async function resetContent(store: Store): Promise<void> {
  for (const table of CONTENT_TABLES) await sql`DELETE FROM ${sql.table(table)}`.execute(store.db);
  await sql`DELETE FROM settings WHERE key LIKE 'blog.%'`.execute(store.db);
}

/** Every row of the tables a blog is made of, as text: equal fingerprints, equal blogs. */
export async function fingerprint(store: Store): Promise<string> {
  const parts: string[] = [];
  for (const [table, order] of [
    ['settings', 'key'],
    ['users', 'id'],
    ['posts', 'id'],
    ['labels', 'id'],
    ['post_labels', 'post_id, label_id'],
    ['comments', 'id'],
    ['redirects', 'from_path'],
    ['media', 'id'],
  ] as const) {
    const rows = await sql`SELECT * FROM ${sql.table(table)} ORDER BY ${sql.raw(order)}`.execute(store.db);
    parts.push(`${table}:${JSON.stringify(rows.rows)}`);
  }
  return parts.join('\n');
}

export async function countWhere(store: Store, table: string, where = '1 = 1'): Promise<number> {
  const r = await sql<{
    n: number | string;
  }>`SELECT COUNT(*) AS n FROM ${sql.table(table)} WHERE ${sql.raw(where)}`.execute(store.db);
  return Number(r.rows[0]!.n);
}

// ---- counting a Blogger export with regular expressions ----

export interface BloggerEntry {
  kind: string;
  id: string | null;
  draft: boolean;
  labels: string[];
  alternate: string | null;
  published: string | null;
  /** For comments: the post's entry id, and the parent comment's number (rel="related"). */
  ref: string | null;
  parent: string | null;
}

export function bloggerEntries(xml: string): BloggerEntry[] {
  return xml
    .split(/<entry[\s>]/)
    .slice(1)
    .map((chunk) => chunk.slice(0, chunk.search(/<\/entry>|$/)))
    .map((e) => {
      const attr = (name: string, tag: string) =>
        new RegExp(`<${tag}\\b[^>]*\\b${name}=['"]([^'"]*)['"]`).exec(e)?.[1] ?? null;
      const kind = /kind#(post|page|comment|settings|template)['"]/.exec(e)?.[1] ?? 'unknown';
      const alternate =
        /<link\b(?=[^>]*rel=['"]alternate['"])(?=[^>]*type=['"]text\/html['"])[^>]*href=['"]([^'"]+)['"]/.exec(
          e,
        )?.[1];
      return {
        kind,
        id: /<id>\s*([^<\s]+)\s*<\/id>/.exec(e)?.[1] ?? null,
        draft: /<(?:app:)?draft>\s*yes\s*</.test(e),
        labels: [
          ...e.matchAll(/scheme=['"]http:\/\/www\.blogger\.com\/atom\/ns#['"]\s+term=['"]([^'"]+)['"]/g),
        ].map((m) => decodeXml(m[1]!)),
        alternate: alternate ? decodeXml(alternate) : null,
        published: /<published>\s*([^<\s]+)\s*<\/published>/.exec(e)?.[1] ?? null,
        ref: attr('ref', 'thr:in-reply-to'),
        parent:
          /<link\b[^>]*rel=['"]related['"][^>]*href=['"][^'"]*\/comments\/default\/(\d+)['"]/.exec(e)?.[1] ??
          null,
      };
    });
}

// ---- counting a WordPress export with regular expressions ----

export interface WxrItem {
  type: string;
  id: string | null;
  status: string;
  title: string;
  comments: { id: string; parent: string; approved: string; type: string }[];
}

export function wxrItems(xml: string): WxrItem[] {
  return xml
    .split(/<item[\s>]/)
    .slice(1)
    .map((chunk) => chunk.slice(0, chunk.indexOf('</item>') >= 0 ? chunk.indexOf('</item>') : undefined))
    .map((item) => {
      const field = (name: string, text = item) =>
        new RegExp(`<wp:${name}>\\s*(?:<!\\[CDATA\\[)?([^<]*?)(?:\\]\\]>)?\\s*</wp:${name}>`)
          .exec(text)?.[1]
          ?.trim() ?? '';
      const comments = [...item.matchAll(/<wp:comment>([\s\S]*?)<\/wp:comment>/g)].map((m) => ({
        id: field('comment_id', m[1]),
        parent: field('comment_parent', m[1]),
        approved: field('comment_approved', m[1]),
        type: field('comment_type', m[1]),
      }));
      const withoutComments = item.replace(/<wp:comment>[\s\S]*?<\/wp:comment>/g, '');
      // An item that binds "wp:" to a namespace of its own has no WordPress fields at all.
      const foreign = /^[^>]*xmlns:wp=["'](?!https?:\/\/wordpress\.org\/export\/)/.test(item);
      return {
        type: foreign ? 'post' : field('post_type', withoutComments) || 'post',
        id: foreign ? null : field('post_id', withoutComments) || null,
        status: (foreign ? '' : field('status', withoutComments)) || 'publish',
        title: /<title>(?:<!\[CDATA\[)?([\s\S]*?)(?:\]\]>)?<\/title>/.exec(withoutComments)?.[1] ?? '',
        comments,
      };
    });
}

function decodeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, '&');
}
