import type { FC } from 'hono/jsx';
import type { Post } from '../../storage/schema.ts';

export interface ImageVariant {
  width: number;
  url: string;
}

/**
 * The lead image with its caption and credit; srcset when the media store has resized variants.
 * A clipping saved as text keeps its caption and credit in the editor until a picture is attached.
 */
export const LeadImage: FC<{ post: Post; variants?: ImageVariant[] }> = ({ post, variants }) => {
  // A caption without its picture (a clipping saved as text) stays in the editor, not on the page.
  if (!post.image_src) return null;
  const srcset = variants?.length ? variants.map((v) => `${v.url} ${v.width}w`).join(', ') : undefined;
  return (
    <figure class="lead-image">
      <img
        src={post.image_src}
        srcset={srcset}
        sizes={srcset ? '(max-width: 52rem) 100vw, 44rem' : undefined}
        alt={post.image_alt ?? post.image_caption ?? ''}
      />
      {(post.image_caption || post.image_credit) && (
        <figcaption>
          {post.image_caption}
          {post.image_credit && <span class="credit">{post.image_credit}</span>}
        </figcaption>
      )}
    </figure>
  );
};
