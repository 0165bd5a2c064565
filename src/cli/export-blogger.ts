import { parseArgs } from 'node:util';
import { exportBloggerFile } from '../export/blogger.ts';
import { type Command, UsageError, withStore } from './command.ts';

export const command: Command = {
  name: 'export blogger',
  summary: 'Write a Blogger-format Atom export',
  help: `Usage: gloss export blogger FILE [--base-url URL] [--all-comments]

Writes the blog as a Blogger "Back up content" Atom file, which Blogger's own import (Settings →
Import content) and other Blogger importers read: posts, pages, drafts, labels, comments with
their threads, and the blog's settings. Posts imported from Blogger keep their Blogger ids.

  --base-url URL   the blog's public address for the posts' links
                   (default: GLOSS_BASE_URL, else http://localhost)
  --all-comments   also comments awaiting moderation, spam and deleted ones, marked so that
                   Gloss reads them back as they were (Blogger would publish them: leave this
                   off for a file meant for Blogger)`,
  async run(args, io, context) {
    const { values, positionals } = parseArgs({
      args,
      options: { 'base-url': { type: 'string' }, 'all-comments': { type: 'boolean' } },
      allowPositionals: true,
    });
    if (positionals.length !== 1) throw new UsageError('give exactly one FILE');
    const baseUrl = values['base-url'] ?? context.config().baseUrl ?? 'http://localhost';
    return withStore(context, async (store) => {
      const counts = await exportBloggerFile(store, positionals[0]!, {
        baseUrl,
        allComments: values['all-comments'],
        now: context.now,
      });
      io.err(
        `Wrote ${positionals[0]}: ${counts.posts} posts, ${counts.pages} pages, ${counts.comments} comments.`,
      );
      return 0;
    });
  },
};
