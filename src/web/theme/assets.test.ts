// The theme's assets: files served with a content hash, and compose.js bundled from compose/ by
// esbuild — a browser script with no eval, immutable when asked for by its hash.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assetRoutes } from '../assets-routes.ts';
import { assetUrl, buildAssets, getAsset } from './assets.ts';

describe('assets', () => {
  it('bundles compose.js with Tiptap, no eval, under a content hash', () => {
    buildAssets();
    const asset = getAsset('compose.js');
    assert.ok(asset, 'compose.js is built');
    const text = asset.body.toString('utf8');
    assert.match(asset.type, /^text\/javascript/);
    assert.ok(asset.body.length > 100_000, 'Tiptap and ProseMirror are inside');
    assert.match(text, /editor-note/);
    assert.doesNotMatch(text, /\beval\(|new Function\(/, 'nothing the CSP (no unsafe-eval) would refuse');
    assert.doesNotMatch(text, /^import |require\(/m, 'one self-contained script');
    assert.equal(assetUrl('compose.js'), `/assets/compose.js?v=${asset.hash}`);
    assert.equal(getAsset('compose.js'), asset, 'built once, then kept');
  });

  it('serves it immutable under its hash, briefly cached without', async () => {
    const app = assetRoutes();
    const hash = getAsset('compose.js')!.hash;
    const hashed = await app.request(`/compose.js?v=${hash}`);
    assert.equal(hashed.status, 200);
    assert.equal(hashed.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    const bare = await app.request('/compose.js');
    assert.equal(bare.headers.get('cache-control'), 'public, max-age=300');
    assert.equal((await app.request('/nothing.js')).status, 404);
  });
});
