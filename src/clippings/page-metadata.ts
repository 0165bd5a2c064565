// What a news page says about itself, read before Readability rewrites the document: JSON-LD
// (NewsArticle and friends, inside @graph or arrays, with @id references resolved), OpenGraph,
// article:* and Dublin Core meta tags, Parse.ly, <time>, the canonical link. Readability reads some
// of this too, but keeps only the first JSON-LD block, one byline string and no image metadata.
import { decodeEntities } from '../lib/html.ts';

export interface PageImage {
  src: string | null;
  alt: string | null;
  caption: string | null;
  credit: string | null;
}

export interface PageMetadata {
  title: string | null;
  authors: string[];
  outlet: string | null;
  published: string | null;
  modified: string | null;
  canonicalUrl: string | null;
  description: string | null;
  image: PageImage | null;
  /** Schema.org types of the JSON-LD node the article metadata came from. */
  jsonLdTypes: string[];
}

type JsonObject = Record<string, unknown>;
type MetaValues = Map<string, string[]> & { first: (key: string) => string | undefined };

const ARTICLE_TYPES =
  /^(Article|AdvertiserContentArticle|NewsArticle|AnalysisNewsArticle|AskPublicNewsArticle|BackgroundNewsArticle|OpinionNewsArticle|ReportageNewsArticle|ReviewNewsArticle|Report|SatiricalArticle|ScholarlyArticle|MedicalScholarlyArticle|SocialMediaPosting|BlogPosting|LiveBlogPosting|DiscussionForumPosting|TechArticle|APIReference)$/;

