// Streams an XML file as records (the elements at a given depth: Atom <entry>, RSS <item>) with
// saxes, holding one record in memory at a time. Real exports are not always well-formed; this
// reader recovers where the meaning is unambiguous and says so, and stops with the line, column
// and reason everywhere else:
// - an undeclared prefix (Blogger's app:) is bound to its conventional namespace (KNOWN_PREFIXES);
// - a raw "&" that starts no reference is read as "&amp;" (see repair.ts);
// - an undefined entity such as &nbsp; is kept as written (bodies are HTML, where it means itself);
// - a CDATA section that wraps a nested CDATA section (WordPress' "crazy CDATA") is put back
//   together when the element holds nothing else;
// - a close tag that skips unclosed elements closes them (as an HTML parser would) and marks the
//   record damaged: the record's reader decides whether it can do without it (a Blogger template).
// Everything else (a truncated file, a close tag that matches nothing, a broken tag) is fatal.
//
// Memory stays bounded whatever the file: an element's text past MAX_TEXT_CHARS, and a record
// past MAX_RECORD_CHARS, are counted instead of kept, and the record comes out marked oversized
// (its reader skips it and says why). Everything downstream (sanitising, excerpts, the search
// index) works on whole bodies, so a 50 MB post would otherwise cost gigabytes.
import { SaxesParser, type SaxesTagNS } from 'saxes';
import { ImportError } from '../errors.ts';
import { isNode, KNOWN_PREFIXES, type XmlNode, type XmlText } from './node.ts';
import { AmpersandRepair } from './repair.ts';

export interface XmlDamage {
  line: number;
  column: number;
  reason: string;
}

/** What made a record too large to keep: the first element over a limit, and how large it was. */
export interface XmlOversize {
  /** The element whose text was too long, or the record itself when it was too large as a whole. */
  element: string;
  line: number;
  column: number;
  /** Characters of text in that element (or in the whole record), counted to its end. */
  chars: number;
  limit: number;
}

export type XmlEvent =
  | { type: 'root'; node: XmlNode }
  /** An element between the root and the records (RSS <channel>), as it opens, without content. */
  | { type: 'container'; node: XmlNode }
  | { type: 'record'; node: XmlNode; damage: XmlDamage[]; oversize?: XmlOversize };

/** The longest text one element may hold: a post body, a comment (about 400 printed pages). */
export const MAX_TEXT_CHARS = 1_000_000;
/** The most a record may hold in all (a WordPress item carries its comments): text and markup. */
export const MAX_RECORD_CHARS = 16_000_000;
/** saxes 6's states inside character data and inside a CDATA section (its S_TEXT, S_CDATA). */
const SAXES_TEXT = 13;
const SAXES_CDATA = 20;
/** What an element costs against the record's limit besides its text (its object, its name). */
const ELEMENT_CHARS = 64;

/** "1.3 million characters" */
export function describeChars(chars: number): string {
  return chars >= 1_000_000
    ? `${(chars / 1_000_000).toFixed(1)} million characters`
    : `${chars.toLocaleString('en')} characters`;
}

/** Why an oversized record was not imported, in words (for the import's summary). */
export function oversizeReason(o: XmlOversize): string {
  return `<${o.element}> at line ${o.line} holds ${describeChars(o.chars)}, more than the ${describeChars(o.limit)} Gloss takes; shorten it in the export to import it`;
}

export interface XmlReadOptions {
  /** 1: the root's children are records (Atom); 2: its grandchildren are (RSS channel items). */
  recordDepth: number;
}

const UNKNOWN_PREFIX = 'urn:gloss:undeclared-prefix:';

export class XmlRecordReader {
  /** What was recovered, in words, with where it first happened. */
  readonly notes: string[] = [];
  private undeclared = new Map<string, { line: number; column: number }>();
  private undefinedEntities: { line: number; column: number; count: number } | undefined;
  private repair = new AmpersandRepair();

  constructor(private readonly options: XmlReadOptions) {}

