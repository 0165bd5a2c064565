// Whether a post takes comments now: its own policy when set, else the blog's, and the blog's
// "close after N days" counted from publication.
import type { BlogSettings } from '../settings/settings.ts';
import type { CommentPolicy, Post } from '../storage/schema.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A post's explicit policy overrides the blog's, the age limit included: an editor who reopens an
 * old post means it. Posts that inherit the blog's policy close commentCloseDays after publication.
 */
export function effectivePolicy(
  post: Pick<Post, 'comment_policy' | 'published_at'>,
  settings: Pick<BlogSettings, 'commentPolicy' | 'commentCloseDays'>,
  now: Date,
): CommentPolicy {
  if (post.comment_policy) return post.comment_policy;
  const days = settings.commentCloseDays;
  if (days !== null && days !== undefined && days >= 0) {
    const age = now.getTime() - Date.parse(post.published_at);
    if (age > days * DAY_MS) return 'closed';
  }
  return settings.commentPolicy;
}
