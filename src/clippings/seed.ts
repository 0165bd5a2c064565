// The first start of an empty blog: the sample page (a real clipping-blog post saved as text)
// becomes the blog's first post, and the blog takes the title that page shows.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import {
  getSetting,
  putSetting,
  readSettings,
  recordAutomaticSettings,
  writeSettings,
} from '../settings/settings.ts';
import type { Database } from '../storage/schema.ts';
import { parsePastedText } from './pasted-text.ts';
import { storePastedClipping } from './store-pasted.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The shared seed when the workspace has it, else the copy shipped with Gloss. */
const SEED_FILES = [
  path.resolve(here, '../../../shared/seeds/000_e7ebfd5fd6376010.txt'),
  path.join(here, 'sample', 'seed-page.txt'),
];

export async function isEmptyBlog(db: Kysely<Database>): Promise<boolean> {
  const seeded = await db
    .selectFrom('settings')
    .select('key')
    .where('key', '=', 'seeded_at')
    .executeTakeFirst();
  if (seeded) return false;
  const post = await db.selectFrom('posts').select('id').limit(1).executeTakeFirst();
  return !post;
}

/** Seeds an empty blog once; returns the first post's path, or null when there was nothing to do. */
export async function seedEmptyBlog(db: Kysely<Database>, now = new Date()): Promise<string | null> {
  if (!(await isEmptyBlog(db))) return null;
  const file = SEED_FILES.find((f) => fs.existsSync(f))!;
  const clip = parsePastedText(fs.readFileSync(file, 'utf8'));
  const sampleSettings = { title: clip.blogTitle ?? 'Gloss', timeZone: 'Asia/Phnom_Penh' };
  await writeSettings(db, sampleSettings);
  // Not the editor's choice: an import may replace them (src/import/writer.ts).
  await recordAutomaticSettings(db, sampleSettings);
  const settings = await readSettings(db);
  const { post, comments } = await storePastedClipping(db, clip, { timeZone: settings.timeZone, now });
  await putSetting(db, 'seeded_at', now.toISOString());
  const record: SampleRecord = { id: post.id, updatedAt: post.updated_at, comments };
  await putSetting(db, SAMPLE_KEY, record);
  return post.path;
}

const SAMPLE_KEY = 'sample_post';

interface SampleRecord {
  id: number;
  updatedAt: string;
  comments: number;
}

/**
 * The sample post the first start wrote, if it is still there; `untouched` when neither it nor
 * its comments changed since (an import may then put it aside without losing anyone's work).
 */
export async function samplePost(
  db: Kysely<Database>,
): Promise<{ id: number; path: string; untouched: boolean } | null> {
  const record = await getSetting<SampleRecord>(db, SAMPLE_KEY);
  let row: { id: number; path: string; updated_at: string } | undefined;
  if (record) {
    row = await db
      .selectFrom('posts')
      .select(['id', 'path', 'updated_at'])
      .where('id', '=', record.id)
      .where('external_id', 'is', null)
      .executeTakeFirst();
  } else {
    // Blogs seeded before the record existed: the post written at the seeding instant.
    const seededAt = await getSetting<string>(db, 'seeded_at');
    if (!seededAt) return null;
    row = await db
      .selectFrom('posts')
      .select(['id', 'path', 'updated_at'])
      .where('created_at', '=', seededAt)
      .where('external_id', 'is', null)
      .orderBy('id')
      .executeTakeFirst();
  }
  if (!row) return null;
  let untouched = false;
  if (record && row.updated_at === record.updatedAt) {
    const n = await db
      .selectFrom('comments')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('post_id', '=', row.id)
      .executeTakeFirst();
    untouched = Number(n?.n ?? 0) === record.comments;
  }
  return { id: row.id, path: row.path, untouched };
}