export function readPageMetadata(doc: Document, pageUrl: string): PageMetadata {
  const meta = metaValues(doc);
  const graph = jsonLdNodes(doc);
  const byId = new Map<string, JsonObject>();
  for (const node of graph) if (typeof node['@id'] === 'string') byId.set(node['@id'], node);
  const deref = (value: unknown): unknown =>
    isObject(value) && typeof value['@id'] === 'string' && Object.keys(value).length === 1
      ? (byId.get(value['@id']) ?? value)
      : value;

  const article = pickArticle(graph);
  const website = graph.find((n) => typesOf(n).includes('WebSite'));
  const publisher = article ? deref(article.publisher ?? article.sourceOrganization) : undefined;

  const jsonAuthors = article ? namesOf(article.author ?? article.creator, deref) : [];
  const metaAuthors = [
    meta.get('dc.creator'),
    meta.get('dcterms.creator'),
    meta.get('author'),
    meta.get('parsely-author'),
    meta.get('sailthru.author'),
    meta.get('byl'),
    meta.get('citation_author'),
    meta.get('article:author')?.filter((a) => !/^https?:\/\//i.test(a)),
  ].find((list) => list?.length);

  return {
    title:
      articleTitle(article, doc.title) ??
      meta.first('og:title') ??
      meta.first('twitter:title') ??
      meta.first('dc.title') ??
      meta.first('parsely-title') ??
      null,
    authors: jsonAuthors.length ? jsonAuthors : [...new Set((metaAuthors ?? []).flatMap(splitNames))],
    outlet:
      nameOf(publisher, deref) ??
      meta.first('og:site_name') ??
      (website ? firstString(website.name) : null) ??
      meta.first('application-name') ??
      meta.first('dc.publisher') ??
      null,
    published:
      firstString(article?.datePublished, article?.dateCreated) ??
      meta.first('article:published_time') ??
      meta.first('parsely-pub-date') ??
      meta.first('sailthru.date') ??
      meta.first('dc.date.issued') ??
      meta.first('dcterms.created') ??
      meta.first('dc.date') ??
      meta.first('datepublished') ??
      meta.first('pubdate') ??
      meta.first('publish-date') ??
      meta.first('date') ??
      timeElementDate(doc) ??
      null,
    modified: firstString(article?.dateModified) ?? meta.first('article:modified_time') ?? null,
    canonicalUrl: canonicalOf(doc, meta, article, pageUrl),
    description:
      firstString(article?.description) ?? meta.first('og:description') ?? meta.first('description') ?? null,
    image: imageOf(article ? deref(firstOf(article.image)) : undefined, meta, deref, pageUrl),
    jsonLdTypes: article ? typesOf(article) : [],
  };
}

/**
 * Meta tag values by lower-cased property or name, every occurrence kept in order (several
 * author tags name several authors). Properties come before names ("dc:creator" outranks
 * "DC.creator", as in Readability).
 */
function metaValues(doc: Document): MetaValues {
  const all = new Map<string, string[]>();
  const from = new Map<string, string>();
  const elements = Array.from(doc.getElementsByTagName('meta'));
  for (const attribute of ['property', 'name', 'itemprop']) {
    for (const el of elements) {
      const content = cleanText(el.getAttribute('content') ?? '');
      if (!content) continue;
      // A property may list several space-separated names ("og:title twitter:title").
      for (const name of (el.getAttribute(attribute) ?? '').toLowerCase().split(/\s+/)) {
        const k = name.replace(/^dcterms?[:.]/, 'dcterms.').replace(/^dc:/, 'dc.');
        // The same fact as both property and name is one value, not two.
        if (!k || (from.get(k) ?? attribute) !== attribute) continue;
        from.set(k, attribute);
        const list = all.get(k) ?? [];
        if (!list.includes(content)) list.push(content);
        all.set(k, list);
      }
    }
  }
  const values: MetaValues = Object.assign(all, { first: (key: string) => all.get(key)?.[0] });
  const parsely = values.first('parsely-page') ?? values.first('parsely-metadata');
  if (parsely) {
    try {
      const data = JSON.parse(parsely) as JsonObject;
      if (typeof data.pub_date === 'string' && !values.has('parsely-pub-date'))
        values.set('parsely-pub-date', [data.pub_date]);
      if (typeof data.author === 'string' && !values.has('parsely-author'))
        values.set('parsely-author', [data.author]);
    } catch {
      // not JSON: ignored
    }
  }
  return values;
}

/** Every object in the page's JSON-LD, flattened out of arrays, @graph and mainEntity. */
function jsonLdNodes(doc: Document): JsonObject[] {
  const nodes: JsonObject[] = [];
  const visit = (value: unknown, depth: number) => {
    if (depth > 6) return;
    if (Array.isArray(value)) {
      for (const v of value) visit(v, depth + 1);
    } else if (isObject(value)) {
      nodes.push(value);
      if (value['@graph']) visit(value['@graph'], depth + 1);
      if (isObject(value.mainEntity)) visit(value.mainEntity, depth + 1);
    }
  };
  for (const script of Array.from(doc.getElementsByTagName('script'))) {
    if (script.getAttribute('type')?.trim().toLowerCase() !== 'application/ld+json') continue;
    const text = (script.textContent ?? '').replace(/^\s*(<!--|<!\[CDATA\[)|(-->|\]\]>)\s*$/g, '').trim();
    if (!text) continue;
    try {
      visit(JSON.parse(text), 0);
    } catch {
      try {
        // Raw line breaks inside strings are the usual breakage.
        visit(JSON.parse(text.replace(/[\u0000-\u001f]+/g, ' ')), 0);
      } catch {
        // unreadable: ignored
      }
    }
  }
  return nodes;
}

function pickArticle(nodes: JsonObject[]): JsonObject | undefined {
  const articles = nodes.filter((n) => typesOf(n).some((t) => ARTICLE_TYPES.test(t)));
  return articles.find((n) => typesOf(n).some((t) => /NewsArticle$/.test(t))) ?? articles[0];
}

function typesOf(node: JsonObject): string[] {
  const raw = node['@type'];
  const list = Array.isArray(raw) ? raw : [raw];
  return list
    .filter((t): t is string => typeof t === 'string')
    .map((t) => t.replace(/^(https?:\/\/schema\.org\/|schema:)/, ''));
}

/** headline or name; when they differ, the one the page's <title> repeats (Wikipedia's headline is a description). */
function articleTitle(article: JsonObject | undefined, pageTitle: string): string | null {
  const headline = firstString(article?.headline);
  const name = firstString(article?.name);
  if (headline && name && headline !== name) {
    const inTitle = (t: string) => cleanText(pageTitle).toLowerCase().includes(t.toLowerCase());
    if (inTitle(name) && !inTitle(headline)) return name;
  }
  return headline ?? name;
}

function namesOf(value: unknown, deref: (v: unknown) => unknown): string[] {
  const list = Array.isArray(value) ? value : value == null ? [] : [value];
  const names: string[] = [];
  for (const item of list) {
    if (typeof item === 'string') {
      if (!/^https?:\/\//.test(item)) names.push(...splitNames(item));
      continue;
    }
    const name = nameOf(deref(item), deref);
    if (name) names.push(name);
  }
  return [...new Set(names.map(cleanText).filter(Boolean))];
}

function nameOf(value: unknown, deref: (v: unknown) => unknown): string | null {
  const node = deref(value);
  if (typeof node === 'string') return cleanText(node) || null;
  if (!isObject(node)) return null;
  const name = firstString(node.name, node.alternateName);
  if (name) return name;
  const given = firstString(node.givenName);
  const family = firstString(node.familyName);
  return given || family ? [given, family].filter(Boolean).join(' ') : null;
}

function imageOf(
  node: unknown,
  meta: MetaValues,
  deref: (v: unknown) => unknown,
  pageUrl: string,
): PageImage | null {
  const object = isObject(node) ? node : null;
  const src =
    (typeof node === 'string' ? node : firstString(object?.url, object?.contentUrl)) ??
    meta.first('og:image:secure_url') ??
    meta.first('og:image') ??
    meta.first('og:image:url') ??
    meta.first('twitter:image') ??
    meta.first('twitter:image:src') ??
    null;
  const caption = firstString(object?.caption, object?.description);
  const credit =
    firstString(object?.creditText, object?.copyrightNotice) ??
    nameOf(object?.copyrightHolder, deref) ??
    nameOf(object?.author ?? object?.creator, deref);
  const alt = meta.first('og:image:alt') ?? meta.first('twitter:image:alt') ?? null;
  if (!src && !caption) return null;
  return { src: src ? absolute(src, pageUrl) : null, alt, caption, credit };
}

function canonicalOf(
  doc: Document,
  meta: MetaValues,
  article: JsonObject | undefined,
  pageUrl: string,
): string | null {
  const link = Array.from(doc.getElementsByTagName('link')).find((l) =>
    (l.getAttribute('rel') ?? '').toLowerCase().split(/\s+/).includes('canonical'),
  );
  const entity = article?.mainEntityOfPage;
  const candidates = [
    link?.getAttribute('href'),
    meta.first('og:url'),
    firstString(article?.url, isObject(entity) ? entity['@id'] : entity),
  ];
  const page = new URL(pageUrl);
  for (const candidate of candidates) {
    const url = candidate ? absolute(candidate, pageUrl) : null;
    if (!url) continue;
    const parsed = new URL(url);
    // A canonical link to the home page on an article is a template bug, not an identity.
    if (parsed.pathname === '/' && !parsed.search && page.pathname !== '/') continue;
    return parsed.href;
  }
  return null;
}

/** A publication date from <time>: one marked as the publication date, else the first with a date. */
function timeElementDate(doc: Document): string | null {
  const times = Array.from(doc.getElementsByTagName('time'));
  const marked = times.find(
    (t) =>
      t.hasAttribute('pubdate') ||
      /datePublished/i.test(t.getAttribute('itemprop') ?? '') ||
      /publish|posted|dateline/i.test(t.getAttribute('class') ?? ''),
  );
  for (const t of marked ? [marked] : times.slice(0, 3)) {
    const value = t.getAttribute('datetime')?.trim();
    if (value && /^\d{4}-\d{2}-\d{2}/.test(value)) return value;
  }
  return null;
}

/** "By Jane Doe and John Roe" → ["Jane Doe", "John Roe"]; a single name is kept whole. */
export function splitNames(byline: string): string[] {
  const text = cleanText(byline)
    .replace(/^(by|written by|words by|from)\s+/i, '')
    .replace(/\s+(edited|updated|photos?|reporting|additional reporting)\s+by\b.*$/i, '')
    .trim();
  // "Jane Doe (with John Roe and Ann Poe)" is one credit line, not three names.
  if (!text || /[()]/.test(text)) return text ? [text] : [];
  const parts = text
    .split(/\s*(?:,|;|\||&|\band\b|\bund\b|\bet\b|\by\b|\be\b)\s*/i)
    .map((p) => p.trim())
    .filter(Boolean);
  // Only split when every part looks like a name of its own ("Doe, Jane" stays one).
  const looksLikeNames = parts.length > 1 && parts.every((p) => p.split(/\s+/).length >= 2);
  return looksLikeNames ? parts : [text];
}

function firstOf(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}

function firstString(...values: unknown[]): string | null {
  for (const value of values) {
    const v = Array.isArray(value) ? value[0] : value;
    if (typeof v === 'string' && cleanText(v)) return cleanText(v);
  }
  return null;
}

/** Whitespace collapsed and entities decoded (many pages escape their meta values twice). */
export function cleanText(text: string): string {
  return decodeEntities(text).replace(/\s+/g, ' ').trim();
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function absolute(url: string, base: string): string | null {
  try {
    const resolved = new URL(url.trim(), base);
    return resolved.protocol === 'http:' || resolved.protocol === 'https:' ? resolved.href : null;
  } catch {
    return null;
  }
}
