// Pasted HTML from Word, Google Docs and news sites, cleaned before the editor's schema reads it:
// the schema already drops what it has no node for; this removes what would be misread (Google
// Docs wraps everything in a <b> that is not bold; Word's conditional comments and o: tags) and
// turns Docs' styled spans into the emphasis they stand for. The server sanitises again on save.
import { EMBED_HOSTS } from '../../../lib/embed-hosts.ts';

const DROP =
  'script, style, noscript, template, object, embed, form, input, button, select, textarea, link, meta, svg, canvas, o\\:p';

/** Players the server keeps (EMBED_HOSTS, over https, or Blogger's //host/…); any other frame goes. */
function keptFrame(frame: Element): boolean {
  try {
    const url = new URL(frame.getAttribute('src') ?? '', 'https://base.invalid/');
    return url.protocol === 'https:' && EMBED_HOSTS.includes(url.hostname);
  } catch {
    return false;
  }
}

export function cleanPastedHtml(html: string): string {
  // Parsed documents share the page's CSP: style elements and attributes are taken out (styles
  // kept aside as data-style, to read Docs' bold and italic) before parsing, or each one is a
  // reported violation.
  const inert = html
    .replace(/<!--\[if[\s\S]*?<!\[endif\]-->/g, '')
    .replace(/<(style|script)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/(<[a-z][^>]*?\s)style=/gi, '$1data-style=');
  const doc = new DOMParser().parseFromString(inert, 'text/html');
  for (const el of Array.from(doc.body.querySelectorAll(DROP))) el.remove();
  for (const frame of Array.from(doc.body.querySelectorAll('iframe'))) if (!keptFrame(frame)) frame.remove();
  // Google Docs: <b style="font-weight:normal" id="docs-internal-guid-…"> around the whole paste.
  for (const b of Array.from(doc.body.querySelectorAll('b[id^="docs-internal-guid"]')))
    b.replaceWith(...Array.from(b.childNodes));
  for (const span of Array.from(doc.body.querySelectorAll('span[data-style]'))) {
    const style = span.getAttribute('data-style') ?? '';
    let wrapped: Node = span;
    if (/font-weight:\s*(bold|[6-9]00)/.test(style)) wrapped = wrapIn(doc, wrapped, 'strong');
    if (/font-style:\s*italic/.test(style)) wrapped = wrapIn(doc, wrapped, 'em');
  }
  for (const el of Array.from(doc.body.querySelectorAll('*'))) {
    for (const attr of Array.from(el.attributes)) {
      if (
        ![
          'href',
          'src',
          'alt',
          'srcset',
          'width',
          'height',
          'colspan',
          'rowspan',
          'start',
          'class',
          'title',
          'allowfullscreen',
        ].includes(attr.name)
      )
        el.removeAttribute(attr.name);
    }
    // Only Gloss's own classes mean something; Word's MsoNormal and site classes do not.
    if (el.getAttribute('class') && !/\b(editor-note|credit)\b/.test(el.getAttribute('class')!))
      el.removeAttribute('class');
  }
  return doc.body.innerHTML;
}

function wrapIn(doc: Document, node: Node, tag: string): Node {
  const wrapper = doc.createElement(tag);
  node.parentNode?.replaceChild(wrapper, node);
  wrapper.append(node);
  return wrapper;
}
