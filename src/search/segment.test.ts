import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import { atomsOf, formatQuery, parseQuery } from './query.ts';
import { gramsOf, shinglesOf, tokens, unspacedPieces, wordsOf } from './segment.ts';
import { highlight, snippet } from './snippet.ts';

const LUCENE_KHMER = '../shared/corpora/khmer/lucene-icu-tokenizer-khmer.json';

describe('words for the index', () => {
  it('lower-cases, drops punctuation and the accents of Latin letters', () => {
    assert.equal(
      wordsOf('Hello, Café-au-lait! NAÏVE naïve Ελληνικά'),
      'hello cafe au lait naive naive ελληνικα',
    );
    assert.equal(wordsOf('The co-operation, 3.5% in 2017.'), 'the co operation 3 5 in 2017');
    // Soft hyphens and joiners hide inside words; they do not split them.
    assert.equal(wordsOf('inter\u00adnational'), 'international');
  });

  it('cuts Khmer into words with ICU’s dictionary (the Lucene ICU golden case)', (t) => {
    if (!fs.existsSync(LUCENE_KHMER)) {
      if (process.env.CI === 'true') assert.fail(`${LUCENE_KHMER} is missing`);
      return t.skip(`${LUCENE_KHMER} is absent (../shared is not checked out)`);
    }
    const [golden] = JSON.parse(fs.readFileSync(LUCENE_KHMER, 'utf8')) as {
      input: string;
      tokens: string[];
    }[];
    assert.deepEqual(wordsOf(golden!.input).split(' '), golden!.tokens);
  });

  it('keeps Khmer vowel signs inside their words, and treats zero-width spaces as word breaks', () => {
    // FTS5's default tokenizer would cut កូន at its vowel sign; here it stays one word.
    assert.deepEqual(wordsOf('កូន'), 'កូន');
    assert.equal(wordsOf('នៅ\u200bខេត្ត\u200bបាត់ដំបង'), 'នៅ ខេត្ត បាត់ដំបង');
    assert.equal(wordsOf('ASEANកិច្ចប្រជុំ'), 'asean កិច្ចប្រជុំ');
  });

  it('cuts Thai, Chinese and Japanese too', () => {
    assert.equal(wordsOf('สวัสดีครับ'), 'สวัสดี ครับ');
    assert.equal(wordsOf('我们在北京学习中文'), '我们 在 北京 学习 中文');
    assert.ok(wordsOf('東京都に住んでいます').split(' ').includes('東京'));
  });

  it('never yields the private-use mark the index uses for its own filter words', () => {
    assert.equal(wordsOf('\ue000y2017 \ue002ថៃ'), 'y2017 ថៃ');
  });

  it('keeps the unspaced text whole for substring search: spaces and zero-width spaces out, punctuation breaks', () => {
    assert.equal(gramsOf('នៅ\u200bខេត្ត បាត់ដំបង។ Hello ថៃ'), 'នៅខេត្តបាត់ដំបង\nថៃ');
    assert.equal(gramsOf('Only English here.'), '');
    assert.deepEqual(
      shinglesOf('ក្រ\nថៃ').sort(),
      ['ក', 'ក្', '្', '្រ', 'រ', 'ថ', 'ថៃ', 'ៃ'].map((s) => `\ue002${s}`).sort(),
    );
  });

  it('knows where each word and piece came from, for highlighting', () => {
    const text = 'Dr. Café, នៅ\u200bខេត្ត';
    assert.deepEqual(
      tokens(text).map((t) => [t.word, text.slice(t.start, t.end)]),
      [
        ['dr', 'Dr'],
        ['cafe', 'Café'],
        ['នៅ', 'នៅ'],
        ['ខេត្ត', 'ខេត្ត'],
      ],
    );
    const [piece] = unspacedPieces(text);
    assert.equal(piece!.text, 'នៅខេត្ត');
    assert.equal(text.slice(piece!.start, piece!.end), 'នៅ\u200bខេត្ត');
  });
});

