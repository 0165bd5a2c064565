// Opens an export file as a stream of text: memory stays flat whatever the file's size. The
// encoding comes from a byte-order mark or the XML declaration (UTF-8 when neither says).
import fs from 'node:fs';
import iconv from 'iconv-lite';
import { ImportError } from './errors.ts';

export interface TextSource {
  file: string;
  size: number;
  /** Bytes read so far (for progress). */
  bytesRead(): number;
  chunks(): AsyncGenerator<string>;
  /** The first bytes, to tell formats apart. */
  head: string;
}

const CHUNK = 256 * 1024;

export function openTextSource(file: string): TextSource {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ImportError(code === 'ENOENT' ? `no such file: ${file}` : `cannot read ${file}: ${code}`);
  }
  if (stat.isDirectory()) throw new ImportError(`${file} is a folder, not a file`);
  const headBytes = readHead(file);
  const encoding = sniffEncoding(headBytes);
  let read = 0;
  return {
    file,
    size: stat.size,
    head: iconv.decode(headBytes, encoding === 'utf-8' ? 'utf8' : encoding),
    bytesRead: () => read,
    async *chunks() {
      const stream = fs.createReadStream(file, { highWaterMark: CHUNK });
      if (encoding === 'utf-8') {
        const decoder = new TextDecoder('utf-8', { fatal: true });
        for await (const chunk of stream as AsyncIterable<Buffer>) {
          let text: string;
          try {
            text = decoder.decode(chunk, { stream: true });
          } catch {
            throw new ImportError(
              `${file} is not valid UTF-8 near byte ${read + firstBadByte(chunk)}; re-save it as UTF-8 or declare its encoding`,
            );
          }
          read += chunk.length;
          yield text;
        }
        const rest = decoder.decode();
        if (rest) yield rest;
        return;
      }
      const decoder = iconv.getDecoder(encoding);
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        read += chunk.length;
        yield decoder.write(chunk);
      }
      const rest = decoder.end();
      if (rest) yield rest;
    },
  };
}

function readHead(file: string): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(1024);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n);
  } finally {
    fs.closeSync(fd);
  }
}

function sniffEncoding(head: Buffer): string {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  const declared = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head.toString('latin1'));
  const name = declared?.[1]?.toLowerCase();
  if (!name || name === 'utf-8' || name === 'utf8') return 'utf-8';
  if (!iconv.encodingExists(name)) throw new ImportError(`the file declares an unknown encoding "${name}"`);
  return name;
}

function firstBadByte(chunk: Buffer): number {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(chunk);
    return 0;
  } catch {
    let lo = 0;
    let hi = chunk.length;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(chunk.subarray(0, mid), { stream: true });
        lo = mid;
      } catch {
        hi = mid;
      }
    }
    return lo;
  }
}
