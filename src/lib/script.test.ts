import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { langAttribute, scriptLanguage } from './script.ts';

describe('scriptLanguage', () => {
  it('names Khmer text, even with Latin names and digits beside it', () => {
    assert.equal(scriptLanguage('កិច្ចព្រមព្រៀងសន្តិភាពទីក្រុងប៉ារីស'), 'km');
    assert.equal(scriptLanguage('សម្តេច Hun Sen ថ្លែងនៅថ្ងៃទី 23 ខែតុលា ឆ្នាំ 1991 ក្នុងសន្និសីទ Xinhua'), 'km');
  });

  it('names Thai, Lao, Burmese and Sinhala', () => {
    assert.equal(scriptLanguage('ข้อตกลงสันติภาพปารีส'), 'th');
    assert.equal(scriptLanguage('ສັນຍາສັນຕິພາບປາຣີ'), 'lo');
    assert.equal(scriptLanguage('ပါရီငြိမ်းချမ်းရေးသဘောတူညီချက်'), 'my');
    assert.equal(scriptLanguage('පැරිස් සාම ගිවිසුම'), 'si');
  });

  it('leaves Latin, Chinese and mixed-but-mostly-English text alone', () => {
    assert.equal(scriptLanguage('Paris Peace Accords 23 Oct. 1991'), null);
    assert.equal(scriptLanguage('巴黎和平协定'), null);
    assert.equal(
      scriptLanguage('The Khmer word for peace is សន្តិភាព, said the minister at the meeting today.'),
      null,
    );
    assert.equal(scriptLanguage(''), null);
  });

  it('recognises every article of the Khmer news corpus', {
    skip:
      !fs.existsSync('../shared/corpora/khmer/kh_data_100') &&
      process.env.CI !== 'true' &&
      'the Khmer corpus is not at ../shared/corpora/khmer',
  }, () => {
    const dir = '../shared/corpora/khmer/kh_data_100';
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('_orig.txt'));
    assert.ok(files.length > 0);
    for (const file of files) {
      assert.equal(scriptLanguage(fs.readFileSync(path.join(dir, file), 'utf8')), 'km', file);
    }
  });
});

describe('langAttribute', () => {
  it('is needed only when the page is in another language', () => {
    assert.equal(langAttribute('សន្តិភាព', 'en'), 'km');
    assert.equal(langAttribute('សន្តិភាព', 'km'), undefined);
    assert.equal(langAttribute('សន្តិភាព', 'km-KH'), undefined);
    assert.equal(langAttribute('Peace', 'en'), undefined);
  });
});
