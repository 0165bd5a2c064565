// The article's lead image as the page shows it: the first real <figure> near the top of the
// article (or the one holding the page's social image), with its caption and photo credit told
// apart. Outlets mark credits in many ways: a span with a "credit" class or itemprop, a
// "Photograph: …" tail, "(Name/Agency)" in brackets, "© …".
import { absolute, cleanText, type PageImage } from './page-metadata.ts';

/** Class names of boxes that hold other stories' pictures, not the article's own. */
const OUTSIDE =
  /^(related|promo|recirc|sidebar|footer|nav|navigation|share|sharing|teaser|summary|more|most|popular|trending|ad|ads|advert\w*|newsletter|outbrain|taboola)(?=$|[-_])/i;
/** Words in a class name (split at - and _) or itemprops that mark a photo credit. */
const CREDIT_WORDS = new Set([
  'credit',
  'credits',
  'copyright',
  'attribution',
  'source',
  'creator',
  'photographer',
  'copy',
  'byline',
  'copyrightholder',
  'credittext',
]);
const HIDDEN_MARK = /visually-hidden|off-screen|offscreen|sr-only|screen-reader|a11y|hidden/i;
const AGENCY = /Getty|AFP|Reuters|\bAP\b|EPA|Shutterstock|Alamy|Images|Press|Agency|Photo/;

export function findLeadFigure(doc: Document, pageUrl: string, socialImage: string | null): PageImage | null {
  const root = articleRoot(doc);
  const figures = Array.from(root.getElementsByTagName('figure')).filter((f) => !outsideArticle(f, root));
  const withImage: { figure: Element; src: string }[] = [];
  for (const figure of figures) {
    const src = figureImage(figure, pageUrl);
    if (src) withImage.push({ figure, src });
  }
  const chosen =
    (socialImage && withImage.find((f) => sameImage(f.src, socialImage))) ||
    withImage.find((f) => nearTop(root, f.figure));
  if (!chosen) return null;
  const img = chosen.figure.getElementsByTagName('img')[0];
  const { caption, credit } = captionAndCredit(chosen.figure);
  return {
    src: chosen.src,
    alt: cleanText((img?.getAttribute('alt') ?? '').replace(/<[^>]*>/g, ' ')) || null,
    caption: caption ?? attributeLike(img, /caption/i),
    credit: credit ?? attributeLike(img, /credit/i),
  };
}

/** Splits a figure's caption from its credit. */
export function captionAndCredit(figure: Element): { caption: string | null; credit: string | null } {
  const figcaption = figure.getElementsByTagName('figcaption')[0];
  if (!figcaption) return { caption: null, credit: null };
  const copy = figcaption.cloneNode(true) as Element;
  for (const el of Array.from(copy.querySelectorAll('svg, button, script, style'))) el.remove();
  for (const el of Array.from(copy.querySelectorAll('[class]'))) {
    const cls = el.getAttribute('class') ?? '';
    if (HIDDEN_MARK.test(cls) || /\bshare/i.test(cls)) el.remove();
  }
  let credit: string | null = null;
  const marked = Array.from(copy.querySelectorAll('*')).find((el) =>
    `${el.getAttribute('class') ?? ''} ${el.getAttribute('itemprop') ?? ''}`
      .toLowerCase()
      .split(/[\s_-]+/)
      .some((word) => CREDIT_WORDS.has(word)),
  );
  if (marked) {
    credit = stripCreditLabel(spacedText(marked)) || null;
    marked.remove();
  }
  let caption = spacedText(copy);
  if (!credit) {
    const split = splitTrailingCredit(caption);
    caption = split.caption;
    credit = split.credit;
  }
  caption = caption.replace(/\s*[-–—|,]\s*$/, '').trim();
  return { caption: caption || null, credit };
}

/** "Whale expert Hori Parata. Photograph: Adrian Malloch" → caption and credit apart. */
export function splitTrailingCredit(text: string): { caption: string; credit: string | null } {
  const patterns = [
    /\s*(?:\(|\b)(?:Photo(?:graph)?s?|Pictures?|Images?|Illustrations?|Foto|Bild|Credits?|Photo credit)\s*(?:by)?\s*[:：]\s*([^()]+?)\)?\s*$/i,
    /(?:^|\s+)Credits?\s+([^()]+?)\s*$/,
    /\s*[|–—-]?\s*(?:photo(?:graph)?|image|picture)s?\s+by\s+(.+?)\)?\s*$/i,
    /\s*\(\s*(?:Photo|Foto|Bild|Picture)\s+([^()]+)\)\s*$/i,
    /\s*\(([^()]*\/[^()]*)\)\s*$/,
    /\s*\(([^()]*)\)\s*$/,
    /\s*©\s*(.+)$/,
  ];
  for (const [i, re] of patterns.entries()) {
    const m = re.exec(text);
    if (!m) continue;
    // A plain parenthesis counts only when it names an agency.
    if (i === 5 && !AGENCY.test(m[1]!)) continue;
    return { caption: text.slice(0, m.index).trim(), credit: cleanText(m[1]!).replace(/[.)]+$/, '') };
  }
  return { caption: text, credit: null };
}

function stripCreditLabel(text: string): string {
  let t = text.trim().replace(/^\(|\)$/g, '');
  for (let i = 0; i < 3; i++) {
    t = t.replace(
      /^(credit|photo(graph)?|image|picture|bild|foto|source|copyright|©)s?\s*(by\b)?\s*[:：]?\s*/i,
      '',
    );
  }
  return t.trim();
}

