// Stores import items inside the import's one transaction, through the posts domain (createPost,
// updatePost: bodies sanitised, paths kept unique, labels kept in step). Idempotent: a post is
// known by its external id and the hash of what the import last wrote, so importing the same file
// again changes nothing, and a newer export of the same blog updates only what changed.
// Memory stays flat: comments are written in batches, replies are tied to their parents at the
// end through a temporary table, and comments that arrive before their post wait in another.
import { createHash } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import { samplePost } from '../clippings/seed.ts';
import { bodyHash } from '../comments/spam.ts';
import { suffixedPath } from '../posts/paths.ts';
import { createPost, labelNames, type PostInput, updatePost } from '../posts/save.ts';
import {
  type BlogSettings,
  editedSettings,
  readSettings,
  recordAutomaticSettings,
  writeSettings,
} from '../settings/settings.ts';
import type { Database, NewComment } from '../storage/schema.ts';
import { commentText } from './html.ts';
import type {
  ImportedAttachment,
  ImportedAuthor,
  ImportedComment,
  ImportedPost,
  ImportItem,
} from './model.ts';
import { type ImportSummary, skip } from './summary.ts';
import { own } from './xml/node.ts';

const COMMENT_BATCH = 200;
/** Rows of post_labels written together. */
const LABEL_LINK_BATCH = 500;
const POST_ID_CACHE = 200_000;

type Trx = Transaction<Database>;

/** keep: settings the editor changed stay as they are; replace: the export's win. */
export type SettingsMode = 'keep' | 'replace';

/** Two posts are the same post when their titles match and they were published within a day. */
const SAME_DAY_MS = 24 * 3600 * 1000;

export class ImportWriter {
  private postIds = new Map<string, number>();
  private authorIds = new Map<string, number | null>();
  private labelNames = new Set<string>();
  private comments: ImportedComment[] = [];
  private attachments = new Map<string, ImportedAttachment>();
  private pendingImages: { postId: number; ref: string }[] = [];
  private settings: Partial<BlogSettings> = {};
  private deferredSeq = 0;
  /** Label name → id, so a new post's labels cost one insert per batch of posts. */
  private labelIds = new Map<string, number>();
  private labelLinks: { post_id: number; label_id: number }[] = [];
  /** Ids of every post this import wrote or found unchanged (for image downloads). */
  readonly postIdsSeen: number[] = [];

  constructor(
    private readonly trx: Trx,
    readonly summary: ImportSummary,
    private readonly timeZone: string,
    private readonly now: () => Date,
    private readonly settingsMode: SettingsMode = 'keep',
  ) {}

  /** True when no post in the database came from an import: then a post not seen yet in this file is new. */
  private fresh = false;
  private lastPostIdBefore = 0;
  private lastCommentIdBefore = 0;

  async start(): Promise<void> {
    const imported = await this.trx
      .selectFrom('posts')
      .select('id')
      .where('external_id', 'is not', null)
      .limit(1)
      .executeTakeFirst();
    this.fresh = !imported;
    // Rows with larger ids than these were written by this import: meeting one again by its
    // external id means the file names the same post or comment twice.
    const maxId = async (table: 'posts' | 'comments') =>
      Number(
        (
          await this.trx
            .selectFrom(table)
            .select((eb) => eb.fn.max('id').as('m'))
            .executeTakeFirst()
        )?.m ?? 0,
      );
    this.lastPostIdBefore = await maxId('posts');
    this.lastCommentIdBefore = await maxId('comments');
    await sql`CREATE TEMPORARY TABLE IF NOT EXISTS gloss_import_links (child TEXT NOT NULL, parent TEXT NOT NULL)`.execute(
      this.trx,
    );
    await sql`CREATE INDEX IF NOT EXISTS gloss_import_links_child ON gloss_import_links (child)`.execute(
      this.trx,
    );
    await sql`CREATE TEMPORARY TABLE IF NOT EXISTS gloss_import_deferred (seq INTEGER NOT NULL, payload TEXT NOT NULL)`.execute(
      this.trx,
    );
    await sql`DELETE FROM gloss_import_links`.execute(this.trx);
    await sql`DELETE FROM gloss_import_deferred`.execute(this.trx);
  }

