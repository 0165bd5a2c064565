// What every reader (Blogger, WordPress, Gloss JSON) turns its file into, and the writer stores:
// a stream of items, one at a time, so no reader ever holds a whole blog.
import type { PostImage, PostSource } from '../posts/save.ts';
import type { BlogSettings } from '../settings/settings.ts';
import type { CommentPolicy, CommentStatus, PostKind, PostStatus } from '../storage/schema.ts';
import type { ParsedInstant } from './dates.ts';

export interface ImportedAuthor {
  /** Stable identity in the source blog (a profile URL, a WordPress login). */
  externalId: string;
  name: string;
  email?: string | null;
  url?: string | null;
}

export interface ImportedPost {
  externalId: string;
  kind: PostKind;
  status: PostStatus;
  /** In the source blog's trash: imported, but trashed. */
  trashed: boolean;
  title: string;
  bodyHtml: string;
  /** The slug to derive a path from when `path` is absent. */
  slug?: string;
  /** The path to keep: /YYYY/MM/slug.html or /p/slug.html. */
  path?: string;
  publishedAt: string;
  /** "+07:00", "Z"... as the source said; null when it did not. */
  publishedZone: string | null;
  updatedAt: string;
  author: ImportedAuthor | null;
  labels: string[];
  image?: PostImage | null;
  source?: PostSource | null;
  commentPolicy?: CommentPolicy | null;
  /** Older addresses of the post that should redirect to it (/2015/03/hello/, /?p=12). */
  oldPaths: string[];
  /** Why the status differs from the source's (password-protected, private...), for the summary. */
  statusNote?: string;
  /** A featured image to attach once its attachment is known (WordPress _thumbnail_id). */
  pendingImageRef?: string;
  /** Where the post starts in the file, for messages. */
  line?: number;
}

export interface ImportedComment {
  externalId: string;
  postExternalId: string;
  /** Other ids the post may go by (Blogger comments name pages as ".post-N" where the page is ".page-N"). */
  postAltIds?: string[];
  parentExternalId: string | null;
  authorName: string;
  authorEmail: string | null;
  authorUrl: string | null;
  bodyHtml: string;
  status: CommentStatus;
  createdAt: string;
  updatedAt: string;
  line?: number;
}

/** An image the source blog holds as an item of its own (WordPress attachment). */
export interface ImportedAttachment {
  ref: string;
  url: string;
  title: string | null;
  caption: string | null;
  alt: string | null;
}

export type ImportItem =
  | { type: 'settings'; settings: Partial<BlogSettings> }
  | { type: 'post'; post: ImportedPost }
  | { type: 'comment'; comment: ImportedComment }
  | { type: 'attachment'; attachment: ImportedAttachment }
  | { type: 'redirect'; from: string; to: string }
  /** Something in the file that is deliberately not imported, and why. */
  | { type: 'skip'; what: string; reason: string }
  /** A recovery or a remark worth telling the user. */
  | { type: 'note'; message: string };

/** A post as a reader finds it: its dates as parsed, everything else as ImportedPost says it. */
export type ReadPost = Omit<ImportedPost, 'publishedAt' | 'publishedZone' | 'updatedAt'> & {
  published: ParsedInstant;
  updated: ParsedInstant;
};

/** The item a reader yields for a post (Blogger and WordPress alike). */
export function postItem({ published, updated, ...post }: ReadPost): ImportItem {
  return {
    type: 'post',
    post: { ...post, publishedAt: published.iso, publishedZone: published.zone, updatedAt: updated.iso },
  };
}
