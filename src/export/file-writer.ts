import fs from 'node:fs';

/**
 * Writes an export to FILE through FILE.partial, buffered in 1 MiB chunks, renamed when complete:
 * a failed export never leaves a half file under the real name.
 */
export async function writeFileAtomically<T>(
  file: string,
  produce: (write: (text: string) => void) => Promise<T>,
) {
  const partial = `${file}.partial`;
  const fd = fs.openSync(partial, 'w');
  let buffer: string[] = [];
  let size = 0;
  const flush = () => {
    if (buffer.length) fs.writeSync(fd, buffer.join(''));
    buffer = [];
    size = 0;
  };
  try {
    const result = await produce((text) => {
      buffer.push(text);
      size += text.length;
      if (size > 1 << 20) flush();
    });
    flush();
    fs.closeSync(fd);
    fs.renameSync(partial, file);
    return result;
  } catch (err) {
    fs.closeSync(fd);
    fs.rmSync(partial, { force: true });
    throw err;
  }
}
