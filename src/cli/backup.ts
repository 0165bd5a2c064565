import fs from 'node:fs';
import path from 'node:path';
import { isPostgresUrl } from '../storage/db.ts';
import { type Command, UsageError, withStore } from './command.ts';

export const command: Command = {
  name: 'backup',
  summary: 'Consistent online copy of a running SQLite blog',
  help: `Usage: gloss backup FILE

Copies the SQLite database named by DATABASE_URL (default ./data/gloss.db) to FILE with SQLite's
online backup API: the copy is consistent even while the blog is serving and being written to.
FILE must not exist yet. To restore, stop Gloss and put the copy in place of the database file
(remove the old file's -wal and -shm companions first), or point DATABASE_URL at the copy.
Image files live in the media folder (GLOSS_MEDIA_DIR, default ./data/media): copy it too.

On PostgreSQL use pg_dump (pg_dump -Fc DBNAME > gloss.dump; restore with pg_restore), or
"gloss export json FILE", which works on both databases.`,
  async run(args, io, context) {
    if (args.length !== 1 || args[0]!.startsWith('-')) throw new UsageError('give exactly one FILE to write');
    const target = path.resolve(io.cwd, args[0]!);
    if (fs.existsSync(target)) throw new UsageError(`${args[0]} exists already; give a new file name`, 1);
    const postgres =
      'backup copies a SQLite database; this blog runs on PostgreSQL: use pg_dump (pg_dump -Fc DBNAME > gloss.dump) or "gloss export json FILE"';
    if (isPostgresUrl(context.config().databaseUrl)) throw new UsageError(postgres, 1);
    return withStore(context, async (store) => {
      if (!store.sqlite) throw new UsageError(postgres, 1);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      const started = performance.now();
      await store.sqlite.backup(target, {
        progress: ({ totalPages, remainingPages }) => {
          if (io.isTTY)
            process.stderr.write(
              `\rCopying: ${Math.round((100 * (totalPages - remainingPages)) / totalPages)}%`,
            );
          return 1000;
        },
      });
      if (io.isTTY) process.stderr.write('\n');
      const size = fs.statSync(target).size;
      io.out(
        `Backed up to ${args[0]} (${(size / 1e6).toFixed(1)} MB) in ${((performance.now() - started) / 1000).toFixed(1)} s.`,
      );
      return 0;
    });
  },
};
