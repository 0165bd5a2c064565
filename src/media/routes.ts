// /media/…: the files of the media folder (uploads, downloaded images). Names carry a hash of the
// content, so browsers may keep them for a year. Only image types are served, never SVG (which
// could carry script), and each with a CSP that forbids everything but being an image.
import fs from 'node:fs';
import path from 'node:path';
import { Hono } from 'hono';
import type { AppDeps } from '../app-deps.ts';

const TYPES: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.avif': 'image/avif',
};

export function mediaRoutes(deps: AppDeps) {
  const app = new Hono();
  const root = path.resolve(deps.config.mediaDir);

  app.get('/*', async (c) => {
    let rel: string;
    try {
      rel = decodeURIComponent(c.req.path.replace(/^\/media\//, ''));
    } catch {
      return c.notFound();
    }
    const type = TYPES[path.extname(rel).toLowerCase()];
    const file = path.resolve(root, rel);
    if (!type || rel.includes('\0') || !file.startsWith(root + path.sep)) return c.notFound();
    let stat: fs.Stats;
    try {
      stat = await fs.promises.stat(file);
    } catch {
      return c.notFound();
    }
    if (!stat.isFile()) return c.notFound();
    const etag = `"${stat.size.toString(36)}-${stat.mtimeMs.toString(36)}"`;
    const headers = {
      'content-type': type,
      'cache-control': 'public, max-age=31536000, immutable',
      'content-security-policy': "default-src 'none'; sandbox",
      etag,
    };
    if (c.req.header('if-none-match') === etag) return c.body(null, 304, headers);
    return c.body(new Uint8Array(await fs.promises.readFile(file)), 200, {
      ...headers,
      'content-length': String(stat.size),
    });
  });

  return app;
}