  async write(item: ImportItem): Promise<void> {
    switch (item.type) {
      case 'post':
        await this.writePost(item.post);
        return;
      case 'comment':
        this.comments.push(item.comment);
        if (this.comments.length >= COMMENT_BATCH) await this.flushComments();
        return;
      case 'settings':
        Object.assign(this.settings, JSON.parse(JSON.stringify(item.settings)));
        return;
      case 'attachment':
        this.attachments.set(own(item.attachment.ref), ownAll(item.attachment));
        this.summary.attachments++;
        return;
      case 'redirect':
        await this.redirect(item.from, item.to);
        return;
      case 'skip':
        skip(this.summary, own(item.what), own(item.reason));
        return;
      case 'note':
        this.summary.notes.push(own(item.message));
        return;
    }
  }

  async finish(): Promise<void> {
    await this.flushComments();
    await this.flushLabelLinks();
    await this.writeDeferred();
    await this.linkReplies();
    await this.attachImages();
    await this.writeSettings();
    this.summary.labels = this.labelNames.size;
    await sql`DROP TABLE gloss_import_links`.execute(this.trx);
    await sql`DROP TABLE gloss_import_deferred`.execute(this.trx);
  }

  // ---- posts ----

  private async writePost(post: ImportedPost): Promise<void> {
    const tally = post.kind === 'page' ? this.summary.pages : this.summary.posts;

    const input: PostInput = {
      kind: post.kind,
      status: post.status,
      title: post.title,
      slug: post.slug,
      path: post.path,
      bodyHtml: post.bodyHtml,
      publishedAt: post.publishedAt,
      publishedZone: post.publishedZone,
      updatedAt: post.updatedAt,
      labels: post.labels,
      image: post.image ?? null,
      source: post.source ?? null,
      commentPolicy: post.commentPolicy ?? null,
      externalId: post.externalId,
    };
    const importHash = hashOf([
      input,
      post.author?.externalId ?? null,
      post.trashed,
      post.oldPaths,
      post.pendingImageRef ?? null,
    ]);
    input.importHash = importHash;
    if (!input.title.trim() && !input.bodyHtml.trim()) input.title = '(untitled)';

    // Into a blog no import has written to, a post is new unless this file named it already.
    const existing =
      this.fresh && !this.postIds.has(post.externalId)
        ? undefined
        : await this.trx
            .selectFrom('posts')
            .select(['id', 'import_hash', 'path'])
            .where('external_id', '=', post.externalId)
            .executeTakeFirst();
    if (existing && existing.id > this.lastPostIdBefore) {
      skip(this.summary, post.kind, 'a second entry with the id of an earlier one');
      return;
    }
    if (post.status === 'draft') this.summary.drafts++;
    if (post.status === 'scheduled') this.summary.scheduled++;
    if (post.trashed) this.summary.trashed++;
    for (const label of post.labels)
      if (!this.labelNames.has(label.trim())) this.labelNames.add(own(label.trim()));
    if (post.statusNote) skip(this.summary, `${post.kind} status`, post.statusNote);
    if (existing && existing.import_hash === importHash) {
      tally.unchanged++;
      this.remember(post.externalId, existing.id);
      this.postIdsSeen.push(existing.id);
      if (post.pendingImageRef)
        this.pendingImages.push({ postId: existing.id, ref: own(post.pendingImageRef) });
      return;
    }
    if (!existing && post.path && (await this.takeOver(post))) return;
    input.authorId = await this.author(post.author);
    // The search index is built after the import commits, from the queue the database's triggers
    // fill (src/search/indexer.ts catchUp): nothing is indexed inside the import's transaction.
    const saved = existing
      ? await updatePost(this.trx, existing.id, input, { index: false, now: this.now() })
      : await createPost(this.trx, input, this.timeZone, { index: false, labels: false, now: this.now() });
    if (!existing) await this.addLabels(saved.id, post.labels);
    existing ? tally.updated++ : tally.created++;
    this.remember(post.externalId, saved.id);
    this.postIdsSeen.push(saved.id);
    if (post.trashed) {
      await this.trx
        .updateTable('posts')
        .set({ trashed_at: post.updatedAt })
        .where('id', '=', saved.id)
        .execute();
    }
    if (post.path && saved.path !== post.path) {
      this.summary.moved.push(
        own(`${post.path} was taken by another post: “${post.title}” is at ${saved.path}`),
      );
      await this.redirect(post.path, saved.path);
    }
    for (const old of post.oldPaths) await this.redirect(old, saved.path);
    if (post.pendingImageRef) this.pendingImages.push({ postId: saved.id, ref: own(post.pendingImageRef) });
  }

