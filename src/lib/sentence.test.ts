import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sentence, sentenceProblem, sentences } from './sentence.ts';

describe('sentence', () => {
  it('capitalises and ends with one full stop', () => {
    assert.equal(sentence('give exactly one FILE'), 'Give exactly one FILE.');
    assert.equal(sentence('Already a sentence.'), 'Already a sentence.');
    assert.equal(sentence('Is it?'), 'Is it?');
    assert.equal(sentence('the file ends early..'), 'The file ends early.');
    assert.equal(sentence('It said "stop."'), 'It said "stop."');
    assert.equal(sentence('  two   spaces  '), 'Two spaces.');
    assert.equal(sentence('--email is required'), '--email is required.');
    assert.equal(sentence('ឯកសារនេះខូច។'), 'ឯកសារនេះខូច។');
    assert.equal(sentence('Wait…'), 'Wait…');
  });

  it('joins parts without doubling stops', () => {
    assert.equal(
      sentences('readme.md: not XML at line 1.', 'nothing was imported: the database is as it was'),
      'readme.md: not XML at line 1. Nothing was imported: the database is as it was.',
    );
    assert.equal(sentences('One', null, '', 'two.'), 'One. Two.');
  });
});

describe('sentenceProblem', () => {
  it('names what is wrong', () => {
    assert.equal(sentenceProblem('Fine.'), null);
    assert.equal(sentenceProblem('Options:'), null);
    assert.equal(sentenceProblem('not capitalised.'), 'it starts with a lowercase letter');
    assert.equal(sentenceProblem('notes.txt is empty.'), null, 'a file name keeps its case');
    assert.equal(sentenceProblem('Doubled..'), 'it has a doubled full stop');
    assert.equal(sentenceProblem('Doubled. . Again'), 'it has a doubled full stop');
    assert.equal(sentenceProblem('No stop'), 'it does not end with a full stop');
    assert.equal(sentenceProblem('An ellipsis...'), null);
  });
});
