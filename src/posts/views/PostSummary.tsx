import type { FC } from 'hono/jsx';
import { joinNames, parseAuthors } from '../../lib/authors.ts';
import { commentCountLabel } from '../../lib/counts.ts';
import type { Post } from '../../storage/schema.ts';
import { urls } from '../../web/urls.ts';
import { summaryLang } from './post-lang.ts';

/** A post in a listing: title, source line, the editor's first note, excerpt, comment count. */
export const PostSummary: FC<{ post: Post; labels: string[]; comments: number; firstNote?: string }> = ({
  post,
  labels,
  comments,
  firstNote,
}) => {
  const authors = parseAuthors(post.source_authors);
  const source = [authors.length ? joinNames(authors) : null, post.source_outlet].filter(Boolean).join(' / ');
  return (
    <article class={post.image_src ? 'summary has-image' : 'summary'} lang={summaryLang(post)}>
      <h3 class="summary-title">
        <a href={urls.post(post)}>{post.title}</a>
      </h3>
      {source && <p class="meta-line summary-source">{source}</p>}
      {post.image_src && (
        <figure class="summary-image">
          <img src={post.image_src} alt={post.image_alt ?? post.image_caption ?? ''} loading="lazy" />
        </figure>
      )}
      {firstNote && (
        <aside class="editor-note">
          <p>{firstNote}</p>
        </aside>
      )}
      {post.excerpt && <p class="summary-excerpt">{post.excerpt}</p>}
      <p class="meta-line">
        <a href={urls.post(post)}>
          Read more<span class="visually-hidden"> of “{post.title}”</span>
        </a>
        {' · '}
        <a href={urls.comments(post)}>{commentCountLabel(comments)}</a>
        {labels.length > 0 && (
          <>
            {' · '}
            {labels.map((name, i) => (
              <>
                {i > 0 && ', '}
                <a href={urls.label(name)}>{name}</a>
              </>
            ))}
          </>
        )}
      </p>
    </article>
  );
};
