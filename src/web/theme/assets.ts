// Static assets (the stylesheet, the admin's scripts) are read once, on first use, and served with
// a content hash in their URL, so browsers may cache them for a year.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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

function assets(): Map<string, Asset> {
  if (loaded) return loaded;
  loaded = new Map();
  for (const name of fs.readdirSync(folder)) {
    const body = fs.readFileSync(path.join(folder, name));
    const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
    loaded.set(name, { body, type: TYPES[path.extname(name)] ?? 'application/octet-stream', hash });
  }
  return loaded;
}

export function getAsset(name: string): Asset | undefined {
  return assets().get(name);
}

export function assetUrl(name: string): string {
  const asset = assets().get(name);
  return `/assets/${name}${asset ? `?v=${asset.hash}` : ''}`;
}
