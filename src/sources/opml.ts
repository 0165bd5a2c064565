// The outlet list as OPML 2.0, the format every feed reader imports and exports.
import { onFirstUse } from '../lib/on-first-use.ts';

const feedsmith = onFirstUse<typeof import('feedsmith')>('feedsmith');

export interface OpmlOutlet {
  name: string;
  feedUrl: string;
  siteUrl: string | null;
}

export class OpmlError extends Error {}

interface Outline {
  text?: string;
  title?: string;
  xmlUrl?: string;
  htmlUrl?: string;
  outlines?: Outline[];
}

/** Every outline with a feed address, folders flattened; refuses a file that is not OPML. */
export function readOpml(text: string): OpmlOutlet[] {
  let doc: { body?: { outlines?: Outline[] } };
  try {
    doc = feedsmith().parseOpml(text.replace(/^\uFEFF/, '').trim()) as typeof doc;
  } catch (err) {
    throw new OpmlError(`not an OPML outline list: ${(err as Error).message}`);
  }
  const out: OpmlOutlet[] = [];
  const walk = (outlines: Outline[] = []) => {
    for (const o of outlines) {
      if (o.xmlUrl) {
        out.push({
          name: (o.title || o.text || '').trim(),
          feedUrl: o.xmlUrl.trim(),
          siteUrl: o.htmlUrl?.trim() || null,
        });
      }
      walk(o.outlines);
    }
  };
  walk(doc.body?.outlines);
  if (out.length === 0) throw new OpmlError('the OPML file lists no feed (no outline has an xmlUrl)');
  return out;
}

export function writeOpml(title: string, outlets: OpmlOutlet[], now: Date): string {
  // feedsmith refuses a body without outlines; an empty list is still a valid OPML file.
  if (outlets.length === 0) {
    const escaped = title.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    return `<?xml version="1.0" encoding="utf-8"?>\n<opml version="2.0">\n  <head>\n    <title>${escaped}</title>\n    <dateCreated>${now.toUTCString()}</dateCreated>\n  </head>\n  <body/>\n</opml>\n`;
  }
  return feedsmith().generateOpml({
    head: { title, dateCreated: now },
    body: {
      outlines: outlets.map((o) => ({
        text: o.name,
        title: o.name,
        type: 'rss',
        xmlUrl: o.feedUrl,
        ...(o.siteUrl ? { htmlUrl: o.siteUrl } : {}),
      })),
    },
  }) as string;
}
