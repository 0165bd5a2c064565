// The first start of an empty blog: the sample page (a real clipping-blog post saved as text)
// becomes the blog's first post, and the blog takes the title that page shows.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import { putSetting, readSettings, writeSettings } from '../settings/settings.ts';
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
  await writeSettings(db, {
    title: clip.blogTitle ?? 'Gloss',
    timeZone: 'Asia/Phnom_Penh',
  });
  const settings = await readSettings(db);
  const { post } = await storePastedClipping(db, clip, { timeZone: settings.timeZone, now });
  await putSetting(db, 'seeded_at', now.toISOString());
  return post.path;
}
