// Reading clip snapshots back: one with the post it became, and the latest clippings for the form.
import type { Kysely, Selectable } from 'kysely';
import type { ClipSnapshotsTable, Database, PostStatus } from '../storage/schema.ts';

export type Snapshot = Selectable<ClipSnapshotsTable>;

export interface SnapshotPost {
  id: number;
  title: string;
  path: string;
  status: PostStatus;
  trashed: boolean;
}

export async function findSnapshot(
  db: Kysely<Database>,
  id: number,
): Promise<{ snapshot: Snapshot; post: SnapshotPost | null } | undefined> {
  if (!Number.isInteger(id) || id <= 0) return undefined;
  const snapshot = await db.selectFrom('clip_snapshots').selectAll().where('id', '=', id).executeTakeFirst();
  if (!snapshot) return undefined;
  const post = snapshot.post_id
    ? await db
        .selectFrom('posts')
        .select(['id', 'title', 'path', 'status', 'trashed_at'])
        .where('id', '=', snapshot.post_id)
        .executeTakeFirst()
    : undefined;
  return {
    snapshot,
    post: post
      ? {
          id: post.id,
          title: post.title,
          path: post.path,
          status: post.status,
          trashed: post.trashed_at !== null,
        }
      : null,
  };
}

export interface RecentClipping {
  snapshotId: number;
  fetchedAt: string;
  url: string;
  title: string | null;
  outlet: string | null;
  post: { id: number; title: string; status: PostStatus } | null;
}

export async function recentClippings(db: Kysely<Database>, limit: number): Promise<RecentClipping[]> {
  const rows = await db
    .selectFrom('clip_snapshots')
    .leftJoin('posts', 'posts.id', 'clip_snapshots.post_id')
    .select([
      'clip_snapshots.id',
      'clip_snapshots.fetched_at',
      'clip_snapshots.url',
      'clip_snapshots.title',
      'clip_snapshots.metadata',
      'posts.id as post_id',
      'posts.title as post_title',
      'posts.status as post_status',
    ])
    .orderBy('clip_snapshots.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    snapshotId: r.id,
    fetchedAt: r.fetched_at,
    url: r.url,
    title: r.title,
    outlet: outletOf(r.metadata),
    post:
      r.post_id !== null && r.post_title !== null && r.post_status !== null
        ? { id: r.post_id, title: r.post_title, status: r.post_status }
        : null,
  }));
}

/** The outlet recorded in a snapshot's metadata, if any. */
export function outletOf(metadata: string): string | null {
  try {
    const outlet = JSON.parse(metadata)?.source?.outlet;
    return typeof outlet === 'string' ? outlet : null;
  } catch {
    return null;
  }
}
