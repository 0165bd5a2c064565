// A small element tree for one record of a streamed XML file (an Atom <entry>, an RSS <item>),
// with namespace-aware lookups: readers ask for (namespace URI, local name), never for a prefix.

export interface XmlText {
  text: string;
  cdata: boolean;
}

export interface XmlNode {
  uri: string;
  local: string;
  /** The qualified name as written (for messages). */
  name: string;
  /** Attributes by local name (Atom and RSS attributes carry no prefix that matters here). */
  attrs: Record<string, string>;
  content: Array<XmlNode | XmlText>;
  line: number;
  column: number;
}

export function isNode(item: XmlNode | XmlText): item is XmlNode {
  return (item as XmlNode).local !== undefined;
}

export function children(node: XmlNode, uri?: string, local?: string): XmlNode[] {
  const out: XmlNode[] = [];
  for (const item of node.content) {
    if (!isNode(item)) continue;
    if (local !== undefined && item.local !== local) continue;
    if (uri !== undefined && !matchesUri(item.uri, uri)) continue;
    out.push(item);
  }
  return out;
}

export function child(node: XmlNode, uri: string | undefined, local: string): XmlNode | undefined {
  for (const item of node.content) {
    if (isNode(item) && item.local === local && (uri === undefined || matchesUri(item.uri, uri))) return item;
  }
  return undefined;
}

/** The text directly inside an element (text and CDATA, in order). */
export function textOf(node: XmlNode | undefined): string {
  if (!node) return '';
  let text = '';
  for (const item of node.content) if (!isNode(item)) text += item.text;
  return text;
}

/** The trimmed text of a child, or '' when absent. */
export function childText(node: XmlNode, uri: string | undefined, local: string): string {
  return textOf(child(node, uri, local)).trim();
}

/** Namespace URIs that differ only by version are one namespace here (WordPress 1.0, 1.1, 1.2). */
function matchesUri(actual: string, wanted: string): boolean {
  if (actual === wanted) return true;
  // "wp" stands for every version of the WordPress export namespace.
  if (wanted === WP) return /^https?:\/\/wordpress\.org\/export\/\d+\.\d+\/$/.test(actual);
  if (wanted === WP_EXCERPT) return /^https?:\/\/wordpress\.org\/export\/\d+\.\d+\/excerpt\/$/.test(actual);
  return false;
}

export const ATOM = 'http://www.w3.org/2005/Atom';
export const APP = 'http://purl.org/atom/app#';
export const APP_2007 = 'http://www.w3.org/2007/app';
export const THR = 'http://purl.org/syndication/thread/1.0';
export const GD = 'http://schemas.google.com/g/2005';
export const BLOGGER_2018 = 'http://schemas.google.com/blogger/2018';
export const MEDIA = 'http://search.yahoo.com/mrss/';
export const CONTENT = 'http://purl.org/rss/1.0/modules/content/';
export const DC = 'http://purl.org/dc/elements/1.1/';
export const WFW = 'http://wellformedweb.org/CommentAPI/';
/** Stands for http://wordpress.org/export/N.N/ (any version). */
export const WP = 'wp:';
export const WP_EXCERPT = 'wp-excerpt:';

/**
 * What an undeclared prefix means when a file uses one without declaring it (real Blogger exports
 * do, with app:). These are the conventional bindings; an unknown prefix gets a URI that matches
 * nothing, so its elements are ignored rather than misread.
 */
export const KNOWN_PREFIXES: Record<string, string> = {
  app: APP,
  thr: THR,
  gd: GD,
  georss: 'http://www.georss.org/georss',
  openSearch: 'http://a9.com/-/spec/opensearchrss/1.0/',
  opensearch: 'http://a9.com/-/spec/opensearch/1.1/',
  blogger: BLOGGER_2018,
  media: MEDIA,
  content: CONTENT,
  dc: DC,
  wfw: WFW,
  wp: 'http://wordpress.org/export/1.2/',
  excerpt: 'http://wordpress.org/export/1.2/excerpt/',
  atom: ATOM,
  slash: 'http://purl.org/rss/1.0/modules/slash/',
  sy: 'http://purl.org/rss/1.0/modules/syndication/',
  itunes: 'http://www.itunes.com/dtds/podcast-1.0.dtd',
};

/** The markup inside an element, written back out (Atom type="xhtml" content). */
export function innerXml(node: XmlNode): string {
  let out = '';
  for (const item of node.content) {
    if (!isNode(item)) {
      out += item.text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
      continue;
    }
    const attrs = Object.entries(item.attrs)
      .map(([k, v]) => ` ${k}="${v.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"`)
      .join('');
    out += `<${item.local}${attrs}>${innerXml(item)}</${item.local}>`;
  }
  return out;
}

export { own } from '../../lib/detached-string.ts';
