// rewriteMediaRefs: the text change behind "replace" — every way a post can point at an image's
// files (an <img> with srcset as Compose writes it, a size the editor chose, an absolute address,
// a link to the original, Markdown) ends up at the new files, and nothing else changes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rewriteMediaRefs } from './replace.ts';

const from = {
  path: '2026/12/aaaaaaaaaaaaaaaa.jpg',
  width: 1400,
  height: 900,
  variants: JSON.stringify([
    { width: 480, path: '2026/12/aaaaaaaaaaaaaaaa-480.webp' },
    { width: 800, path: '2026/12/aaaaaaaaaaaaaaaa-800.webp' },
    { width: 1200, path: '2026/12/aaaaaaaaaaaaaaaa-1200.webp' },
  ]),
};
const square = {
  path: '2026/12/bbbbbbbbbbbbbbbb.png',
  width: 1000,
  height: 1000,
  variants: JSON.stringify([
    { width: 480, path: '2026/12/bbbbbbbbbbbbbbbb-480.webp' },
    { width: 800, path: '2026/12/bbbbbbbbbbbbbbbb-800.webp' },
  ]),
};
const tiny = { path: '2026/12/cccccccccccccccc.gif', width: 300, height: 150, variants: '[]' };

const OLD_SRCSET =
  '/media/2026/12/aaaaaaaaaaaaaaaa-480.webp 480w, /media/2026/12/aaaaaaaaaaaaaaaa-800.webp 800w, /media/2026/12/aaaaaaaaaaaaaaaa-1200.webp 1200w, /media/2026/12/aaaaaaaaaaaaaaaa.jpg 1400w';
const NEW_SRCSET =
  '/media/2026/12/bbbbbbbbbbbbbbbb-480.webp 480w, /media/2026/12/bbbbbbbbbbbbbbbb-800.webp 800w, /media/2026/12/bbbbbbbbbbbbbbbb.png 1000w';

describe('rewriteMediaRefs', () => {
  it('gives a Compose image the new src, srcset and size', () => {
    const html = `<p>Before.</p><figure><img src="/media/2026/12/aaaaaaaaaaaaaaaa.jpg" srcset="${OLD_SRCSET}" sizes="(max-width: 860px) 100vw, 760px" width="1400" height="900" alt="Ships" loading="lazy" /><figcaption>Dawn <span class="credit">Photo: X</span></figcaption></figure><p>After.</p>`;
    assert.equal(
      rewriteMediaRefs(html, from, square),
      `<p>Before.</p><figure><img src="/media/2026/12/bbbbbbbbbbbbbbbb.png" srcset="${NEW_SRCSET}" sizes="(max-width: 860px) 100vw, 760px" width="1000" height="1000" alt="Ships" loading="lazy" /><figcaption>Dawn <span class="credit">Photo: X</span></figcaption></figure><p>After.</p>`,
    );
  });

  it('keeps a width the editor chose and gives it the new shape', () => {
    const html = '<img alt="x" width="700" height="450" src="/media/2026/12/aaaaaaaaaaaaaaaa-800.webp">';
    assert.equal(
      rewriteMediaRefs(html, from, square),
      `<img alt="x" width="700" height="700" src="/media/2026/12/bbbbbbbbbbbbbbbb.png" srcset="${NEW_SRCSET}" sizes="(max-width: 860px) 100vw, 760px">`,
    );
  });

  it('drops srcset and sizes when the new picture has no resized copies', () => {
    const html = `<img src="/media/2026/12/aaaaaaaaaaaaaaaa.jpg" srcset="${OLD_SRCSET}" sizes="100vw" width="1400" height="900" alt="">`;
    assert.equal(
      rewriteMediaRefs(html, from, tiny),
      '<img src="/media/2026/12/cccccccccccccccc.gif" width="300" height="150" alt="">',
    );
  });

  it('rewrites absolute addresses, links, Markdown and lone variants, and nothing else', () => {
    const text = [
      `<a href="https://blog.example/media/2026/12/aaaaaaaaaaaaaaaa.jpg"><img src='https://blog.example/media/2026/12/aaaaaaaaaaaaaaaa-480.webp' alt=x></a>`,
      '![A ship](/media/2026/12/aaaaaaaaaaaaaaaa.jpg)',
      'See /media/2026/12/aaaaaaaaaaaaaaaa-1200.webp and /media/2026/12/dddddddddddddddd.jpg.',
    ].join('\n');
    assert.equal(
      rewriteMediaRefs(text, from, square),
      [
        `<a href="https://blog.example/media/2026/12/bbbbbbbbbbbbbbbb.png"><img src="https://blog.example/media/2026/12/bbbbbbbbbbbbbbbb.png" alt=x srcset="${NEW_SRCSET}" sizes="(max-width: 860px) 100vw, 760px"></a>`,
        '![A ship](/media/2026/12/bbbbbbbbbbbbbbbb.png)',
        'See /media/2026/12/bbbbbbbbbbbbbbbb.png and /media/2026/12/dddddddddddddddd.jpg.',
      ].join('\n'),
    );
  });

  it('leaves a text without the image as it was', () => {
    const html = '<p><img src="/media/2026/12/dddddddddddddddd.jpg" width="10" height="10" alt=""></p>';
    assert.equal(rewriteMediaRefs(html, from, square), html);
  });
});
