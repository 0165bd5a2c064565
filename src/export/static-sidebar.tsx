// One sidebar for the whole mirror. The live blog's sidebar (archive counts, labels, search) is in
// every page, so one new post would change every page of a mirror; here pages hold an empty
// sidebar that sidebar.js fills in (a script, so it also works from file://), and readers without
// scripts get a link to sidebar.html, the same sidebar as a page.
import type { SiteChrome } from '../app-deps.ts';
import { Sidebar } from '../web/theme/Sidebar.tsx';
import { escapeAttr } from './static-links.ts';

/** What the blog's Layout renders for a chrome without widgets: the slot the mirror fills. */
const EMPTY_SIDEBAR = '<aside class="sidebar" aria-label="Sidebar"></aside>';
const FULL_SIDEBAR = /<aside class="sidebar" aria-label="Sidebar">[\s\S]*?<\/aside>/;

/** The chrome pages are rendered with: the blog's, without sidebar widgets. */
export function withoutSidebar(chrome: SiteChrome): SiteChrome {
  return {
    ...chrome,
    settings: { ...chrome.settings, sidebar: [] },
    sidebar: { archive: [], labels: [], sources: [] },
  };
}

/** The blog's sidebar's widgets (without its <aside>, which each page has). */
export async function renderSidebar(chrome: SiteChrome): Promise<string> {
  const html = String(await (<Sidebar data={chrome.sidebar} settings={chrome.settings} />).toString());
  return html.replace(/^<aside\b[^>]*>/, '').replace(/<\/aside>$/, '');
}

/**
 * The page with its sidebar (empty, or the blog's own in a page the blog rendered) replaced by the
 * shared one: `year` opens that year of the archive, `link` leads from the page to the mirror's root.
 */
export function withSharedSidebar(html: string, year: string | undefined, link: (file: string) => string) {
  const slot = `<aside class="sidebar" aria-label="Sidebar" data-mirror-sidebar${year ? ` data-year="${year}"` : ''}><noscript><a href="${escapeAttr(link('sidebar.html'))}">Archive, labels and search</a></noscript></aside>`;
  const at = html.indexOf(EMPTY_SIDEBAR);
  const filled =
    at >= 0
      ? html.slice(0, at) + slot + html.slice(at + EMPTY_SIDEBAR.length)
      : html.replace(FULL_SIDEBAR, () => slot);
  const tag = `<script src="${escapeAttr(link('sidebar.js'))}" defer></script>`;
  const end = filled.lastIndexOf('</body>');
  return end >= 0 ? filled.slice(0, end) + tag + filled.slice(end) : filled + tag;
}

/** sidebar.js: the sidebar's HTML (links relative to the mirror's root) and what puts it in place. */
export function sidebarScript(html: string): string {
  return `(() => {
  const root = new URL('.', document.currentScript.src).href;
  const html = ${JSON.stringify(html).replace(/</g, '\\u003c')};
  for (const aside of document.querySelectorAll('aside[data-mirror-sidebar]')) {
    aside.innerHTML = html;
    for (const a of aside.querySelectorAll('[href]')) {
      const href = a.getAttribute('href');
      if (!/^([a-z]+:|\\/|#)/i.test(href)) a.setAttribute('href', new URL(href, root).href);
    }
    const year = aside.dataset.year;
    const details = [...aside.querySelectorAll('details')];
    if (year && details.some((d) => d.querySelector('summary a')?.textContent === year))
      for (const d of details) d.open = d.querySelector('summary a')?.textContent === year;
  }
})();
`;
}

/** sidebar.html: the same sidebar as a page of its own, for readers without scripts. */
export function sidebarPage(html: string, chrome: SiteChrome, searchScript: string | null): string {
  const title = `${chrome.settings.title}: archive, labels and search`;
  const script = searchScript ? `<script src="${escapeAttr(searchScript)}" defer></script>` : '';
  return `<!DOCTYPE html><html lang="${escapeAttr(chrome.settings.language)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeText(title)}</title></head><body><p><a href="index.html">${escapeText(chrome.settings.title)}</a></p><main><aside class="sidebar" aria-label="Sidebar">${html}</aside></main>${script}</body></html>\n`;
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
}
