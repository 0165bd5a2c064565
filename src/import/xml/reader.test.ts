import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ImportError } from '../errors.ts';
import { childText, textOf, type XmlNode } from './node.ts';
import {
  MAX_RECORD_CHARS,
  MAX_TEXT_CHARS,
  oversizeReason,
  type XmlEvent,
  XmlRecordReader,
} from './reader.ts';
import { AmpersandRepair } from './repair.ts';

async function* chunks(parts: string[]) {
  for (const p of parts) yield p;
}

async function read(parts: string[], depth = 1) {
  const reader = new XmlRecordReader({ recordDepth: depth });
  const events: XmlEvent[] = [];
  for await (const e of reader.read(chunks(parts))) events.push(e);
  const records = events.filter((e): e is Extract<XmlEvent, { type: 'record' }> => e.type === 'record');
  return { reader, events, records: records.map((r) => r.node), damage: records.flatMap((r) => r.damage) };
}

/** Every way of cutting a text in two, to prove chunk boundaries change nothing. */
function cuts(text: string): string[][] {
  return Array.from({ length: text.length + 1 }, (_, i) => [text.slice(0, i), text.slice(i)]);
}

describe('the & repair', () => {
  it('escapes a raw & and leaves references, CDATA and comments alone, wherever the chunks end', () => {
    const input = '<a href="x?a=1&b=2">&amp; &#38; &#x26; &nbsp; A & B <![CDATA[c & d]]><!-- e & f --></a>';
    const want =
      '<a href="x?a=1&amp;b=2">&amp; &#38; &#x26; &nbsp; A &amp; B <![CDATA[c & d]]><!-- e & f --></a>';
    for (const parts of cuts(input)) {
      const r = new AmpersandRepair();
      assert.equal(parts.map((p) => r.push(p)).join('') + r.flush(), want, JSON.stringify(parts));
      assert.equal(r.count, 2);
    }
  });

  it('gives parser columns back in the file’s own columns', () => {
    const r = new AmpersandRepair();
    r.push('<x>\n<y>a & b & c</y>');
    r.flush();
    assert.deepEqual(r.first, { line: 2, column: 6 });
    // "a & b & c" became "a &amp; b &amp; c": column 17 in the repaired text is 9 in the file.
    assert.equal(r.originalColumn(2, 17 + 4), 13);
    assert.equal(r.originalColumn(1, 3), 3);
  });
});

describe('reading records', () => {
  it('hands over the root’s children one at a time, text and CDATA in order', async () => {
    const { records } = await read([
      '<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>One</title></entry>',
      '<entry><title><![CDATA[Two &]]> more</title></entry></feed>',
    ]);
    assert.deepEqual(
      records.map((r) => childText(r, 'http://www.w3.org/2005/Atom', 'title')),
      ['One', 'Two & more'],
    );
  });

  it('binds an undeclared known prefix to its namespace, and says so', async () => {
    const { records, reader } = await read([
      '<feed xmlns="http://www.w3.org/2005/Atom"><entry><app:control><app:draft>yes</app:draft></app:control></entry></feed>',
    ]);
    const control = records[0]!.content[0] as XmlNode;
    assert.equal(control.uri, 'http://purl.org/atom/app#');
    assert.match(reader.notes[0]!, /prefix "app:" is used without being declared \(first at line 1\)/);
  });

  it('keeps an undefined entity as written', async () => {
    const { records, reader } = await read(['<r><e>a&nbsp;b</e></r>']);
    assert.equal(textOf(records[0]), 'a&nbsp;b');
    assert.match(reader.notes.join(' '), /Kept 1 undefined entity/);
  });

  it('puts a nested CDATA section back together', async () => {
    const { records } = await read(['<r><e><![CDATA[a <![CDATA[b]]> c]]></e></r>']);
    assert.equal(textOf(records[0]), 'a <![CDATA[b]]> c');
  });

  it('ignores a close tag that matches nothing, and marks a record whose element was never closed', async () => {
    const stray = await read(['<r><a>1</a>\n<b>2</b></x>\n<c>3</c></r>']);
    assert.deepEqual(
      stray.records.map((r) => r.local),
      ['a', 'b', 'c'],
    );
    assert.match(stray.reader.notes[0]!, /stray <\/x> at line 2/);
    const unclosed = await read(['<r><a><b>1</a><c>2</c></r>']);
    assert.equal(unclosed.damage.length, 1);
    assert.match(unclosed.damage[0]!.reason, /<b> \(opened at line 1\) was never closed/);
  });

  it('stops with the line and column when the file is cut short or is not XML', async () => {
    await assert.rejects(read(['<r>\n<item>\n<t>x</t>\n']), (err: Error) => {
      assert.ok(err instanceof ImportError);
      assert.match(
        err.message,
        /^line 4, column \d+: the file ends inside <item> \(opened at line 2\): it is truncated$/,
      );
      return true;
    });
    await assert.rejects(read(['just text']), /line 1, column \d+: this is not an XML file/);
    await assert.rejects(read(['<r><a b=1/></r>']), /line 1, column \d+: unquoted attribute value$/);
  });
});

