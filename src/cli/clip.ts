import { parseArgs } from 'node:util';
import { clipJson, clipUrl, previewClip } from '../clippings/clip.ts';
import { ExtractError } from '../clippings/extract.ts';
import { FetchError } from '../clippings/fetch.ts';
import { readSettings } from '../settings/settings.ts';
import { type Command, UsageError, withStore } from './command.ts';

export const command: Command = {
  name: 'clip',
  summary: 'Clip a news article from its URL into a draft',
  help: `Usage: gloss clip URL [--json] [--note TEXT] [--force] [--download-images]

Fetches the article at URL and extracts its title, authors, outlet, original date, canonical
address, lead image (with caption and credit) and body. Stores a draft post with the source
block filled and the article under it, plus a snapshot of what was extracted, and prints the
draft's path. An article clipped before (same canonical address, or the same text under another
address) is not stored twice: the earlier post is named instead.

  --json        print {title, source, image, bodyHtml, excerpt} as JSON and store nothing
  --note TEXT   the first editor's note, shown above the article
  --force       store it even if the same article was clipped before
  --download-images
                copy the article's body images into the media folder (with resized copies,
                metadata stripped) and point the post at the copies; one that cannot be
                fetched keeps its original address and is reported

Only http and https addresses on the public internet are fetched. GLOSS_FETCH_ALLOW_PRIVATE=1
allows private and local addresses (a test server on 127.0.0.1, an intranet).`,
  async run(args, io, context) {
    const { values, positionals } = parseArgs({
      args,
      options: {
        json: { type: 'boolean' },
        note: { type: 'string' },
        force: { type: 'boolean' },
        'download-images': { type: 'boolean' },
      },
      allowPositionals: true,
    });
    if (positionals.length !== 1) throw new UsageError('give exactly one URL');
    const url = positionals[0]!;
    const fetch = { allowPrivate: context.config().fetchAllowPrivate };
    try {
      if (values.json) {
        const { article } = await previewClip(url, fetch);
        io.out(JSON.stringify(clipJson(article), null, 2));
        return 0;
      }
      return await withStore(context, async (store) => {
        const settings = await readSettings(store.db);
        const result = await clipUrl(store.db, url, {
          fetch,
          timeZone: settings.timeZone,
          note: values.note,
          force: values.force,
          now: context.now,
          downloadImages: values['download-images'] ? { mediaDir: context.config().mediaDir } : undefined,
        });
        if (result.kind === 'duplicate') {
          const { earlier } = result;
          const why = earlier.reason === 'url' ? 'the same address' : 'the same text under another address';
          io.err(
            `gloss clip: already clipped (${why}) as “${earlier.title}” (${earlier.status}) at ${earlier.path}; use --force to clip it again`,
          );
          io.out(earlier.path);
          return 1;
        }
        const { post, article, images } = result;
        io.out(post.path);
        if (images) {
          io.err(`gloss clip: ${images.downloaded} image(s) stored in the media folder`);
          for (const f of images.failed)
            io.err(`gloss clip: kept the original address of ${f.url}: ${f.reason}`);
        }
        const from = article.source.outlet ? ` from ${article.source.outlet}` : '';
        io.err(`Stored the draft “${post.title}”${from}, with a snapshot of the original.`);
        return 0;
      });
    } catch (err) {
      if (err instanceof FetchError || err instanceof ExtractError) {
        throw new UsageError(`cannot clip ${url}: ${err.message}`, 1);
      }
      throw err;
    }
  },
};
