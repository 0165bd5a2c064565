import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { findByEmail, findOwner } from '../auth/users.ts';
import { parsePastedText, toJsonShape } from '../clippings/pasted-text.ts';
import { storePastedClipping } from '../clippings/store-pasted.ts';
import { readSettings } from '../settings/settings.ts';
import { type Command, UsageError, withStore } from './command.ts';

export const command: Command = {
  name: 'import text',
  summary: 'Turn pasted or saved page text into a post',
  help: `Usage: gloss import text FILE [--json] [--author EMAIL] [--draft]

Reads an article pasted as text, or a blog page saved as text (use - for standard input), and
recognises the blog title and date header, the post title, the image caption and credit, the
byline (authors / outlet | date), a source URL, bracketed editor's notes, the paragraphs (each
line is one) and the comment section.

  --json           print what was recognised as JSON and store nothing
  --author EMAIL   the user the post is written by (default: the blog's owner)
  --draft          store the post as a draft instead of publishing it

Without --json the post is stored in Markdown (as the editor writes), published unless
--draft, dated by the page's date header (else today), with its comments, and its path is
printed.`,
  async run(args, io, context) {
    const { values, positionals } = parseArgs({
      args,
      options: { json: { type: 'boolean' }, author: { type: 'string' }, draft: { type: 'boolean' } },
      allowPositionals: true,
    });
    if (positionals.length !== 1) throw new UsageError('give exactly one FILE (or - for standard input)');
    const file = positionals[0]!;
    const text = await readText(file, io.readStdin);
    const clip = parsePastedText(text);
    if (values.json) {
      io.out(JSON.stringify(toJsonShape(clip), null, 2));
      return 0;
    }
    if (!clip.title && clip.paragraphs.length === 0) {
      throw new UsageError(`${file} holds no text to make a post from`, 1);
    }
    return withStore(context, async (store) => {
      const author = values.author ? await findByEmail(store.db, values.author) : await findOwner(store.db);
      if (values.author && !author) {
        throw new UsageError(`no user has the e-mail address ${values.author} (see gloss user add)`, 1);
      }
      const settings = await readSettings(store.db);
      const { post, comments } = await storePastedClipping(store.db, clip, {
        timeZone: settings.timeZone,
        now: context.now(),
        authorId: author?.id ?? null,
        draft: values.draft,
      });
      io.out(post.path);
      const by = author ? ` by ${author.name}` : ' without an author (the blog has no owner yet)';
      const as = values.draft ? 'a draft' : 'published';
      io.err(`Stored “${post.title}”${by}, ${as}, with ${comments} comment${comments === 1 ? '' : 's'}.`);
      return 0;
    });
  },
};

async function readText(file: string, readStdin: () => Promise<string>): Promise<string> {
  if (file === '-') return readStdin();
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(
      code === 'ENOENT'
        ? `no such file: ${file}`
        : code === 'EISDIR'
          ? `${file} is a folder, not a file`
          : `cannot read ${file}: ${code}`,
      1,
    );
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw new UsageError(`${file} is not UTF-8 text`, 1);
  }
}
