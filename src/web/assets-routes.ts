// /assets/NAME: the theme's stylesheets, scripts and icons. A request carrying the asset's hash
// (?v=, as assetUrl writes it) may be cached for a year; without it, for five minutes.
import { Hono } from 'hono';
import { getAsset } from './theme/assets.ts';

export function assetRoutes() {
  const app = new Hono();
  app.get('/:name', (c) => {
    const asset = getAsset(c.req.param('name'));
    if (!asset) return c.notFound();
    const immutable = c.req.query('v') === asset.hash;
    return c.body(new Uint8Array(asset.body), 200, {
      'content-type': asset.type,
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'public, max-age=300',
    });
  });
  return app;
}
