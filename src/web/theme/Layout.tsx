import type { Child, FC } from 'hono/jsx';
import { urls } from '../urls.ts';
import { assetUrl } from './assets.ts';
import type { Chrome } from './chrome.ts';
import { Document } from './Document.tsx';
import { Sidebar } from './Sidebar.tsx';

interface LayoutProps {
  chrome: Chrome;
  /** The page's own title; the blog title alone on the home page. */
  title?: string;
  description?: string;
  canonical?: string;
  /** Extra tags for <head> (OpenGraph, JSON-LD, per-label feeds). */
  head?: Child;
  /** The search box's current query. */
  query?: string;
  children: Child;
}

/** The year of a page at /YYYY/…: a post or an archive. */
function yearOf(canonical: string | undefined): string | undefined {
  if (!canonical) return undefined;
  return /^\/(\d{4})\//.exec(new URL(canonical, 'http://x').pathname)?.[1];
}

export const Layout: FC<LayoutProps> = ({ chrome, title, description, canonical, head, query, children }) => {
  const { settings } = chrome;
  const fullTitle = title ? `${title} · ${settings.title}` : settings.title;
  return (
    <Document lang={settings.language}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{fullTitle}</title>
        {(description ?? settings.description) && (
          <meta name="description" content={description ?? settings.description} />
        )}
        {canonical && <link rel="canonical" href={canonical} />}
        <link
          rel="alternate"
          type="application/atom+xml"
          title={`${settings.title} - Atom`}
          href={urls.feedAtom()}
        />
        <link
          rel="alternate"
          type="application/rss+xml"
          title={`${settings.title} - RSS`}
          href={urls.feedRss()}
        />
        <link
          rel="alternate"
          type="application/feed+json"
          title={`${settings.title} - JSON Feed`}
          href={urls.feedJson()}
        />
        <link rel="stylesheet" href={assetUrl('base.css')} />
        <link rel="stylesheet" href={assetUrl('gloss.css')} />
        <link rel="icon" type="image/svg+xml" href={assetUrl('favicon.svg')} />
        {head}
      </head>
      <body>
        <a class="skip-link" href="#main">
          Skip to content
        </a>
        <header class="masthead">
          <div class="masthead-inner">
            <p class="masthead-title">
              <a href={urls.home()}>{settings.title}</a>
            </p>
            {settings.description && <p class="masthead-description">{settings.description}</p>}
          </div>
          <nav class="site-nav" aria-label="Site">
            <ul>
              <li>
                <a href={urls.home()}>Home</a>
              </li>
              {chrome.pages.map((p) => (
                <li>
                  <a href={p.path}>{p.title}</a>
                </li>
              ))}
            </ul>
          </nav>
        </header>
        <div class="page">
          <main id="main" class="content">
            {children}
          </main>
          <Sidebar data={chrome.sidebar} settings={settings} query={query} year={yearOf(canonical)} />
        </div>
        <footer class="site-footer">
          <p>
            {settings.title} · <a href={urls.feedAtom()}>Subscribe (Atom)</a> ·{' '}
            <a href={urls.feedRss()}>RSS</a> · Published with Gloss
          </p>
        </footer>
      </body>
    </Document>
  );
};