/** Text with a space at element boundaries ("Credit" + "Jane" is "Credit Jane", not "CreditJane"). */
function spacedText(node: Node): string {
  let out = '';
  const walk = (n: Node) => {
    if (n.nodeType === 3) out += n.textContent ?? '';
    else if (n.nodeType === 1) {
      if ((n as Element).tagName === 'BR') out += ' ';
      for (const child of Array.from(n.childNodes)) walk(child);
      out += ' ';
    }
  };
  walk(node);
  return cleanText(out);
}

function articleRoot(doc: Document): Element {
  const articles = Array.from(doc.getElementsByTagName('article'));
  if (articles.length === 1) return articles[0]!;
  return doc.querySelector('main, [role="main"]') ?? doc.body ?? doc.documentElement;
}

function outsideArticle(figure: Element, root: Element): boolean {
  for (let el: Element | null = figure; el && el !== root; el = el.parentElement) {
    if (/^(ASIDE|NAV|FOOTER)$/.test(el.tagName)) return true;
    if ((el.getAttribute('class') ?? '').split(/\s+/).some((c) => OUTSIDE.test(c))) return true;
    if (el === figure && isTeaser(figure)) return true;
    if (el.tagName === 'A') {
      const href = el.getAttribute('href') ?? '';
      if (href && !href.startsWith('#') && !/\.(jpe?g|png|webp|gif)(\?|$)/i.test(href)) return true;
    }
  }
  return false;
}

/** A figure whose caption is just a headline linking elsewhere promotes another story. */
function isTeaser(figure: Element): boolean {
  const caption = figure.getElementsByTagName('figcaption')[0];
  const link = caption?.getElementsByTagName('a')[0];
  const href = link?.getAttribute('href') ?? '';
  if (!link || !href || href.startsWith('#')) return false;
  const text = cleanText(link.textContent ?? '');
  // A credit links a name ("Kevin"); a teaser links a headline.
  return text === cleanText(caption!.textContent ?? '') && text.split(' ').length >= 4;
}

/** Whether fewer than three real paragraphs of the article come before the element. */
function nearTop(root: Element, target: Element): boolean {
  let paragraphs = 0;
  for (const el of Array.from(root.querySelectorAll('p, figure'))) {
    if (el === target) return true;
    if (el.tagName === 'P' && (el.textContent ?? '').trim().length >= 80 && ++paragraphs >= 3) return false;
  }
  return false;
}

/** The best URL for the figure's picture: a real src, else a lazy-loading attribute, else srcset. */
function figureImage(figure: Element, pageUrl: string): string | null {
  const img = figure.getElementsByTagName('img')[0];
  const candidates: (string | null | undefined)[] = [];
  // Lazy-loading pages keep the real picture in <noscript> and a blurred stand-in in <img>.
  for (const noscript of Array.from(figure.getElementsByTagName('noscript'))) {
    const html = noscript.innerHTML || noscript.textContent || '';
    candidates.push(/<img\b[^>]*?\ssrc=["']?([^"'\s>]+)/i.exec(html)?.[1]?.replace(/&amp;/g, '&'));
  }
  if (img) {
    candidates.push(
      img.getAttribute('data-src'),
      img.getAttribute('data-lazy-src'),
      img.getAttribute('data-original'),
      img.getAttribute('src'),
      largestFromSrcset(img.getAttribute('srcset') ?? img.getAttribute('data-srcset')),
    );
  }
  for (const source of Array.from(figure.getElementsByTagName('source'))) {
    candidates.push(largestFromSrcset(source.getAttribute('srcset')));
  }
  for (const meta of Array.from(figure.getElementsByTagName('meta'))) {
    if (meta.getAttribute('itemprop') === 'url') candidates.push(meta.getAttribute('content'));
  }
  for (const candidate of candidates) {
    if (!candidate || candidate.startsWith('data:') || /blank|spacer|placeholder|1x1/i.test(candidate))
      continue;
    const url = absolute(candidate, pageUrl);
    if (url) return url;
  }
  return null;
}

function largestFromSrcset(srcset: string | null | undefined): string | null {
  if (!srcset) return null;
  let best: { url: string; size: number } | null = null;
  for (const part of srcset.split(/,\s+(?=\S)/)) {
    const [url, descriptor] = part.trim().split(/\s+/) as [string, string | undefined];
    const size = descriptor ? Number.parseFloat(descriptor) : 1;
    if (url && (!best || size > best.size)) best = { url, size };
  }
  return best?.url ?? null;
}

/**
 * Whether two URLs name the same picture, perhaps resized: the same file name once size suffixes
 * are gone ("13SUDAN-1-master768.jpg", "13SUDAN-1-facebookJumbo.jpg"). A short, generic name
 * ("4800.jpg") must match with its whole path.
 */
export function sameImage(a: string, b: string): boolean {
  const ka = imageKey(a);
  if (ka !== imageKey(b)) return false;
  return ka.length >= 8 || pathOf(a).replace(/[^/]*$/, '') === pathOf(b).replace(/[^/]*$/, '');
}

function pathOf(url: string): string {
  try {
    return new URL(url, 'http://x.invalid/').pathname;
  } catch {
    return url;
  }
}

/** The file an image URL names, without extension and size suffix. */
function imageKey(url: string): string {
  {
    const path = pathOf(url);
    return (path.split('/').pop() ?? path)
      .toLowerCase()
      .replace(/\.(jpe?g|png|webp|gif|avif)$/, '')
      .replace(
        /[-_](\d+x\d+|\d{2,4}(w|px)?|[a-z]*(jumbo|master|large|medium|small|thumb|square|wide|standard|popup|facebook|article|sixteen)[a-z0-9]*)$/,
        '',
      );
  }
}

function attributeLike(el: Element | undefined, name: RegExp): string | null {
  if (!el) return null;
  for (const attr of Array.from(el.attributes)) {
    if (attr.name.startsWith('data-') && name.test(attr.name) && attr.value.trim())
      return cleanText(attr.value);
  }
  return null;
}
