import type { FC } from 'hono/jsx';
import type { Post } from '../../storage/schema.ts';

export interface ImageVariant {
  width: number;
  url: string;
}

/**
 * The lead image with its caption and credit; srcset when the media store has resized variants.
 * A clipping saved as text keeps the caption and credit before its picture is attached.
 */
export const LeadImage: FC<{ post: Post; variants?: ImageVariant[] }> = ({ post, variants }) => {
  if (!post.image_src && !post.image_caption && !post.image_credit) return null;
  const srcset = variants?.length ? variants.map((v) => `${v.url} ${v.width}w`).join(', ') : undefined;
  return (
    <figure class={post.image_src ? 'lead-image' : 'lead-image no-picture'}>
      {post.image_src && (
        <img
          src={post.image_src}
          srcset={srcset}
          sizes={srcset ? '(max-width: 52rem) 100vw, 44rem' : undefined}
          alt={post.image_alt ?? post.image_caption ?? ''}
        />
      )}
      {(post.image_caption || post.image_credit) && (
        <figcaption>
          {!post.image_src && <span class="figure-kicker">Photo</span>}
          {post.image_caption}
          {post.image_credit && <span class="credit">{post.image_credit}</span>}
        </figcaption>
      )}
    </figure>
  );
};
