// Reads a Gloss JSON export as a stream of records. The exporter writes one record per line
// (src/export/json.ts), so the file is read line by line with flat memory. A file in another
// layout (pretty-printed by a tool, hand-edited) is still read, whole, when it is not too big.
import fs from 'node:fs';
import { EXPORT_FORMAT } from '../../export/tables.ts';
import { ImportError } from '../errors.ts';
import type { TextSource } from '../source.ts';

export type JsonEvent =
  | { type: 'header'; key: string; value: unknown }
  | { type: 'settings'; settings: Record<string, unknown> }
  | { type: 'record'; section: string; record: Record<string, unknown>; line: number };

const WHOLE_FILE_LIMIT = 256 * 1024 * 1024;

class NotLineLayout extends Error {}

export async function* readGlossJson(source: TextSource): AsyncGenerator<JsonEvent> {
  if (!/^\s*\{/.test(source.head)) {
    throw new ImportError('this is not a Gloss JSON export: it does not start with "{"', {
      line: 1,
      column: 1,
    });
  }
  if (/^\uFEFF?\{\r?\n"format": /.test(source.head)) {
    try {
      yield* readLines(linesOf(source));
    } catch (err) {
      if (err instanceof NotLineLayout)
        throw new ImportError(`${err.message} (the file was changed by hand?)`);
      throw err;
    }
    return;
  }
  // Not the exporter's layout (pretty-printed by a tool, hand-written): read it whole.
  if (source.size > WHOLE_FILE_LIMIT) {
    throw new ImportError(
      'the file is not in the one-record-per-line layout "gloss export json" writes, and too big to read whole',
    );
  }
  yield* readWhole(source.file);
}

async function* linesOf(source: TextSource): AsyncGenerator<{ text: string; line: number }> {
  let rest = '';
  let line = 0;
  for await (const chunk of source.chunks()) {
    const parts = (rest + chunk).split('\n');
    rest = parts.pop()!;
    for (const text of parts) yield { text, line: ++line };
  }
  if (rest) yield { text: rest, line: ++line };
}

async function* readLines(lines: AsyncGenerator<{ text: string; line: number }>): AsyncGenerator<JsonEvent> {
  let mode: 'start' | 'top' | 'settings' | 'section' | 'end' = 'start';
  let section = '';
  let settings: Record<string, unknown> = {};
  let sawFormat = false;
  for await (const { text: raw, line } of lines) {
    const text = raw.trim();
    if (!text) continue;
    const fail = (why: string) => new NotLineLayout(`line ${line}: ${why}`);
    switch (mode) {
      case 'start':
        if (text !== '{') throw fail('expected "{"');
        mode = 'top';
        continue;
      case 'top': {
        if (text === '}') {
          mode = 'end';
          continue;
        }
        const opener = /^"([^"]+)":\s*([[{])$/.exec(text);
        if (opener) {
          if (!sawFormat) throw fail('the "format" line must come first');
          if (opener[2] === '{') {
            if (opener[1] !== 'settings') throw fail(`unexpected object "${opener[1]}"`);
            mode = 'settings';
            settings = {};
          } else {
            mode = 'section';
            section = opener[1]!;
          }
          continue;
        }
        const pair = parsePair(text);
        if (!pair) throw fail('expected "key": value');
        if (pair.key === 'format') {
          if (pair.value !== EXPORT_FORMAT) {
            throw new ImportError(
              `this is not a Gloss JSON export (format is ${JSON.stringify(pair.value)})`,
              {
                line,
                column: 1,
              },
            );
          }
          sawFormat = true;
        } else if (!sawFormat) throw fail('the "format" line must come first');
        yield { type: 'header', key: pair.key, value: pair.value };
        continue;
      }
      case 'settings': {
        if (text === '}' || text === '},') {
          yield { type: 'settings', settings };
          mode = 'top';
          continue;
        }
        const pair = parsePair(text);
        if (!pair) throw fail('expected a setting "key": value');
        settings[pair.key] = pair.value;
        continue;
      }
      case 'section': {
        if (text === ']' || text === '],') {
          mode = 'top';
          continue;
        }
        let record: unknown;
        try {
          record = JSON.parse(text.replace(/^,/, '').replace(/,$/, ''));
        } catch {
          throw fail(`a ${section} record that is not one line of JSON`);
        }
        if (!record || typeof record !== 'object' || Array.isArray(record)) throw fail('expected an object');
        yield { type: 'record', section, record: record as Record<string, unknown>, line };
        continue;
      }
      case 'end':
        throw fail('text after the end of the document');
    }
  }
  if (mode !== 'end') {
    throw new ImportError('the file ends before the export does: it is truncated');
  }
}

function parsePair(text: string): { key: string; value: unknown } | null {
  try {
    const obj = JSON.parse(`{${text.replace(/,$/, '')}}`) as Record<string, unknown>;
    const keys = Object.keys(obj);
    return keys.length === 1 ? { key: keys[0]!, value: obj[keys[0]!] } : null;
  } catch {
    return null;
  }
}

async function* readWhole(file: string): AsyncGenerator<JsonEvent> {
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '')) as Record<string, unknown>;
  } catch (err) {
    throw new ImportError(`this is not valid JSON (${(err as Error).message})`);
  }
  if (doc.format !== EXPORT_FORMAT)
    throw new ImportError('this is not a Gloss JSON export (no "format": "gloss-export")');
  for (const [key, value] of Object.entries(doc)) {
    if (key === 'settings' && value && typeof value === 'object') {
      yield { type: 'settings', settings: value as Record<string, unknown> };
    } else if (Array.isArray(value)) {
      for (const record of value) {
        if (record && typeof record === 'object') {
          yield { type: 'record', section: key, record: record as Record<string, unknown>, line: 0 };
        }
      }
    } else yield { type: 'header', key, value };
  }
}
