import assert from 'node:assert/strict';
import { it } from 'node:test';
import { distance, MAX_DISTANCE, simhash } from './simhash.ts';
import { urlKey } from './url-key.ts';

const STORY =
  'The Mekong river commission said on Monday that water levels at Kratie fell to their lowest point in a decade as dams upstream held back the flow during the dry season';

it('finds a lightly edited story near and another story far', () => {
  const a = simhash(STORY)!;
  assert.ok(distance(a.hex, simhash(STORY.replace('Monday', 'Tuesday'))!.hex) <= MAX_DISTANCE);
  const other = simhash(
    'Farmers in Takeo province began the rice harvest two weeks early this year after heavy rains in September filled the paddies',
  )!;
  assert.ok(distance(a.hex, other.hex) > 10);
});

it('reads Khmer word by word, so spacing does not change the fingerprint', () => {
  const khmer = 'ក្រសួងសុខាភិបាលបានប្រកាសថាករណីគ្រុនឈាមបានកើនឡើងនៅក្នុងខេត្តកំពង់ចាមនិងខេត្តតាកែវក្នុងរយៈពេលមួយសប្តាហ៍ចុងក្រោយនេះ';
  const a = simhash(khmer);
  assert.ok(a, 'a Khmer sentence has enough words');
  assert.equal(distance(a.hex, simhash(khmer.replace('បានប្រកាស', 'បាន\u200bប្រកាស'))!.hex), 0);
});

it('splits the fingerprint into four 16-bit bands and skips texts too short to compare', () => {
  const { hex, bands } = simhash(STORY)!;
  assert.equal(hex.length, 16);
  assert.deepEqual(
    bands,
    [0, 1, 2, 3].map((i) => Number.parseInt(hex.slice(i * 4, i * 4 + 4), 16)),
  );
  assert.equal(simhash('Short title only'), null);
});

it('keys one story’s addresses alike', () => {
  const key = urlKey('https://www.example.com/a/b/?utm_source=rss&id=2&fbclid=x#top');
  assert.equal(urlKey('http://example.com/a/b?id=2'), key);
  assert.notEqual(urlKey('http://example.com/a/c?id=2'), key);
});
