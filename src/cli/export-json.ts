import { parseArgs } from 'node:util';
import { exportJson, exportJsonFile } from '../export/json.ts';
import { type Command, UsageError, withStore } from './command.ts';

export const command: Command = {
  name: 'export json',
  summary: 'Write everything as documented JSON',
  help: `Usage: gloss export json FILE [--include-password-hashes]

Writes the whole blog as one JSON document (use - for standard output): settings, users
(without password hashes unless asked), posts and pages with their source fields, editor's notes
and labels, comments with their threads and statuses, media references, redirects, clipping
snapshots and the moderation log. One record per line, read from one consistent snapshot, so a
running blog can be exported. The format is described in docs/migration.md.

"gloss import json FILE" reads it back into an empty database (SQLite or PostgreSQL): this is
how a blog moves from SQLite to PostgreSQL. Image files live in the media folder
(GLOSS_MEDIA_DIR); copy that folder alongside.

  --include-password-hashes   keep users' password hashes, so they can still sign in after a
                              move (keep such a file as private as the database itself)`,
  async run(args, io, context) {
    const { values, positionals } = parseArgs({
      args,
      options: { 'include-password-hashes': { type: 'boolean' } },
      allowPositionals: true,
    });
    if (positionals.length !== 1) throw new UsageError('give exactly one FILE (or - for standard output)');
    const file = positionals[0]!;
    const options = { includePasswordHashes: values['include-password-hashes'], now: context.now };
    return withStore(context, async (store) => {
      if (file === '-') {
        await exportJson(store, io.out, options);
        return 0;
      }
      const counts = await exportJsonFile(store, file, options);
      io.err(
        `Wrote ${file}: ${Object.entries(counts)
          .map(([k, n]) => `${n} ${k}`)
          .join(', ')}.`,
      );
      return 0;
    });
  },
};