  async *read(chunks: AsyncIterable<string>): AsyncGenerator<XmlEvent> {
    const queue: XmlEvent[] = [];
    const stack: XmlNode[] = [];
    const { recordDepth } = this.options;
    type OpenRecord = { node: XmlNode; damage: XmlDamage[]; oversize?: XmlOversize };
    let record: OpenRecord | undefined;
    let lastQueuedRecord: OpenRecord | undefined;
    // Characters the open record holds in all, and the text each of its elements holds.
    let recordChars = 0;
    let recordDropped = false;
    const textChars = new Map<XmlNode, number>();
    const oversized = new Map<XmlNode, XmlOversize>();
    let lastClosed: XmlNode | undefined;
    let rootSeen = false;
    // Where the document's first non-blank character is: text before any element is reported
    // there, not where saxes notices it (at the next "<" or "&", often many lines later).
    const firstText = { line: 1, column: 1, found: false };
    let rootClosed = false;
    const implicitlyClosed: { node: XmlNode; tag: SaxesTagNS }[] = [];
    const damageOf = new Map<XmlNode, XmlDamage>();
    let lastClosedTag: SaxesTagNS | undefined;
    const cdataDamaged = new Map<XmlNode, { line: number; column: number }>();

    const parser = new SaxesParser({
      xmlns: true,
      position: true,
      resolvePrefix: (prefix: string) => {
        if (prefix === '') return undefined;
        const where = this.where(parser);
        if (!this.undeclared.has(prefix)) this.undeclared.set(prefix, where);
        return KNOWN_PREFIXES[prefix] ?? UNKNOWN_PREFIX + prefix;
      },
    });

    parser.on('opentag', (tag: SaxesTagNS) => {
      implicitlyClosed.length = 0;
      const node: XmlNode = {
        uri: tag.uri,
        local: tag.local,
        name: tag.name,
        attrs: attributesOf(tag),
        content: [],
        ...this.where(parser),
      };
      const depth = stack.length;
      if (depth === 0) {
        rootSeen = true;
        queue.push({ type: 'root', node });
      } else if (record) {
        recordChars += ELEMENT_CHARS + tag.name.length;
        for (const value of Object.values(node.attrs)) recordChars += value.length;
        if (!recordDropped && recordChars > MAX_RECORD_CHARS) dropRecord();
        if (!recordDropped) stack[depth - 1]!.content.push(node);
      } else if (depth === recordDepth) {
        record = { node, damage: [] };
        recordChars = 0;
        recordDropped = false;
        textChars.clear();
        oversized.clear();
      } else if (depth < recordDepth) {
        queue.push({ type: 'container', node });
      }
      stack.push(node);
    });

    parser.on('closetag', (tag: SaxesTagNS) => {
      const node = stack.pop()!;
      lastClosed = node;
      lastClosedTag = tag;
      const damagedAt = cdataDamaged.get(node);
      if (damagedAt) {
        cdataDamaged.delete(node);
        this.mendNestedCdata(node, damagedAt);
      }
      const over = oversized.get(node);
      if (over && record) {
        over.chars = textChars.get(node) ?? over.chars;
        record.oversize ??= over;
      }
      if (record && node === record.node) {
        if (recordDropped) record.oversize!.chars = recordChars;
        queue.push({ type: 'record', ...record });
        lastQueuedRecord = record;
        record = undefined;
      }
      if (stack.length === 0) rootClosed = true;
    });

    // The record as a whole is too large: keep its top element (for its name and line) and
    // nothing inside it from here on; what it held is dropped at once.
    const dropRecord = () => {
      const r = record!;
      recordDropped = true;
      r.oversize = {
        element: r.node.name,
        line: r.node.line,
        column: r.node.column,
        chars: 0,
        limit: MAX_RECORD_CHARS,
      };
      r.node.content = [];
    };

    const addText = (text: string, cdata: boolean) => {
      if (!record) return;
      recordChars += text.length;
      if (!recordDropped && recordChars > MAX_RECORD_CHARS) dropRecord();
      if (recordDropped) return;
      const top = stack[stack.length - 1]!;
      const chars = (textChars.get(top) ?? 0) + text.length;
      textChars.set(top, chars);
      if (oversized.has(top)) return;
      if (chars > MAX_TEXT_CHARS) {
        // Too long to keep: drop what it held, count the rest; the record is marked at its close.
        oversized.set(top, {
          element: top.name,
          line: top.line,
          column: top.column,
          chars,
          limit: MAX_TEXT_CHARS,
        });
        top.content = top.content.filter(isNode);
        return;
      }
      const last = top.content[top.content.length - 1];
      if (last && !isNode(last) && last.cdata === cdata && !cdata) last.text += text;
      else top.content.push({ text, cdata });
    };
    parser.on('text', (text) => addText(text, false));
    parser.on('cdata', (text) => addText(text, true));

    parser.on('error', (err) => {
      const where = this.where(parser);
      const message = err.message.replace(/^(?:[^:]*:)?\d+:\d+: /, '');
      if (message.startsWith('undefined entity')) {
        this.noteEntity(where);
        return;
      }
      if (message.includes('"]]>" is disallowed in char data')) {
        const top = stack[stack.length - 1];
        if (top && record && !cdataDamaged.has(top)) cdataDamaged.set(top, where);
        if (top && record) return;
      }
      if (message.startsWith('unexpected close tag') && lastClosed) {
        const open = lastClosed;
        implicitlyClosed.push({ node: open, tag: lastClosedTag! });
        const damage = {
          ...where,
          reason: `<${open.name}> (opened at line ${open.line}) was never closed; a later close tag closed it`,
        };
        damageOf.set(open, damage);
        if (record) {
          record.damage.push(damage);
          return;
        }
        if (lastQueuedRecord && open === lastQueuedRecord.node) {
          lastQueuedRecord.damage.push(damage);
          return;
        }
        // The root itself was closed by a foreign close tag: "unmatched closing tag" follows.
        if (stack.length === 0) return;
        throw new ImportError(`the document is broken: ${damage.reason}`, where);
      }
      if (message.startsWith('unmatched closing tag')) {
        // A close tag that matches nothing open (its start tag was lost): ignore it, as an HTML
        // parser does, and put back what saxes closed while looking for its match.
        const name = /unmatched closing tag: (.*)\.$/.exec(message)?.[1] ?? '?';
        this.reopen(parser, implicitlyClosed);
        for (let k = implicitlyClosed.length - 1; k >= 0; k--) {
          const { node } = implicitlyClosed[k]!;
          stack.push(node);
          const queued = queue.findIndex((e) => e.type === 'record' && e.node === node);
          if (queued >= 0) {
            const event = queue.splice(queued, 1)[0] as { node: XmlNode; damage: XmlDamage[] };
            const wrong = new Set(implicitlyClosed.map((c) => damageOf.get(c.node)));
            record = { node, damage: event.damage.filter((d) => !wrong.has(d)) };
          }
        }
        implicitlyClosed.length = 0;
        rootClosed = false;
        this.strayCloseTags.push({ ...where, name });
        return;
      }
      if (message.startsWith('unclosed tag') || message === 'unexpected end.') {
        const open = record?.node ?? stack[stack.length - 1];
        throw new ImportError(
          open
            ? `the file ends inside <${open.name}> (opened at line ${open.line}): it is truncated`
            : 'the file ends too early: it is truncated',
          where,
        );
      }
      if (message.startsWith('text data outside of root node')) {
        if (rootClosed) {
          this.notes.push(`Ignored text after the end of the document (line ${where.line}).`);
          return;
        }
        if (rootSeen) throw new ImportError('text outside the document element', where);
        throw new ImportError(
          'this is not an XML file: it starts with text, not an element',
          firstText.found ? { line: firstText.line, column: firstText.column } : where,
        );
      }
      if (message.startsWith('document must contain a root element')) {
        throw new ImportError('the file holds no XML element: it is empty or not XML', where);
      }
      throw new ImportError(message.replace(/\.$/, ''), where);
    });

    // saxes gathers a text node whole before handing it over (and as a tree of pieces, several
    // times its size): past the limit, take what it gathered, which addText counts and drops.
    const internals = parser as unknown as { state: number; text: string };
    const drainLongText = () => {
      const { state, text } = internals;
      if (text.length <= MAX_TEXT_CHARS || (state !== SAXES_TEXT && state !== SAXES_CDATA)) return;
      internals.text = '';
      addText(text, state === SAXES_CDATA);
    };

    for await (const chunk of chunks) {
      if (!firstText.found) locateFirstText(chunk, firstText);
      parser.write(this.repair.push(chunk));
      drainLongText();
      if (queue.length) yield* queue.splice(0);
    }
    parser.write(this.repair.flush());
    parser.close();
    if (queue.length) yield* queue.splice(0);
    this.finishNotes();
  }