describe('the query language', () => {
  it('reads words, "phrases" and -exclusions', () => {
    const q = parseQuery('Hun Sen "National Assembly" -commune -"rubber price"');
    assert.deepEqual(
      q.include.map((c) => [c.text, c.phrase, c.atoms]),
      [
        ['Hun', false, [{ kind: 'words', words: ['hun'] }]],
        ['Sen', false, [{ kind: 'words', words: ['sen'] }]],
        ['National Assembly', true, [{ kind: 'words', words: ['national', 'assembly'] }]],
      ],
    );
    assert.deepEqual(
      q.exclude.map((c) => c.atoms),
      [[{ kind: 'words', words: ['commune'] }], [{ kind: 'words', words: ['rubber', 'price'] }]],
    );
    assert.equal(formatQuery(q), 'Hun Sen "National Assembly" -commune -"rubber price"');
  });

  it('takes curly quotes from phones and keeps a hyphenated word together as a phrase', () => {
    assert.deepEqual(parseQuery('“garment sector”').include[0]!.atoms, [
      { kind: 'words', words: ['garment', 'sector'] },
    ]);
    assert.deepEqual(parseQuery('long-term').include[0]!.atoms, [{ kind: 'words', words: ['long', 'term'] }]);
  });

  it('turns unspaced text into substrings, segmented for highlighting', () => {
    assert.deepEqual(atomsOf('ASEAN\u200bកិច្ចប្រជុំ'), [
      { kind: 'words', words: ['asean'] },
      { kind: 'grams', text: 'កិច្ចប្រជុំ', words: ['កិច្ចប្រជុំ'] },
    ]);
    assert.deepEqual(parseQuery('"ខេត្ត បាត់ដំបង"').include[0]!.atoms, [
      { kind: 'grams', text: 'ខេត្តបាត់ដំបង', words: ['ខេត្តបាត់ដំបង'] },
    ]);
  });

  it('never fails on bad syntax: stray quotes, dashes, operators and brackets are punctuation', () => {
    for (const input of [
      '"',
      '-',
      '--',
      '"unclosed phrase',
      'a AND (b OR',
      'NEAR(x y)',
      '*',
      'title:x',
      '\\',
      "'; DROP",
      '-"',
      '""',
      '   ',
      '\u0000',
      'a'.repeat(5000),
    ]) {
      const q = parseQuery(input);
      assert.ok(Array.isArray(q.include) && Array.isArray(q.exclude), input);
    }
    assert.deepEqual(parseQuery('"unclosed phrase').include[0]!.atoms, [
      { kind: 'words', words: ['unclosed', 'phrase'] },
    ]);
    assert.equal(parseQuery('-only -negative').include.length, 0);
    assert.ok(parseQuery(Array.from({ length: 40 }, (_, i) => `w${i}`).join(' ')).include.length <= 12);
  });
});

describe('highlighting', () => {
  const atoms = (q: string) => parseQuery(q).include.flatMap((c) => c.atoms);

  it('marks whole words and phrases, whatever their case and accents', () => {
    const marked = (parts: { text: string; mark?: boolean }[]) =>
      parts.map((p) => (p.mark ? `[${p.text}]` : p.text)).join('');
    assert.equal(
      marked(highlight('Café society: the CAFE and the cafeteria', atoms('cafe'))),
      '[Café] society: the [CAFE] and the cafeteria',
    );
    assert.equal(
      marked(highlight('The National Assembly met; national news', atoms('"national assembly"'))),
      'The [National Assembly] met; national news',
    );
    assert.equal(
      marked(highlight('នៅ\u200bខេត្តបាត់ដំបង ថ្ងៃនេះ', atoms('បាត់ដំបង'))),
      'នៅ\u200bខេត្ត[បាត់ដំបង] ថ្ងៃនេះ',
    );
  });

  it('cuts a snippet around the matches, with ellipses, never through a match', () => {
    const text = `${'Filler words come first. '.repeat(30)}Here the bridge appears. ${'More filler after. '.repeat(30)}`;
    const parts = snippet(text, atoms('bridge'), 120);
    const joined = parts.map((p) => p.text).join('');
    assert.ok(joined.startsWith('… ') && joined.endsWith(' …'));
    assert.ok(joined.length < 140);
    assert.deepEqual(
      parts.filter((p) => p.mark).map((p) => p.text),
      ['bridge'],
    );
  });
});
