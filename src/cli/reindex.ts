import { parseArgs } from 'node:util';
import { reindexAll } from '../search/indexer.ts';
import { type Command, UsageError, withStore } from './command.ts';

export const command: Command = {
  name: 'reindex',
  summary: 'Rebuild the search index',
  help: `Usage: gloss reindex [--quiet]

Rebuilds the search index from the posts in DATABASE_URL (default ./data/gloss.db): every
published post, its title, body, editor's notes, source and labels. Khmer, Thai, Lao, Burmese,
Chinese and Japanese text is cut into words as it is indexed. Posts are reindexed in place, a
few hundred at a time, so readers can search while it runs; a blog of 100,000 posts takes a few
minutes.

Gloss keeps the index current by itself on every save; rebuild after restoring a database
copied from elsewhere, after renaming labels in bulk, or when a Gloss update says so.

  --quiet   print only the final count`,
  async run(args, io, context) {
    const { values, positionals } = parseArgs({
      args,
      options: { quiet: { type: 'boolean' } },
      strict: false,
    });
    if (positionals.length > 0 || args.some((a) => a !== '--quiet')) {
      throw new UsageError(`unknown argument ${args.find((a) => a !== '--quiet')}`);
    }
    return withStore(context, async (store) => {
      const started = Date.now();
      let lastReport = 0;
      const { indexed, total } = await reindexAll(store.db, (done, all) => {
        if (values.quiet) return;
        const now = Date.now();
        if (now - lastReport < 2000 && done < all) return;
        lastReport = now;
        io.err(`  ${done} of ${all} posts`);
      });
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      io.out(
        `Indexed ${indexed} published post${indexed === 1 ? '' : 's'} (of ${total} in all) in ${seconds} s.`,
      );
      return 0;
    });
  },
};