  /**
   * A post of the blog already at the imported post's path, from before this import: when it is
   * the same post (same title, published the same day) the import merges into it (its comments
   * attach to it; what the editor has is kept) and returns true. When it is the sample post, the
   * sample steps aside to a suffixed path (into the trash when nobody touched it) so the imported
   * post gets its own address.
   */
  private async takeOver(post: ImportedPost): Promise<boolean> {
    const occupant = await this.trx
      .selectFrom('posts')
      .select(['id', 'kind', 'title', 'published_at', 'external_id'])
      .where('path', '=', post.path!)
      .executeTakeFirst();
    if (!occupant || occupant.id > this.lastPostIdBefore) return false;
    const sameTitle = occupant.title.trim().toLowerCase() === post.title.trim().toLowerCase();
    const apart = Math.abs(Date.parse(occupant.published_at) - Date.parse(post.publishedAt));
    if (occupant.kind === post.kind && sameTitle && apart <= SAME_DAY_MS) {
      this.summary.merged.push(own(`${post.path} “${post.title}”`));
      this.remember(post.externalId, occupant.id);
      this.postIdsSeen.push(occupant.id);
      for (const old of post.oldPaths) await this.redirect(old, post.path!);
      return true;
    }
    if (this.sample === undefined) this.sample = await samplePost(this.trx);
    if (this.sample?.id !== occupant.id) return false;
    let n = 2;
    while (
      await this.trx
        .selectFrom('posts')
        .select('id')
        .where('path', '=', suffixedPath(post.path!, n))
        .executeTakeFirst()
    )
      n++;
    const aside = suffixedPath(post.path!, n);
    const at = this.now().toISOString();
    await this.trx
      .updateTable('posts')
      .set(this.sample.untouched ? { path: aside, trashed_at: at } : { path: aside })
      .where('id', '=', occupant.id)
      .execute();
    this.summary.notes.push(
      this.sample.untouched
        ? `The sample post gave its address ${post.path} to “${post.title}” and went to the trash (at ${aside}).`
        : `The sample post gave its address ${post.path} to “${post.title}”; it is now at ${aside}.`,
    );
    this.sample = null;
    return false;
  }

  private sample: Awaited<ReturnType<typeof samplePost>> | undefined;

  /** A new post's labels, through the map of names to ids; the links are written in batches. */
  private async addLabels(postId: number, names: string[]): Promise<void> {
    const wanted = labelNames(names);
    const missing = wanted.filter((n) => !this.labelIds.has(n));
    if (missing.length) {
      await this.trx
        .insertInto('labels')
        .values(missing.map((name) => ({ name })))
        .onConflict((oc) => oc.column('name').doNothing())
        .execute();
      const rows = await this.trx
        .selectFrom('labels')
        .select(['id', 'name'])
        .where('name', 'in', missing)
        .execute();
      for (const r of rows) this.labelIds.set(own(r.name), r.id);
    }
    for (const name of wanted) this.labelLinks.push({ post_id: postId, label_id: this.labelIds.get(name)! });
    if (this.labelLinks.length >= LABEL_LINK_BATCH) await this.flushLabelLinks();
  }

  private async flushLabelLinks(): Promise<void> {
    const links = this.labelLinks;
    this.labelLinks = [];
    // 2 parameters a row: well under SQLite's and PostgreSQL's limits per statement.
    for (let i = 0; i < links.length; i += 250) {
      await this.trx
        .insertInto('post_labels')
        .values(links.slice(i, i + 250))
        .execute();
    }
  }

  private remember(externalId: string, id: number): void {
    if (this.postIds.size >= POST_ID_CACHE) {
      // The cache also tells a fresh import which posts it wrote: past this size, ask the database.
      this.postIds.clear();
      this.fresh = false;
    }
    this.postIds.set(own(externalId), id);
  }

  private async postId(externalId: string): Promise<number | undefined> {
    const known = this.postIds.get(externalId);
    if (known !== undefined) return known;
    const row = await this.trx
      .selectFrom('posts')
      .select('id')
      .where('external_id', '=', externalId)
      .executeTakeFirst();
    if (row) this.remember(externalId, row.id);
    return row?.id;
  }

