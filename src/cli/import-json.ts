import { parseArgs } from 'node:util';
import { ImportError } from '../import/errors.ts';
import { runJsonImport } from '../import/json/restore.ts';
import { type Command, UsageError, withStore } from './command.ts';
import { progressReporter } from './progress.ts';

export const command: Command = {
  name: 'import json',
  summary: 'Import a Gloss JSON export',
  help: `Usage: gloss import json FILE [--dry-run] [--json]

Restores a file written by "gloss export json" into an EMPTY database (DATABASE_URL), keeping
every row as it was: ids, paths, times, statuses, threads. This is how a blog moves between
machines or from SQLite to PostgreSQL:

  gloss export json blog.json
  DATABASE_URL=postgres://user@host/gloss gloss import json blog.json

One transaction: a damaged file leaves the database as it was. The search index is rebuilt
afterwards. Copy the media folder (GLOSS_MEDIA_DIR) separately.

  --dry-run   read and check everything, store nothing
  --json      print the summary as JSON`,
  async run(args, io, context) {
    const { values, positionals } = parseArgs({
      args,
      options: { 'dry-run': { type: 'boolean' }, json: { type: 'boolean' } },
      allowPositionals: true,
    });
    if (positionals.length !== 1) throw new UsageError('give exactly one FILE to import');
    const file = positionals[0]!;
    return withStore(context, async (store) => {
      const progress = progressReporter(io, `Restoring ${file}`);
      try {
        const summary = await runJsonImport({
          store,
          file,
          dryRun: values['dry-run'],
          onProgress: (p) => progress.update(p),
        });
        progress.done();
        if (values.json) {
          io.out(JSON.stringify(summary, null, 2));
          return 0;
        }
        io.out(
          `${summary.dryRun ? 'Dry run: nothing was stored. Would restore' : `Restored in ${summary.seconds.toFixed(1)} s`}: ${Object.entries(
            summary.restored,
          )
            .map(([k, n]) => `${n} ${k}`)
            .join(', ')}.`,
        );
        for (const note of summary.notes) io.out(`  note: ${note}`);
        return 0;
      } catch (err) {
        progress.done();
        if (err instanceof ImportError) {
          throw new UsageError(
            `${file}: ${err.message}. Nothing was imported: the database is as it was.`,
            1,
          );
        }
        throw err;
      }
    });
  },
};
