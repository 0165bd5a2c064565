import { raw } from 'hono/html';
import type { Child, FC } from 'hono/jsx';
import type { SiteChrome } from '../../app-deps.ts';
import { formatDateHeader } from '../../lib/dates.ts';
import { langAttribute } from '../../lib/script.ts';
import type { Post } from '../../storage/schema.ts';
import { Layout } from '../../web/theme/Layout.tsx';
import { urls } from '../../web/urls.ts';
import { wrapWideContent } from '../wide-content.ts';
import { type ImageVariant, LeadImage } from './LeadImage.tsx';
import { postLang } from './post-lang.ts';
import { SourceBlock } from './SourceBlock.tsx';

export interface PostPageData {
  post: Post;
  labels: string[];
  older?: { title: string; path: string };
  newer?: { title: string; path: string };
  imageVariants?: ImageVariant[];
  canonical: string;
  /** Extra head tags (OpenGraph, JSON-LD) built by the discovery module. */
  head?: Child;
  /**
   * The comments under a post (their section and form, rendered by the comments domain); under a
   * page, only the comments it brought from an import, without a form.
   */
  comments?: Child;
}

export const PostPage: FC<{ chrome: SiteChrome; data: PostPageData }> = ({ chrome, data }) => {
  const { post } = data;
  const zone = chrome.settings.timeZone;
  const pageLang = chrome.settings.language;
  const lang = postLang(post, pageLang);
  return (
    <Layout
      chrome={chrome}
      title={post.title}
      description={post.excerpt}
      canonical={data.canonical}
      head={data.head}
    >
      <article class="post h-entry" data-post-id={post.id} lang={lang}>
        <header class="post-header">
          {post.kind === 'post' && (
            <p class="post-date">
              <time class="dt-published" datetime={post.published_at}>
                {formatDateHeader(post.published_at, zone)}
              </time>
            </p>
          )}
          <h1 class="post-title p-name">{post.title}</h1>
        </header>
        <LeadImage post={post} variants={data.imageVariants} />
        <SourceBlock post={post} />
        <div class="post-body e-content">{raw(wrapWideContent(post.body_html))}</div>
        {data.labels.length > 0 && (
          <footer class="post-labels">
            Labels:{' '}
            <ul>
              {data.labels.map((name) => (
                <li>
                  <a class="p-category" href={urls.label(name)} rel="tag">
                    {name}
                  </a>
                </li>
              ))}
            </ul>
          </footer>
        )}
      </article>
      {post.kind === 'post' && (data.newer || data.older) && (
        <nav class="post-nav" aria-label="Newer and older posts">
          {data.newer && (
            <a
              class="newer"
              href={data.newer.path}
              rel="prev"
              lang={langAttribute(data.newer.title, pageLang)}
            >
              <span>Newer post</span>
              {data.newer.title}
            </a>
          )}
          {data.older && (
            <a
              class="older"
              href={data.older.path}
              rel="next"
              lang={langAttribute(data.older.title, pageLang)}
            >
              <span>Older post</span>
              {data.older.title}
            </a>
          )}
        </nav>
      )}
      {data.comments}
    </Layout>
  );
};
