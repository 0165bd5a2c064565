// The stored body (HTML) → Markdown with Gloss's note brackets, for switching an HTML or Compose
// post to Markdown without losing anything. Each block is written as Markdown and checked by
// converting it back with the one Markdown converter (markdown.ts); a block Markdown cannot say
// exactly (a figure with srcset, a table, an embed, a list item holding a note) is kept as HTML,
// which Markdown passes through. So markdownToHtml(htmlToMarkdown(x)) is x, sanitised.
import { parseHTML } from '../lib/dom.ts';
import { sanitizePostHtml } from '../lib/sanitize.ts';
import { markdownToHtml } from './markdown.ts';

type El = Element;

function isNote(el: El): boolean {
  return (el.getAttribute('class') ?? '').split(/\s+/).includes('editor-note');
}

/** Text escaped so that Markdown (and our note brackets) read it back as the same text. */
function escapeText(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/[\\`*_[\]<>~|]/g, (c) => `\\${c}`)
    .replace(/&(?=#?[a-z0-9]+;)/gi, '&amp;');
}

function inline(node: Node): string {
  let out = '';
  for (const child of Array.from(node.childNodes)) {
    if (child.nodeType === 3) out += escapeText(child.textContent ?? '');
    else if (child.nodeType === 1) out += inlineElement(child as El);
  }
  return out;
}

/** Wraps content in a delimiter, keeping edge spaces outside (`** x**` is not bold). */
function wrap(content: string, mark: string): string {
  const m = /^(\s*)([\s\S]*?)(\s*)$/.exec(content)!;
  return m[2] ? `${m[1]}${mark}${m[2]}${mark}${m[3]}` : content;
}

function inlineElement(el: El): string {
  const tag = el.tagName.toLowerCase();
  switch (tag) {
    case 'strong':
    case 'b':
      return wrap(inline(el), '**');
    case 'em':
    case 'i':
      return wrap(inline(el), '*');
    case 'code': {
      const text = el.textContent ?? '';
      const fence = text.includes('`') ? '``' : '`';
      return `${fence}${fence === '``' ? ' ' : ''}${text}${fence === '``' ? ' ' : ''}${fence}`;
    }
    case 'br':
      return '\\\n';
    case 'a': {
      const href = el.getAttribute('href') ?? '';
      const title = el.getAttribute('title');
      const target = /[\s()<>]/.test(href) ? `<${href.replace(/[<>]/g, encodeURIComponent)}>` : href;
      return `[${inline(el)}](${target}${title ? ` "${title.replace(/"/g, '\\"')}"` : ''})`;
    }
    case 'span':
      if (isNote(el)) return `[${inline(el)}]`;
      return inline(el);
    default:
      return el.outerHTML;
  }
}

const BLOCK_TAGS = new Set([
  'p',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'ul',
  'ol',
  'blockquote',
  'hr',
  'pre',
  'aside',
  'figure',
  'table',
  'div',
  'section',
  'iframe',
  'dl',
  'video',
  'audio',
]);

function blockMarkdown(el: El): string | null {
  const tag = el.tagName.toLowerCase();
  if (/^h[1-6]$/.test(tag)) return `${'#'.repeat(Math.max(1, Number(tag[1]) - 1))} ${inline(el).trim()}`;
  if (tag === 'p') {
    const text = inline(el).trim();
    // A paragraph that is all one inline note would read back as a block note.
    const only = el.children.length === 1 && el.firstElementChild && isNote(el.firstElementChild);
    if (only && !(el.textContent ?? '').replace(el.firstElementChild!.textContent ?? '', '').trim())
      return null;
    return text.replace(/^([#>+=-]|\d+[.)])/, '\\$1');
  }
  if (tag === 'hr') return '---';
  if (tag === 'aside' && isNote(el)) {
    const kids = Array.from(el.children);
    if (kids.length !== 1 || kids[0]!.tagName.toLowerCase() !== 'p') return null;
    return `[${inline(kids[0]!).trim()}]`;
  }
  if (tag === 'blockquote') {
    const inner = blocksToMarkdown(el);
    return inner
      .split('\n')
      .map((line) => (line ? `> ${line}` : '>'))
      .join('\n');
  }
  if (tag === 'ul' || tag === 'ol') {
    const start = Number(el.getAttribute('start') ?? '1') || 1;
    const items = Array.from(el.children).filter((c) => c.tagName.toLowerCase() === 'li');
    if (items.length !== el.children.length) return null;
    const loose = items.some((li) =>
      Array.from(li.children).some((c) => BLOCK_TAGS.has(c.tagName.toLowerCase())),
    );
    return items
      .map((li, i) => {
        const marker = tag === 'ol' ? `${start + i}. ` : '- ';
        const hasBlocks = Array.from(li.children).some((c) => BLOCK_TAGS.has(c.tagName.toLowerCase()));
        const body = hasBlocks ? blocksToMarkdown(li) : inline(li).trim();
        const pad = ' '.repeat(marker.length);
        return (
          marker +
          body
            .split('\n')
            .join(`\n${pad}`)
            .replace(/\n +\n/g, '\n\n')
        );
      })
      .join(loose ? '\n\n' : '\n');
  }
  if (tag === 'pre') {
    const code = el.firstElementChild?.tagName.toLowerCase() === 'code' ? el.firstElementChild : el;
    const text = (code.textContent ?? '').replace(/\n$/, '');
    if (text.includes('```')) return null;
    return `\`\`\`\n${text}\n\`\`\``;
  }
  return null;
}

