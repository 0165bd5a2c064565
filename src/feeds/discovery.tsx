// What a post page tells search engines and link previews: OpenGraph and Twitter card tags (with
// the lead image and its caption), and JSON-LD BlogPosting whose isBasedOn names the clipped
// article: its title, authors, outlet, date and address. The canonical link is the Layout's.
import { raw } from 'hono/html';
import type { FC } from 'hono/jsx';
import { parseAuthors } from '../lib/authors.ts';
import type { BlogSettings } from '../settings/settings.ts';
import type { Post } from '../storage/schema.ts';
import { urls } from '../web/urls.ts';
import { absoluteUrl } from './content.ts';

export const PostDiscovery: FC<{
  post: Post;
  labels: string[];
  settings: BlogSettings;
  canonical: string;
}> = ({ post, labels, settings, canonical }) => {
  const base = new URL(canonical).origin;
  const image = post.image_src ? absoluteUrl(post.image_src, base) : undefined;
  const imageAlt = post.image_alt || post.image_caption || undefined;
  const description = post.excerpt || settings.description || undefined;
  return (
    <>
      <meta property="og:type" content="article" />
      <meta property="og:site_name" content={settings.title} />
      <meta property="og:title" content={post.title} />
      {description && <meta property="og:description" content={description} />}
      <meta property="og:url" content={canonical} />
      <meta property="og:locale" content={settings.language.replace('-', '_')} />
      {image && <meta property="og:image" content={image} />}
      {image && imageAlt && <meta property="og:image:alt" content={imageAlt} />}
      <meta property="article:published_time" content={post.published_at} />
      <meta property="article:modified_time" content={post.updated_at} />
      {labels.map((l) => (
        <meta property="article:tag" content={l} />
      ))}
      <meta name="twitter:card" content={image ? 'summary_large_image' : 'summary'} />
      <meta name="twitter:title" content={post.title} />
      {description && <meta name="twitter:description" content={description} />}
      {image && <meta name="twitter:image" content={image} />}
      {image && imageAlt && <meta name="twitter:image:alt" content={imageAlt} />}
      <script type="application/ld+json">
        {raw(jsonLd(blogPosting(post, labels, settings, canonical)))}
      </script>
    </>
  );
};

/** The label's own feed, for the head of a label page. */
export const LabelFeedLinks: FC<{ label: string; settings: BlogSettings }> = ({ label, settings }) => (
  <>
    <link
      rel="alternate"
      type="application/atom+xml"
      title={`${settings.title} - ${label} (Atom)`}
      href={urls.labelFeed(label)}
    />
    <link
      rel="alternate"
      type="application/rss+xml"
      title={`${settings.title} - ${label} (RSS)`}
      href={`${urls.labelFeed(label)}?alt=rss`}
    />
  </>
);

/** A source page's own feeds (an outlet's clippings, or one writer's there). */
export const SourceFeedLinks: FC<{ filter: { outlet: string; author?: string }; settings: BlogSettings }> = ({
  filter,
  settings,
}) => {
  const name = filter.author === undefined ? filter.outlet : `${filter.author}, ${filter.outlet}`;
  const href = urls.sourceFeed(filter.outlet, filter.author);
  return (
    <>
      <link
        rel="alternate"
        type="application/atom+xml"
        title={`${settings.title} - ${name} (Atom)`}
        href={href}
      />
      <link
        rel="alternate"
        type="application/rss+xml"
        title={`${settings.title} - ${name} (RSS)`}
        href={`${href}?alt=rss`}
      />
    </>
  );
};

export function blogPosting(post: Post, labels: string[], settings: BlogSettings, canonical: string) {
  const base = new URL(canonical).origin;
  const blog = { '@type': 'Organization', name: settings.title, url: absoluteUrl('/', base) };
  const sourceAuthors = parseAuthors(post.source_authors);
  const hasSource = post.source_url || post.source_outlet || post.source_title || sourceAuthors.length > 0;
  return {
    '@context': 'https://schema.org',
    '@type': 'BlogPosting',
    headline: post.title,
    url: canonical,
    mainEntityOfPage: canonical,
    datePublished: post.published_at,
    dateModified: post.updated_at,
    description: post.excerpt || undefined,
    inLanguage: settings.language,
    keywords: labels.length > 0 ? labels.join(', ') : undefined,
    author: blog,
    publisher: blog,
    image: post.image_src
      ? {
          '@type': 'ImageObject',
          url: absoluteUrl(post.image_src, base),
          caption: post.image_caption ?? undefined,
          creditText: post.image_credit ?? undefined,
        }
      : undefined,
    isBasedOn: hasSource
      ? {
          '@type': 'NewsArticle',
          headline: post.source_title ?? post.title,
          url: post.source_url ?? undefined,
          datePublished: post.source_date ?? undefined,
          author:
            sourceAuthors.length > 0 ? sourceAuthors.map((name) => ({ '@type': 'Person', name })) : undefined,
          publisher: post.source_outlet ? { '@type': 'Organization', name: post.source_outlet } : undefined,
        }
      : undefined,
  };
}

/** JSON for a <script> data block: nothing in it can close the element or open a comment. */
export function jsonLd(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
