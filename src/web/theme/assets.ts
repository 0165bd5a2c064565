// Static assets (the stylesheet, the admin's scripts) are read once, on first use, and served with
// a content hash in their URL, so browsers may cache them for a year. compose.js, the admin's rich
// editor, is bundled from compose/ by esbuild the first time it is asked for (or at serve start,
// see buildAssets), so `npm ci && npm start` needs no separate build step.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

const folder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'assets');

export interface Asset {
  body: Buffer;
  type: string;
  hash: string;
}

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.png': 'image/png',
};

let loaded: Map<string, Asset> | undefined;

/** Bundled scripts: served name → entry point. */
const BUNDLES: Record<string, string> = {
  'compose.js': path.join(path.dirname(folder), 'compose', 'index.ts'),
};

function bundle(entry: string): Buffer {
  const result = buildSync({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2020',
    platform: 'browser',
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
  });
  return Buffer.from(result.outputFiles[0]!.contents);
}

function hashed(body: Buffer, type: string): Asset {
  return { body, type, hash: createHash('sha256').update(body).digest('hex').slice(0, 12) };
}

const built = new Map<string, Asset>();

function builtAsset(name: string): Asset | undefined {
  const entry = BUNDLES[name];
  if (!entry) return undefined;
  let asset = built.get(name);
  if (!asset) {
    asset = hashed(bundle(entry), TYPES['.js']!);
    built.set(name, asset);
  }
  return asset;
}

/** Builds the bundled assets now (at serve start) rather than on the first request for them. */
export function buildAssets(): void {
  for (const name of Object.keys(BUNDLES)) builtAsset(name);
}

function assets(): Map<string, Asset> {
  if (loaded) return loaded;
  loaded = new Map();
  for (const name of fs.readdirSync(folder)) {
    const body = fs.readFileSync(path.join(folder, name));
    loaded.set(name, hashed(body, TYPES[path.extname(name)] ?? 'application/octet-stream'));
  }
  return loaded;
}

export function getAsset(name: string): Asset | undefined {
  return assets().get(name) ?? builtAsset(name);
}

export function assetUrl(name: string): string {
  const asset = getAsset(name);
  return `/assets/${name}${asset ? `?v=${asset.hash}` : ''}`;
}
