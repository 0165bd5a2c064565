// The dashboard's figures and recent activity: a handful of small reads from posts and comments.
import type { Kysely } from 'kysely';
import { commentCountsByStatus, recentComments, recentModeration } from '../comments/queries.ts';
import { postStatusFigures, recentlyEditedPosts, upcomingPosts } from '../posts/admin-list.ts';
import type { CommentStatus, Database, PostStatus } from '../storage/schema.ts';

export interface DashboardData {
  posts: Record<PostStatus, number>;
  pages: number;
  trash: number;
  comments: Record<CommentStatus, number>;
  recentPosts: {
    id: number;
    title: string;
    status: PostStatus;
    kind: string;
    updated_at: string;
    author: string | null;
    path: string;
    published_at: string;
  }[];
  recentComments: {
    id: number;
    author_name: string;
    body_text: string;
    status: CommentStatus;
    created_at: string;
    post_title: string;
    post_id: number;
  }[];
  upcoming: { id: number; title: string; published_at: string }[];
  moderation: {
    comment_id: number;
    to_status: CommentStatus | null;
    action: string;
    created_at: string;
    who: string | null;
    author_name: string;
  }[];
}

export async function dashboardData(db: Kysely<Database>, authorId?: number): Promise<DashboardData> {
  const [figures, comments, recentPosts, recent, upcoming, moderation] = await Promise.all([
    postStatusFigures(db, authorId),
    commentCountsByStatus(db),
    recentlyEditedPosts(db, 6, authorId),
    recentComments(db, 6),
    upcomingPosts(db, 5, authorId),
    recentModeration(db, 5),
  ]);
  return { ...figures, comments, recentPosts, recentComments: recent, upcoming, moderation };
}
