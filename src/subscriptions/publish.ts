// What new posts put in the queue. A post is mailed once (post_mailings), when it is public:
// published now, or a scheduled one when its time comes. Each-post readers get it at once; digest
// readers get the day's posts at the digest hour in the blog's time zone. A reader gets only posts
// published after they confirmed, and only the labels they chose (none chosen: every post).
import type { Kysely } from 'kysely';
import { zonedParts, zonedTimeToUtc } from '../lib/dates.ts';
import { labelsOf } from '../posts/queries.ts';
import type { Database, Post, Subscriber } from '../storage/schema.ts';
import { digestMail, type MailContext, postMail } from './compose.ts';
import { enqueueMail } from './queue.ts';
import { labelsOfSubscriber } from './subscribe.ts';

/** Posts older than this when first seen are not mailed (an import, a server that was off for days). */
const NEWS_WINDOW_MS = 2 * 24 * 60 * 60 * 1000;

function publicPosts(db: Kysely<Database>) {
  return db
    .selectFrom('posts')
    .selectAll()
    .where('kind', '=', 'post')
    .where('status', '=', 'published')
    .where('trashed_at', 'is', null);
}

function wants(subscriber: Subscriber, postLabels: string[]): boolean {
  const chosen = labelsOfSubscriber(subscriber);
  return chosen.length === 0 || chosen.some((l) => postLabels.includes(l));
}

/** Queues each new public post for the each-post readers; returns how many mails were queued. */
export async function queueNewPosts(db: Kysely<Database>, ctx: MailContext): Promise<number> {
  const now = ctx.now;
  const posts = await publicPosts(db)
    .where('published_at', '<=', now.toISOString())
    .where('published_at', '>', new Date(now.getTime() - NEWS_WINDOW_MS).toISOString())
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('post_mailings').select('post_id').whereRef('post_mailings.post_id', '=', 'posts.id'),
        ),
      ),
    )
    .orderBy('published_at')
    .limit(50)
    .execute();
  let queued = 0;
  for (const post of posts) {
    const labels = (await labelsOf(db, [post.id])).get(post.id) ?? [];
    queued += await db.transaction().execute(async (trx) => {
      // Another process may have taken this post a moment ago: then it is theirs.
      const mine = await trx
        .insertInto('post_mailings')
        .values({ post_id: post.id, queued_at: now.toISOString() })
        .onConflict((oc) => oc.column('post_id').doNothing())
        .returning('post_id')
        .executeTakeFirst();
      if (!mine) return 0;
      const readers = await trx
        .selectFrom('subscribers')
        .selectAll()
        .where('status', '=', 'confirmed')
        .where('mode', '=', 'post')
        .where('confirmed_at', '<=', post.published_at)
        .orderBy('id')
        .execute();
      const mails = readers.filter((r) => wants(r, labels)).map((r) => postMail(ctx, r, post));
      return enqueueMail(trx, mails, ctx.baseUrl, now);
    });
  }
  return queued;
}

/** The latest digest time at or before now: `hour`:00 on the blog's calendar, as a UTC instant. */
export function latestDigestInstant(now: Date, timeZone: string, hour: number): { at: Date; day: string } {
  const today = zonedParts(now.toISOString(), timeZone);
  for (const back of [0, 1, 2]) {
    const date = new Date(Date.UTC(+today.year, +today.month - 1, +today.day - back));
    const day = { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
    const at = new Date(zonedTimeToUtc({ ...day, hour }, timeZone));
    if (at <= now) return { at, day: date.toISOString().slice(0, 10) };
  }
  throw new Error('no digest time in the last three days');
}

/** Queues the digests due at the last digest time; returns how many were queued. */
export async function queueDigests(
  db: Kysely<Database>,
  ctx: MailContext,
  timeZone: string,
  hour: number,
): Promise<number> {
  const { at, day } = latestDigestInstant(ctx.now, timeZone, hour);
  const through = at.toISOString();
  const readers = await db
    .selectFrom('subscribers')
    .selectAll()
    .where('status', '=', 'confirmed')
    .where('mode', '=', 'digest')
    .where((eb) => eb.or([eb('digest_through', 'is', null), eb('digest_through', '<', through)]))
    .orderBy('id')
    .execute();
  if (readers.length === 0) return 0;
  const since = readers.map((r) => r.digest_through ?? r.confirmed_at ?? through).sort()[0] ?? through;
  const posts: Post[] = await publicPosts(db)
    .where('published_at', '>', since)
    .where('published_at', '<=', through)
    .orderBy('published_at')
    .execute();
  const labels = await labelsOf(
    db,
    posts.map((p) => p.id),
  );
  let queued = 0;
  for (const reader of readers) {
    const from = reader.digest_through ?? reader.confirmed_at ?? through;
    const theirs = posts.filter((p) => p.published_at > from && wants(reader, labels.get(p.id) ?? []));
    queued += await db.transaction().execute(async (trx) => {
      const n = theirs.length
        ? await enqueueMail(trx, [digestMail(ctx, reader, theirs, day)], ctx.baseUrl, ctx.now)
        : 0;
      await trx
        .updateTable('subscribers')
        .set({ digest_through: through })
        .where('id', '=', reader.id)
        .execute();
      return n;
    });
  }
  return queued;
}
