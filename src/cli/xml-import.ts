// The shared body of `gloss import blogger` and `gloss import wordpress`: options, progress,
// summary, and errors told as "where and why; nothing was imported".
import { parseArgs } from 'node:util';
import { ImportError } from '../import/errors.ts';
import { BLOGGER_IMAGE_HOSTS, WORDPRESS_IMAGE_HOSTS } from '../import/images.ts';
import { runImport, type XmlImportFormat } from '../import/run.ts';
import { summaryJson, summaryLines } from '../import/summary.ts';
import { sentences } from '../lib/sentence.ts';
import { type CliIO, type CommandContext, UsageError, withStore } from './command.ts';
import { progressReporter } from './progress.ts';

export const COMMON_HELP = `  --dry-run            read and check everything, count what would change, store nothing
  --download-images    afterwards, copy the posts' images into the media folder
                       (GLOSS_MEDIA_DIR, default ./data/media) with resized copies, and
                       point the posts at them; failures are listed and keep their links
  --image-host HOST    also download from HOST (repeatable; "*.example.com" allowed)
  --settings=keep      (the default) settings you changed (title, description, time zone,
                       comment policy...) stay as they are; the summary says which it kept
  --settings=replace   take the export's settings instead
  --json               print the summary as JSON

The whole import is one transaction: if the file turns out broken, the database is left exactly
as it was and the error gives the line and column. Importing the same file again changes
nothing; importing a newer export of the same blog updates what changed. A post already in the
blog at the same address, with the same title and day, is the same post: the import attaches
its comments to it instead of copying it. The sample post gives its address to an imported one.`;

export async function runImportCommand(
  format: XmlImportFormat,
  args: string[],
  io: CliIO,
  context: CommandContext,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      'dry-run': { type: 'boolean' },
      'download-images': { type: 'boolean' },
      'image-host': { type: 'string', multiple: true },
      json: { type: 'boolean' },
      settings: { type: 'string' },
    },
    allowPositionals: true,
  });
  if (positionals.length !== 1) throw new UsageError('give exactly one FILE to import');
  const file = positionals[0]!;
  const settings = values.settings ?? 'keep';
  if (settings !== 'keep' && settings !== 'replace')
    throw new UsageError(`--settings is "keep" or "replace", not "${settings}"`);
  const config = context.config();
  return withStore(context, async (store) => {
    const progress = progressReporter(io, `Importing ${file}`);
    const defaults = format === 'blogger' ? BLOGGER_IMAGE_HOSTS : WORDPRESS_IMAGE_HOSTS;
    try {
      const summary = await runImport({
        store,
        file,
        format,
        dryRun: values['dry-run'],
        settings,
        onProgress: (p) => progress.update(p),
        now: context.now,
        download: values['download-images']
          ? {
              mediaDir: config.mediaDir,
              allowHosts: [...defaults, ...(values['image-host'] ?? [])],
              allowPrivate: config.fetchAllowPrivate,
            }
          : undefined,
      });
      progress.done();
      if (values.json) io.out(JSON.stringify(summaryJson(summary), null, 2));
      else for (const line of summaryLines(summary)) io.out(line);
      return 0;
    } catch (err) {
      progress.done();
      if (err instanceof ImportError) {
        throw new UsageError(
          sentences(
            err.message.includes(file) ? err.message : `${file}: ${err.message}`,
            'Nothing was imported: the database is as it was',
          ),
          1,
        );
      }
      throw err;
    }
  });
}