/** The same HTML in one canonical spelling: parsed and written out again, blanks between tags dropped. */
export function normalizeHtml(html: string): string {
  const { document } = parseHTML('<!doctype html><html><body><div id="n"></div></body></html>');
  const div = document.getElementById('n')!;
  div.innerHTML = html.trim();
  // linkedom writes a bare & in some attribute values and &amp; in others: one spelling.
  return div.innerHTML.replace(/&amp;/g, '&').replace(/>\s+</g, '><').replace(/\s+/g, ' ').trim();
}

/** HTML kept as a Markdown HTML block: one block with no blank line inside. */
function rawBlock(html: string): string {
  // A blank line would end the HTML block; &#10; is the same newline without one (inside <pre>).
  let out = html.trim();
  for (let prev = ''; prev !== out; ) {
    prev = out;
    out = out.replace(/\n([ \t]*)\n/g, '\n$1&#10;');
  }
  return out;
}

function blocksToMarkdown(parent: Node): string {
  const blocks: string[] = [];
  let loose: Node[] = [];
  const flush = () => {
    if (!loose.length) return;
    const { document } = parseHTML('<!doctype html><html><body><p></p></body></html>');
    const p = document.querySelector('p')!;
    for (const n of loose) p.append(n.cloneNode(true) as Node);
    loose = [];
    if ((p.textContent ?? '').trim() || p.children.length) blocks.push(convertBlock(p as unknown as El));
  };
  for (const child of Array.from(parent.childNodes)) {
    if (child.nodeType === 1 && BLOCK_TAGS.has((child as El).tagName.toLowerCase())) {
      flush();
      blocks.push(convertBlock(child as El));
    } else if (child.nodeType === 1 || child.nodeType === 3) {
      loose.push(child);
    }
  }
  flush();
  return blocks.filter(Boolean).join('\n\n');
}

function convertBlock(el: El): string {
  const md = blockMarkdown(el);
  const expected = normalizeHtml(sanitizePostHtml(el.outerHTML));
  if (md !== null && normalizeHtml(markdownToHtml(md)) === expected) return md;
  return rawBlock(sanitizePostHtml(el.outerHTML));
}

export function htmlToMarkdown(html: string): string {
  const { document } = parseHTML('<!doctype html><html><body><div id="root"></div></body></html>');
  const root = document.getElementById('root')!;
  root.innerHTML = sanitizePostHtml(html);
  const md = blocksToMarkdown(root);
  return md ? `${md}\n` : '';
}
