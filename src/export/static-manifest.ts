// The mirror's memory of its last export, kept in DIR: every file it wrote, with the fingerprint of
// the inputs of a page it rendered, or the address of a page it fetched from the blog. The next
// export renders only pages whose fingerprint changed, fetches the addresses again, and removes
// the files it no longer makes.
import fs from 'node:fs';
import path from 'node:path';
import { fingerprint } from './static-data.ts';

/** One line per file: file, tab, fingerprint (rendered) or empty, tab, address (fetched) or empty. */
export const MANIFEST = '.gloss-mirror';

export interface ManifestEntry {
  print: string;
  url: string;
}

export function readManifest(dir: string): Map<string, ManifestEntry> {
  const entries = new Map<string, ManifestEntry>();
  let text = '';
  try {
    text = fs.readFileSync(path.join(dir, MANIFEST), 'utf8');
  } catch {
    return entries;
  }
  for (const line of text.split('\n')) {
    if (!line) continue;
    const [file = '', print = '', url = ''] = line.split('\t');
    entries.set(file, { print, url });
  }
  return entries;
}

export function writeManifest(dir: string, entries: Map<string, ManifestEntry>) {
  const lines = [...entries]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([file, e]) => `${file}\t${e.print}\t${e.url}\n`);
  fs.writeFileSync(path.join(dir, MANIFEST), lines.join(''));
}

/** Removes the files the last export listed that this one did not make; returns how many. */
export function removeStale(dir: string, before: Map<string, ManifestEntry>, made: Set<string>): number {
  let removed = 0;
  for (const file of before.keys()) {
    if (made.has(file) || file.split('/').includes('..')) continue;
    try {
      fs.rmSync(path.join(dir, file));
      removed++;
    } catch {
      // Already gone.
    }
  }
  return removed;
}

let code: string | undefined;

/**
 * A fingerprint of the code that renders the mirror (every source file of src/, the theme's
 * assets included): a new template or stylesheet renders every page again.
 */
export function codeFingerprint(): string {
  if (code) return code;
  const src = path.resolve(import.meta.dirname, '..');
  const files = (fs.readdirSync(src, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((e) => e.isFile() && !/\.test\.tsx?$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
  code = fingerprint(
    files.map((f) => `${path.relative(src, f)}\0${fingerprint(fs.readFileSync(f, 'latin1'))}`).join('\n'),
  );
  return code;
}
