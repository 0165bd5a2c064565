// The one repair made to the text before the XML parser sees it: a raw "&" that does not start an
// entity or character reference ("?a=1&b=2" pasted into a WordPress field) becomes "&amp;", as a
// browser reads it. Anything that looks like a reference is left alone (an undefined one, such as
// &nbsp;, is reported by the parser and kept as written). CDATA sections, comments and processing
// instructions pass untouched. Works on a stream: a token cut by a chunk boundary waits for the
// next chunk. Remembers where it inserted text so parser positions can be given back in the
// file's own columns.

const REFERENCE = /^&(?:#[0-9]+|#x[0-9a-fA-F]+|[A-Za-z_:][A-Za-z0-9_.:-]*);/;
const PARTIAL_REFERENCE = /^&[#A-Za-z0-9_.:-]*$/;
const LONGEST_REFERENCE = 64;
const INSERT = 'amp;';

type State = 'text' | 'cdata' | 'comment' | 'pi';
const CLOSERS: Record<Exclude<State, 'text'>, string> = { cdata: ']]>', comment: '-->', pi: '?>' };

export class AmpersandRepair {
  /** How many raw ampersands were escaped, and the first one's place in the file. */
  count = 0;
  first: { line: number; column: number } | undefined;
  private state: State = 'text';
  private carry = '';
  /** Line of the next character to scan, and the absolute index of the last newline seen. */
  private line = 1;
  private lastNewline = -1;
  private base = 0;
  /** Recent insertions (line, original column), to map parser columns back. */
  private recent: { line: number; column: number }[] = [];

  push(chunk: string): string {
    return this.process(this.carry + chunk, false);
  }

  flush(): string {
    return this.process(this.carry, true);
  }

  /** A parser's column on a line, in the file's columns (before the repair inserted text). */
  originalColumn(line: number, column: number): number {
    let adjusted = column;
    let k = 0;
    for (const ins of this.recent) {
      if (ins.line !== line) continue;
      if (ins.column + INSERT.length * k < column) adjusted -= INSERT.length;
      k++;
    }
    return adjusted;
  }

  private process(s: string, final: boolean): string {
    const out: string[] = [];
    let i = 0;
    let nextAmp = -2;
    let nextLt = -2;
    this.carry = '';
    const hold = (from: number) => {
      out.push(s.slice(i, from));
      this.carry = s.slice(from);
      i = s.length;
    };
    while (i < s.length) {
      if (this.state !== 'text') {
        const closer = CLOSERS[this.state];
        const end = s.indexOf(closer, i);
        if (end < 0) {
          if (final) {
            out.push(s.slice(i));
            i = s.length;
          } else hold(Math.max(i, s.length - (closer.length - 1)));
          break;
        }
        out.push(s.slice(i, end + closer.length));
        i = end + closer.length;
        this.state = 'text';
        continue;
      }
      if (nextAmp !== -1 && nextAmp < i) nextAmp = s.indexOf('&', i);
      if (nextLt !== -1 && nextLt < i) nextLt = s.indexOf('<', i);
      const next = nextAmp < 0 ? nextLt : nextLt < 0 ? nextAmp : Math.min(nextAmp, nextLt);
      if (next < 0) {
        out.push(s.slice(i));
        i = s.length;
        break;
      }
      if (next === nextLt) {
        if (!final && s.length - next < 9) {
          hold(next);
          break;
        }
        const opener = s.startsWith('<![CDATA[', next)
          ? 9
          : s.startsWith('<!--', next)
            ? 4
            : s.startsWith('<?', next)
              ? 2
              : 1;
        if (opener > 1) this.state = opener === 9 ? 'cdata' : opener === 4 ? 'comment' : 'pi';
        out.push(s.slice(i, next + opener));
        i = next + opener;
        continue;
      }
      const ahead = s.slice(next, next + LONGEST_REFERENCE);
      const ref = REFERENCE.exec(ahead);
      if (ref) {
        out.push(s.slice(i, next + ref[0].length));
        i = next + ref[0].length;
        continue;
      }
      if (!final && next + LONGEST_REFERENCE > s.length && PARTIAL_REFERENCE.test(ahead)) {
        hold(next);
        break;
      }
      out.push(s.slice(i, next + 1), INSERT);
      this.noteInsertion(s, next);
      i = next + 1;
    }
    const done = s.length - this.carry.length;
    this.advanceLines(s, done);
    this.base += done;
    return out.join('');
  }

  private scanned = 0;

  /** Counts newlines in s up to index `to` (relative to this piece). */
  private advanceLines(s: string, to: number): void {
    let from = this.scanned - this.base;
    if (from < 0) from = 0;
    for (let nl = s.indexOf('\n', from); nl >= 0 && nl < to; nl = s.indexOf('\n', nl + 1)) {
      this.line++;
      this.lastNewline = this.base + nl;
    }
    this.scanned = this.base + to;
  }

  private noteInsertion(s: string, at: number): void {
    this.advanceLines(s, at);
    const where = { line: this.line, column: this.base + at - this.lastNewline };
    this.count++;
    this.first ??= where;
    this.recent.push(where);
    if (this.recent.length > 256) this.recent.shift();
  }
}
