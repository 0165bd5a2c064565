// A fetched news page → the parts of a clipping: title, authors, outlet, original date, canonical
// URL, lead image with caption and credit, and the article body, cleaned and sanitised. Mozilla
// Readability (over linkedom, 6× faster than jsdom with the same output) finds the body; the page's
// own metadata (page-metadata.ts) and its lead figure (lead-image.ts) fill what Readability misses.
import { Readability } from '@mozilla/readability';
import { parseHTML } from '../lib/dom.ts';
import { excerptOf, htmlToText } from '../lib/html.ts';
import { sanitizePostHtml } from '../lib/sanitize.ts';
import { findLeadFigure, sameImage } from './lead-image.ts';
import {
  absolute,
  cleanText,
  type PageImage,
  type PageMetadata,
  readPageMetadata,
  splitNames,
} from './page-metadata.ts';

export interface ExtractedSource {
  title: string;
  authors: string[];
  outlet: string | null;
  date: string | null;
  url: string;
}

export interface ExtractedArticle {
  title: string;
  source: ExtractedSource;
  /** The page's own idea of its address (rel=canonical, og:url), else the fetched URL. */
  canonicalUrl: string;
  image: PageImage | null;
  bodyHtml: string;
  /** The body's visible text, one paragraph a line. */
  text: string;
  excerpt: string;
  lang: string | null;
  dir: string | null;
  /** What the page said about itself and what Readability found, kept with the snapshot. */
  metadata: { page: PageMetadata; readability: Record<string, string | null> };
}

export class ExtractError extends Error {}

/**
 * Readability's time and memory grow with the page's elements: 50,000 tightly nested ones took
 * 6.7 s and 360 MB, 600,000 (an 8 MB page, under the fetch limit) 167 s and 1.9 GB. The largest
 * of Mozilla's real test pages has 9,892, so 30,000 leaves room for any article and refuses a
 * page built to stall the server.
 */
export const MAX_ELEMENTS = 30_000;

export function extractArticle(html: string, pageUrl: string): ExtractedArticle {
  const { document: parsed } = parseHTML(html);
  const doc = parsed as unknown as Document;
  if (!doc.documentElement) throw new ExtractError('the page is empty');
  // linkedom's getElementsByTagName('*') finds nothing; querySelectorAll counts every element.
  const elements = doc.querySelectorAll('*').length;
  if (elements > MAX_ELEMENTS)
    throw new ExtractError(
      `the page has ${elements.toLocaleString('en')} HTML elements; Gloss reads pages of up to ${MAX_ELEMENTS.toLocaleString('en')} (a news article has a few thousand)`,
    );
  const base = baseUrl(doc, pageUrl);
  // linkedom has no document URL; Readability resolves links and images against these.
  Object.defineProperty(doc, 'documentURI', { value: pageUrl });
  Object.defineProperty(doc, 'baseURI', { value: base });

  const page = readPageMetadata(doc, pageUrl);
  const figure = findLeadFigure(doc, base, page.image?.src ?? null);

  const reader = new Readability<Element>(doc, {
    classesToPreserve: ['caption', 'credit'],
    serializer: (node) => node as Element,
  });
  // Readability 0.6.0 splits titles at | - / > » but not at the en and em dashes newer releases
  // (and many outlets) use: "Headline – Outlet".
  const fromTitleTag = documentTitle(doc);
  (reader as unknown as { _getArticleTitle: () => string })._getArticleTitle = () => fromTitleTag;
  let article: ReturnType<typeof reader.parse>;
  try {
    article = reader.parse();
  } catch (err) {
    throw new ExtractError(`the page could not be read as an article: ${(err as Error).message}`);
  }
  if (!article?.content) throw new ExtractError('no article text was found on the page');

  // Readability falls back to <title> when it finds no metadata title; a JSON-LD headline it
  // could not read (an @type list, no @context) is better. Empty when the page has no title.
  const found = cleanText(article.title ?? '');
  const title = (found === fromTitleTag && page.title) || found || page.title || '';
  const outlet = page.outlet ?? (cleanText(article.siteName ?? '') || null);
  const authors = page.authors.length ? page.authors : bylineAuthors(article.byline);
  const image = mergeImage(figure, page.image);
  const bodyHtml = cleanBody(article.content, image?.src ?? null);
  const canonicalUrl = page.canonicalUrl ?? pageUrl;

  return {
    title,
    source: {
      title,
      authors,
      outlet,
      date: normaliseDate(page.published ?? article.publishedTime ?? null),
      url: canonicalUrl,
    },
    canonicalUrl,
    image,
    bodyHtml,
    text: htmlToText(bodyHtml),
    excerpt: cleanText(article.excerpt ?? '') || excerptOf(bodyHtml),
    lang: article.lang ?? null,
    dir: article.dir ?? null,
    metadata: {
      page,
      readability: {
        title: article.title ?? null,
        byline: article.byline ?? null,
        siteName: article.siteName ?? null,
        publishedTime: article.publishedTime ?? null,
        excerpt: article.excerpt ?? null,
      },
    },
  };
}