describe('records too large to keep', () => {
  const ATOM = 'http://www.w3.org/2005/Atom';
  /** A text of `chars` characters written with entities, as a Blogger body is, cut into chunks. */
  function bigEntry(title: string, chars: number, cdata = false): string[] {
    const unit = cdata ? '<p>word & word</p> ' : '&lt;p&gt;word &amp; word&lt;/p&gt; ';
    const shown = '<p>word & word</p> '.length;
    const body = unit.repeat(Math.ceil(chars / shown));
    const content = cdata ? `<![CDATA[${body}]]>` : body;
    const xml = `<entry><title>${title}</title><content type="html">${content}</content></entry>`;
    const parts: string[] = [];
    for (let i = 0; i < xml.length; i += 256 * 1024) parts.push(xml.slice(i, i + 256 * 1024));
    return parts;
  }

  for (const cdata of [false, true]) {
    it(`drops an element's ${cdata ? 'CDATA' : 'text'} past MAX_TEXT_CHARS, says where and how much, and reads on`, async () => {
      const { events } = await read([
        `<feed xmlns="${ATOM}">\n`,
        ...bigEntry('Huge', MAX_TEXT_CHARS + 5000, cdata),
        '\n',
        ...bigEntry('Fits', 1000, cdata),
        '</feed>',
      ]);
      const records = events.filter((e): e is Extract<XmlEvent, { type: 'record' }> => e.type === 'record');
      assert.equal(records.length, 2);
      const [huge, fits] = records as [(typeof records)[0], (typeof records)[0]];
      assert.equal(childText(huge.node, ATOM, 'title'), 'Huge');
      assert.equal(textOf(huge.node.content[1] as XmlNode), '', 'the long text is not kept');
      assert.equal(huge.oversize?.element, 'content');
      assert.equal(huge.oversize?.line, 2);
      assert.equal(huge.oversize?.limit, MAX_TEXT_CHARS);
      const shown = '<p>word & word</p> '.length;
      assert.equal(huge.oversize?.chars, Math.ceil((MAX_TEXT_CHARS + 5000) / shown) * shown);
      assert.match(
        oversizeReason(huge.oversize!),
        /^<content> at line 2 holds 1\.0 million characters, more than the 1\.0 million characters Gloss takes/,
      );
      assert.equal(fits.oversize, undefined);
      assert.equal(textOf(fits.node.content[1] as XmlNode).length, Math.ceil(1000 / shown) * shown);
    });
  }

  it('keeps a text of exactly MAX_TEXT_CHARS whole', async () => {
    const body = 'x'.repeat(MAX_TEXT_CHARS);
    const { events } = await read([
      `<feed xmlns="${ATOM}"><entry><content>`,
      body,
      '</content></entry></feed>',
    ]);
    const record = events.find((e): e is Extract<XmlEvent, { type: 'record' }> => e.type === 'record')!;
    assert.equal(record.oversize, undefined);
    assert.equal(textOf(record.node.content[0] as XmlNode), body);
  });

  it('drops a record past MAX_RECORD_CHARS in all, though each of its texts fits', async () => {
    const piece = `<wp:comment><wp:comment_content>${'y'.repeat(MAX_TEXT_CHARS)}</wp:comment_content></wp:comment>`;
    const count = Math.ceil(MAX_RECORD_CHARS / MAX_TEXT_CHARS) + 1;
    const { events } = await read(
      [
        '<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><item><title>Many</title>',
        ...Array.from({ length: count }, () => piece),
        '</item><item><title>Next</title></item></channel></rss>',
      ],
      2,
    );
    const records = events.filter((e): e is Extract<XmlEvent, { type: 'record' }> => e.type === 'record');
    assert.equal(records[0]!.oversize?.element, 'item');
    assert.equal(records[0]!.oversize?.limit, MAX_RECORD_CHARS);
    assert.ok(records[0]!.oversize!.chars >= count * MAX_TEXT_CHARS);
    assert.ok(
      records[0]!.node.content.length <= MAX_RECORD_CHARS / MAX_TEXT_CHARS + 2,
      'its content is dropped',
    );
    assert.equal(childText(records[1]!.node, undefined, 'title'), 'Next');
    assert.equal(records[1]!.oversize, undefined);
  });
});
