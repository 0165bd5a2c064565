// Pasted HTML from Word, Google Docs and news sites, cleaned before the editor's schema reads it:
// the schema already drops what it has no node for; this removes what would be misread (Google
// Docs wraps everything in a <b> that is not bold; Word's conditional comments and o: tags) and
// turns Docs' styled spans into the emphasis they stand for. The server sanitises again on save.
const DROP =
  'script, style, noscript, template, iframe:not([src*="youtube"]), object, embed, form, input, button, select, textarea, link, meta, svg, canvas, o\\:p';

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
        !['href', 'src', 'alt', 'srcset', 'width', 'height', 'colspan', 'rowspan', 'start', 'class'].includes(
          attr.name,
        )
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