  /** Close tags that matched no open element and were ignored. */
  readonly strayCloseTags: { line: number; column: number; name: string }[] = [];

  /** Undoes saxes' search for a missing match: the tags it popped are open again. */
  private reopen(parser: SaxesParser, popped: { tag: SaxesTagNS }[]): void {
    const internals = parser as unknown as { tags: SaxesTagNS[]; tag: SaxesTagNS | null; topNS: unknown };
    for (let k = popped.length - 1; k >= 0; k--) internals.tags.push(popped[k]!.tag);
    const top = internals.tags[internals.tags.length - 1] ?? null;
    internals.tag = top;
    internals.topNS = top?.ns ?? null;
  }

  /** The parser's position in the file's own columns (the & repair shifts them). */
  private where(parser: SaxesParser): { line: number; column: number } {
    return { line: parser.line, column: this.repair.originalColumn(parser.line, parser.column) };
  }

  private noteEntity(where: { line: number; column: number }): void {
    if (this.undefinedEntities) this.undefinedEntities.count++;
    else this.undefinedEntities = { ...where, count: 1 };
  }

  /**
   * <x><![CDATA[a <![CDATA[b]]> c]]></x>: the first "]]>" ends the section early and the parser
   * sees text " c]]>". The writer meant "a <![CDATA[b]]> c". Put it back when x holds only
   * CDATA and text, starts with CDATA and ends with the stray "]]>".
   */
  private mendNestedCdata(node: XmlNode, where: { line: number; column: number }): void {
    const pieces = node.content.filter((p) => isNode(p) || p.text.trim() !== '' || p.cdata) as Array<
      XmlNode | XmlText
    >;
    const texts = pieces.filter((p): p is XmlText => !isNode(p));
    const last = texts[texts.length - 1];
    if (
      texts.length !== pieces.length ||
      !texts[0]?.cdata ||
      !last ||
      last.cdata ||
      !last.text.endsWith(']]>')
    ) {
      throw new ImportError(`<${node.name}> holds "]]>" outside a CDATA section`, where);
    }
    let value = '';
    texts.forEach((piece, i) => {
      const text = i === texts.length - 1 ? piece.text.slice(0, -3) : piece.text;
      if (i === 0) value = text;
      else value += piece.cdata ? `<![CDATA[${text}` : `]]>${text}`;
    });
    node.content = [{ text: value, cdata: true }];
    this.notes.push(
      `Read a CDATA section nested inside another as text (<${node.name}>, line ${where.line}).`,
    );
  }