function baseUrl(doc: Document, pageUrl: string): string {
  const href = doc.querySelector('base[href]')?.getAttribute('href');
  return (href && absolute(href, pageUrl)) || pageUrl;
}

/** A byline Readability found in the page text ("By Jane Doe | Staff writer") as names. */
function bylineAuthors(byline: string | null | undefined): string[] {
  const text = withoutDateline(cleanText(byline ?? ''));
  if (!text || text.length > 120 || /^https?:\/\//.test(text)) return [];
  return splitNames(text);
}

const MONTH = '(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\\.?';
const DATELINE = new RegExp(
  `\\s*(?:\\d{1,2}\\s*${MONTH}\\s+\\d{4}|${MONTH}\\s+\\d{1,2},?\\s+\\d{4}|\\d{4}-\\d{2}-\\d{2}).*$`,
  'i',
);

/** A byline without the date printed after the name ("Nathan Willis March 25, 2015"). */
export function withoutDateline(byline: string): string {
  return byline.replace(DATELINE, '').trim();
}

/** The figure the page shows, completed by its JSON-LD and OpenGraph data when they describe it. */
function mergeImage(figure: PageImage | null, social: PageImage | null): PageImage | null {
  let image: PageImage;
  if (!figure) {
    if (!social?.src) return null;
    image = social;
  } else {
    const same = social?.src && figure.src && sameImage(social.src, figure.src);
    image = {
      src: figure.src,
      alt: figure.alt ?? (same ? social!.alt : null),
      caption: figure.caption ?? (same ? social!.caption : null),
      credit: figure.credit ?? (same ? social!.credit : null),
    };
  }
  // A descriptive alt text (og:image:alt) stands in for a missing caption; "Image for post" does not.
  const descriptive = image.alt && image.alt.split(/\s+/).length >= 6 ? image.alt : null;
  return { ...image, caption: image.caption ?? descriptive };
}

/** Readability's article element → stored body HTML: chrome removed, ids kept apart, sanitised. */
function cleanBody(root: Element, leadSrc: string | null): string {
  for (const el of Array.from(
    root.querySelectorAll(
      'button, form, input, select, textarea, noscript, svg, canvas, template, dialog, nav',
    ),
  )) {
    el.remove();
  }
  // The lead image is shown above the source block; not a second time in the body.
  if (leadSrc) {
    for (const img of Array.from(root.getElementsByTagName('img'))) {
      const src = img.getAttribute('src') ?? '';
      if (!src || !sameImage(src, leadSrc)) continue;
      const holder = img.closest('figure') ?? img.closest('picture') ?? img;
      holder.remove();
      break;
    }
  }
  for (const h1 of Array.from(root.getElementsByTagName('h1'))) {
    const h2 = root.ownerDocument.createElement('h2');
    while (h1.firstChild) h2.appendChild(h1.firstChild);
    h1.replaceWith(h2);
  }
  // Readability's wrappers (#readability-content > #readability-page-1) are not the article's.
  let body = root;
  while (body.children.length === 1 && /^readability-/.test(body.firstElementChild!.id)) {
    body = body.firstElementChild!;
  }
  // Ids from the outlet's page are kept only as targets of the article's own links (footnotes),
  // renamed so they cannot collide with the blog's (#comments, #main).
  const ids = new Set(Array.from(body.querySelectorAll('[id]')).map((el) => el.getAttribute('id')));
  const targets = new Set<string>();
  for (const a of Array.from(body.querySelectorAll('a[href^="#"]'))) {
    const target = a.getAttribute('href')!.slice(1);
    if (target && ids.has(target)) {
      targets.add(target);
      a.setAttribute('href', `#src-${target}`);
    } else {
      a.replaceWith(...Array.from(a.childNodes));
    }
  }
  for (const el of Array.from(body.querySelectorAll('[id]'))) {
    const id = el.getAttribute('id')!;
    if (targets.has(id)) el.setAttribute('id', `src-${id}`);
    else el.removeAttribute('id');
  }
  const html = sanitizePostHtml(body.innerHTML)
    // Paragraphs left empty once images, buttons and scripts are gone.
    .replace(/<p>(\s|&nbsp;|<br \/>)*<\/p>/g, '');
  return tidyWhitespace(html);
}

/** Source indentation collapsed to single line breaks (except inside <pre>). */
function tidyWhitespace(html: string): string {
  return html
    .split(/(<pre[\s\S]*?<\/pre>)/)
    .map((part, i) => (i % 2 ? part : part.replace(/[ \t]*\n\s*/g, '\n')))
    .join('')
    .trim();
}

/** An ISO 8601 date as the page gave it (its offset kept); any other readable date as UTC ISO. */
export function normaliseDate(value: string | null): string | null {
  const text = value?.trim();
  if (!text) return null;
  if (/^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.test(text)) {
    return text.replace(' ', 'T');
  }
  const time = Date.parse(text);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

/**
 * The article title from <title>: Readability 0.6.0's rules, with en and em dashes counted as
 * separators ("Headline – Outlet") as later Readability releases do.
 */
export function documentTitle(doc: Document): string {
  const original = cleanText(doc.title || doc.getElementsByTagName('title')[0]?.textContent || '');
  const words = (s: string) => s.split(/\s+/).length;
  const separators = / [|\-\\/>»–—] /g;
  let title = original;
  let hierarchical = false;
  const all = Array.from(original.matchAll(separators));
  if (all.length) {
    hierarchical = / [\\/>»] /.test(original);
    title = original.slice(0, all.at(-1)!.index);
    if (words(title) < 3) title = original.replace(/^[^|\-\\/>»–—]*[|\-\\/>»–—]/, '');
  } else if (original.includes(': ')) {
    const heading = Array.from(doc.querySelectorAll('h1, h2')).some(
      (h) => (h.textContent ?? '').trim() === original,
    );
    if (!heading) {
      title = original.slice(original.lastIndexOf(':') + 1);
      if (words(title) < 3) title = original.slice(original.indexOf(':') + 1);
      else if (words(original.slice(0, original.indexOf(':'))) > 5) title = original;
    }
  } else if (original.length > 150 || original.length < 15) {
    const h1s = doc.getElementsByTagName('h1');
    if (h1s.length === 1) title = cleanText(h1s[0]!.textContent ?? '');
  }
  title = cleanText(title);
  const count = words(title);
  if (count <= 4 && (!hierarchical || count !== words(original.replace(/[|\-\\/>»–—]+/g, '')) - 1)) {
    title = original;
  }
  return title;
}
