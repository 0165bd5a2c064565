// The house's direction, checked: every import between folders of src/ runs down the layers below
// (the README's architecture section draws the same list), so no two folders import each other and
// no import climbs back up. A new folder must be given its layer here before it can be imported.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

/** Top to bottom. A folder (or a file at the top of src/) may import only from layers below its own. */
export const LAYERS: string[][] = [
  ['main'],
  ['cli'],
  ['app', 'services'],
  ['admin', 'site'],
  ['import'],
  ['export'],
  ['subscriptions'],
  ['inbox'],
  ['sources'],
  ['clippings', 'feeds'],
  ['comments'],
  ['posts'],
  ['search'],
  ['media', 'auth'],
  ['limits', 'jobs'],
  ['app-deps'],
  ['settings'],
  ['web'],
  ['config', 'lib', 'storage'],
];

const SRC = path.resolve(import.meta.dirname, '..', 'src');

interface Edge {
  from: string;
  to: string;
  file: string;
  target: string;
}

/** The unit a path under src/ belongs to: its top folder, or the file's name without extension. */
function unitOf(relative: string): string {
  const [top] = relative.split(path.sep);
  return relative.includes(path.sep) ? top! : top!.replace(/\.tsx?$/, '');
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

// Static imports and re-exports, type-only ones included: a type import ties two folders too.
const IMPORT = /^\s*(?:import|export)\b[^;]*?\bfrom\s+['"](\.{1,2}\/[^'"]+)['"]/gm;
const DYNAMIC = /\bimport\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

function importEdges(): Edge[] {
  const edges: Edge[] = [];
  for (const file of sourceFiles(SRC)) {
    const text = fs.readFileSync(file, 'utf8');
    const from = unitOf(path.relative(SRC, file));
    for (const pattern of [IMPORT, DYNAMIC]) {
      for (const m of text.matchAll(pattern)) {
        const target = path.resolve(path.dirname(file), m[1]!);
        const relative = path.relative(SRC, target);
        if (relative.startsWith('..')) continue;
        const to = unitOf(relative);
        if (to !== from) edges.push({ from, to, file: path.relative(SRC, file), target: relative });
      }
    }
  }
  return edges;
}

const layerOf = new Map(LAYERS.flatMap((units, i) => units.map((u) => [u, i] as const)));

describe('the direction of imports in src/', () => {
  const edges = importEdges();

  it('gives every folder a layer', () => {
    const units = new Set(sourceFiles(SRC).map((f) => unitOf(path.relative(SRC, f))));
    const missing = [...units].filter((u) => !layerOf.has(u));
    assert.deepEqual(missing, [], 'add these folders to LAYERS in test/architecture.test.ts');
  });

  it('has no pair of folders that import each other', () => {
    const pairs = new Set(edges.map((e) => `${e.from} → ${e.to}`));
    const mutual = [...pairs].filter((p) => {
      const [a, b] = p.split(' → ');
      return a! < b! && pairs.has(`${b} → ${a}`);
    });
    assert.deepEqual(mutual, []);
  });

  it('imports only from lower layers', () => {
    const upward = edges
      .filter((e) => layerOf.has(e.from) && layerOf.has(e.to) && layerOf.get(e.to)! <= layerOf.get(e.from)!)
      .map((e) => `${e.file} imports ${e.target} (${e.from} → ${e.to})`);
    assert.deepEqual(upward, []);
  });

  it('opens SQLite only through storage/sqlite-driver.ts (two builds in one process miss each other’s locks)', () => {
    const root = path.resolve(SRC, '..');
    const everyTs = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory())
          return entry.name === 'node_modules' || entry.name.startsWith('.') ? [] : everyTs(full);
        return /\.tsx?$/.test(entry.name) ? [full] : [];
      });
    const direct = ['src', 'test', 'bench']
      .flatMap((dir) => everyTs(path.join(root, dir)))
      .filter((file) => !file.endsWith(path.join('storage', 'sqlite-driver.ts')))
      .filter((file) =>
        /^\s*import\s+(?!type\b)[^;]*from\s+['"]better-sqlite3(-napi)?['"]/m.test(
          fs.readFileSync(file, 'utf8'),
        ),
      )
      .map((file) => path.relative(root, file));
    assert.deepEqual(direct, []);
  });

  it('reads the imports it judges (the check itself is not blind)', () => {
    assert.ok(edges.length > 100, `only ${edges.length} cross-folder imports found`);
    assert.ok(edges.some((e) => e.from === 'admin' && e.to === 'posts'));
  });
});