  private async postIdOf(c: ImportedComment): Promise<number | undefined> {
    for (const id of [c.postExternalId, ...(c.postAltIds ?? [])]) {
      const found = await this.postId(id);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  private async author(author: ImportedAuthor | null): Promise<number | null> {
    if (!author) return null;
    const known = this.authorIds.get(author.externalId);
    if (known !== undefined) return known;
    let row = await this.trx
      .selectFrom('users')
      .select('id')
      .where('external_id', '=', author.externalId)
      .executeTakeFirst();
    if (!row) {
      const emailTaken = author.email
        ? await this.trx.selectFrom('users').select('id').where('email', '=', author.email).executeTakeFirst()
        : undefined;
      const now = this.now().toISOString();
      row = await this.trx
        .insertInto('users')
        .values({
          name: author.name,
          email: emailTaken ? null : (author.email ?? null),
          role: 'author',
          password_hash: null,
          active: 0,
          profile_url: author.url ?? null,
          external_id: author.externalId,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      this.summary.authors++;
    }
    this.authorIds.set(own(author.externalId), row.id);
    return row.id;
  }

  private async redirect(from: string, to: string): Promise<void> {
    if (!from || from === to) return;
    const existing = await this.trx
      .selectFrom('redirects')
      .select(['to_path', 'status'])
      .where('from_path', '=', from)
      .executeTakeFirst();
    if (existing?.to_path === to && existing.status === 301) return;
    if (existing) {
      await this.trx
        .updateTable('redirects')
        .set({ to_path: to, status: 301 })
        .where('from_path', '=', from)
        .execute();
    } else {
      await this.trx.insertInto('redirects').values({ from_path: from, to_path: to, status: 301 }).execute();
    }
    this.summary.redirects++;
  }

  // ---- comments ----

  private async flushComments(): Promise<void> {
    const batch = this.comments;
    this.comments = [];
    if (batch.length === 0) return;
    const existing = new Map(
      (
        await this.trx
          .selectFrom('comments')
          .select([
            'id',
            'external_id',
            'post_id',
            'author_name',
            'author_email',
            'author_url',
            'body_html',
            'status',
            'created_at',
            'updated_at',
          ])
          .where(
            'external_id',
            'in',
            batch.map((c) => c.externalId),
          )
          .execute()
      ).map((r) => [r.external_id!, r]),
    );
    const inserts: NewComment[] = [];
    const links: { child: string; parent: string }[] = [];
    const inBatch = new Set<string>();
    for (const c of batch) {
      const old = existing.get(c.externalId);
      if (inBatch.has(c.externalId) || (old && old.id > this.lastCommentIdBefore)) {
        skip(this.summary, 'comment', 'a second entry with the id of an earlier one');
        continue;
      }
      inBatch.add(c.externalId);
      const postId = await this.postIdOf(c);
      if (postId === undefined) {
        await sql`INSERT INTO gloss_import_deferred (seq, payload) VALUES (${this.deferredSeq++}, ${JSON.stringify(c)})`.execute(
          this.trx,
        );
        continue;
      }
      if (c.parentExternalId) links.push({ child: c.externalId, parent: c.parentExternalId });
      const row = commentRow(c, postId);
      if (!old) {
        inserts.push(row);
        this.summary.comments.created++;
        continue;
      }
      const same =
        old.post_id === row.post_id &&
        old.author_name === row.author_name &&
        old.author_email === row.author_email &&
        old.author_url === row.author_url &&
        old.body_html === row.body_html &&
        old.status === row.status &&
        old.created_at === row.created_at &&
        old.updated_at === row.updated_at;
      if (same) {
        this.summary.comments.unchanged++;
        continue;
      }
      const { external_id: _id, parent_id: _parent, ...changes } = row;
      await this.trx.updateTable('comments').set(changes).where('id', '=', old.id).execute();
      this.summary.comments.updated++;
    }
    for (let i = 0; i < inserts.length; i += 50) {
      await this.trx
        .insertInto('comments')
        .values(inserts.slice(i, i + 50))
        .execute();
    }
    for (let i = 0; i < links.length; i += 200) {
      const values = links.slice(i, i + 200).map((l) => sql`(${l.child}, ${l.parent})`);
      await sql`INSERT INTO gloss_import_links (child, parent) VALUES ${sql.join(values)}`.execute(this.trx);
    }
  }

  /** Comments that came before their post: their post is known now, or not in the export at all. */
  private async writeDeferred(): Promise<void> {
    for (let from = 0; from < this.deferredSeq; from += COMMENT_BATCH) {
      const rows = await sql<{ payload: string }>`SELECT payload FROM gloss_import_deferred
        WHERE seq >= ${from} AND seq < ${from + COMMENT_BATCH} ORDER BY seq`.execute(this.trx);
      for (const { payload } of rows.rows) {
        const c = JSON.parse(payload) as ImportedComment;
        if ((await this.postIdOf(c)) === undefined) {
          skip(this.summary, 'comment', 'its post is not in the export');
          continue;
        }
        this.comments.push(c);
      }
      // Flushing now cannot defer again: every post left is known.
      await this.flushComments();
    }
  }

  /** Sets each reply's parent_id from the parent's external id, in one statement. */
  private async linkReplies(): Promise<void> {
    const parentOf = sql`(SELECT p.id FROM gloss_import_links l JOIN comments p ON p.external_id = l.parent
      WHERE l.child = comments.external_id LIMIT 1)`;
    const stale = sql`external_id IN (SELECT child FROM gloss_import_links)
      AND COALESCE(parent_id, -1) <> COALESCE(${parentOf}, -1)`;
    // Only when something changes: PostgreSQL's statement triggers bump the content version even
    // for an UPDATE that touches no row, and a re-import must change nothing.
    const needed = await sql<{ id: number }>`SELECT id FROM comments WHERE ${stale} LIMIT 1`.execute(
      this.trx,
    );
    if (needed.rows.length > 0)
      await sql`UPDATE comments SET parent_id = ${parentOf} WHERE ${stale}`.execute(this.trx);
    const orphans = await sql<{ n: number | string }>`SELECT COUNT(*) AS n FROM gloss_import_links l
      WHERE NOT EXISTS (SELECT 1 FROM comments p WHERE p.external_id = l.parent)`.execute(this.trx);
    this.summary.orphanReplies = Number(orphans.rows[0]?.n ?? 0);
  }

  // ---- images and settings ----

  private async attachImages(): Promise<void> {
    for (const { postId, ref } of this.pendingImages) {
      const a = this.attachments.get(ref);
      if (!a) continue;
      const current = await this.trx
        .selectFrom('posts')
        .select(['image_src', 'image_alt', 'image_caption'])
        .where('id', '=', postId)
        .executeTakeFirst();
      const wanted = { image_src: a.url, image_alt: a.alt, image_caption: a.caption };
      if (
        current &&
        current.image_src === wanted.image_src &&
        current.image_alt === wanted.image_alt &&
        current.image_caption === wanted.image_caption
      )
        continue;
      // The caption is searchable: the update queues the post for the index again.
      await this.trx.updateTable('posts').set(wanted).where('id', '=', postId).execute();
    }
  }

  private async writeSettings(): Promise<void> {
    const current = await readSettings(this.trx);
    const edited = this.settingsMode === 'keep' ? await editedSettings(this.trx) : new Set<string>();
    const changes: Partial<BlogSettings> = {};
    for (const [key, value] of Object.entries(this.settings) as [keyof BlogSettings, unknown][]) {
      if (JSON.stringify(current[key]) === JSON.stringify(value)) continue;
      if (edited.has(key)) {
        this.summary.settingsKept.push(
          `${key} ${JSON.stringify(current[key])} (the export has ${JSON.stringify(value)})`,
        );
        continue;
      }
      (changes as Record<string, unknown>)[key] = value;
    }
    if (Object.keys(changes).length) {
      await writeSettings(this.trx, changes);
      await recordAutomaticSettings(this.trx, changes);
    }
    this.summary.settings = Object.keys(this.settings).map(
      (k) => `${k}${k in changes ? '' : edited.has(k) ? ' (kept yours)' : ' (unchanged)'}`,
    );
  }
}

function ownAll<T extends object>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function commentRow(c: ImportedComment, postId: number): NewComment & { external_id: string } {
  const text = commentText(c.bodyHtml);
  return {
    post_id: postId,
    parent_id: null,
    author_name: c.authorName.slice(0, 200) || 'Anonymous',
    author_email: c.authorEmail,
    author_url: c.authorUrl,
    author_user_id: null,
    body_text: text,
    body_html: c.bodyHtml,
    // The comment rules find copies of earlier comments by this hash (src/comments/spam.ts).
    body_hash: bodyHash(text),
    status: c.status,
    ip_hash: null,
    user_agent: null,
    spam_reason: null,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    external_id: c.externalId,
  };
}

function hashOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}
