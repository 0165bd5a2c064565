// Slugs as Blogger makes them: ASCII words, accents dropped, other scripts left out (never
// transliterated), "blog-post" for a title without Latin letters.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { fallbackSlug, slugify } from './slugs.ts';

it('makes lower-case ASCII words of Latin titles, cut near 40 characters', () => {
  assert.equal(slugify('Hun Sen to visit Japan'), 'hun-sen-to-visit-japan');
  assert.equal(slugify('Café au lait, São Paulo & Łódź'), 'cafe-au-lait-sao-paulo-lodz');
  assert.equal(slugify('Straße’s Œuvre'), 'strasses-oeuvre');
  assert.equal(
    slugify('The Japanese government has been convincing Japanese corporations to invest'),
    'the-japanese-government-has-been',
  );
});

it('leaves other scripts out, and gives Blogger’s blog-post when nothing Latin is left', () => {
  assert.equal(slugify('សម្ដេចតេជោ ហ៊ុន សែន Hun Sen ជួប Abe'), 'hun-sen-abe');
  assert.equal(slugify('សម្ដេចតេជោ ហ៊ុន សែន អញ្ជើញទៅប្រទេសជប៉ុន'), 'blog-post');
  assert.equal(slugify('习近平会见洪森 2017'), '2017');
  assert.equal(slugify('Путин и Хун Сен', fallbackSlug('page')), 'blog-page');
  for (const title of ['ព្រះសីហនុ។', '新华社', 'ประเทศไทย', 'Ελλάδα']) {
    assert.match(slugify(title), /^[a-z0-9-]+$/);
  }
});