  private finishNotes(): void {
    for (const stray of this.strayCloseTags) {
      this.notes.push(
        `Ignored a stray </${stray.name}> at line ${stray.line}, column ${stray.column}: it closes no open element.`,
      );
    }
    for (const [prefix, where] of this.undeclared) {
      const uri = KNOWN_PREFIXES[prefix];
      this.notes.push(
        uri
          ? `The prefix "${prefix}:" is used without being declared (first at line ${where.line}); read it as ${uri}.`
          : `The prefix "${prefix}:" is used without being declared and is unknown (line ${where.line}); its elements were ignored.`,
      );
    }
    if (this.repair.count > 0) {
      const first = this.repair.first!;
      this.notes.push(
        `Read ${this.repair.count} raw "&" as "&amp;" (first at line ${first.line}, column ${first.column}).`,
      );
    }
    const seen = this.undefinedEntities;
    if (seen) {
      this.notes.push(
        `Kept ${seen.count} undefined entit${seen.count === 1 ? 'y' : 'ies'} (such as &nbsp;) as written (first at line ${seen.line}).`,
      );
    }
  }
}

function attributesOf(tag: SaxesTagNS): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const attr of Object.values(tag.attributes)) {
    if (attr.prefix === 'xmlns' || attr.name === 'xmlns') continue;
    attrs[attr.local] = attr.value;
  }
  return attrs;
}

/** Advances pos over blank characters (and a byte-order mark) to the chunk's first other one. */
function locateFirstText(chunk: string, pos: { line: number; column: number; found: boolean }): void {
  for (const ch of chunk) {
    if (ch === '\n') {
      pos.line++;
      pos.column = 1;
    } else if (/[\s\uFEFF]/.test(ch)) {
      if (ch !== '\r') pos.column++;
    } else {
      pos.found = true;
      return;
    }
  }
}
