import { parseArgs } from 'node:util';
import { pollDue } from '../inbox/poll.ts';
import { type Command, UsageError, withStore } from './command.ts';

export const command: Command = {
  name: 'poll',
  summary: 'Fetch the outlets whose feeds are due, into the inbox',
  help: `Usage: gloss poll [--all] [--quiet]

Fetches every outlet whose next fetch is due (as \`gloss serve\` does each minute), stores new
articles in the editor's inbox (a story already there, from any outlet, is merged), and sets
each feed's next fetch from how often it publishes (10 minutes to a day), or later after an
error (a server's Retry-After is honoured). For cron users who do not run \`gloss serve\`:
run it every 10 minutes. Prints one line per feed fetched. WebSub hubs are subscribed only by
\`gloss serve\`, which can answer their calls.

  --all     fetch every outlet now, due or not
  --quiet   print only the totals

GLOSS_FETCH_ALLOW_PRIVATE=1 allows feeds on private and local addresses.`,
  async run(args, io, context) {
    const { values, positionals } = parseArgs({
      args,
      options: { all: { type: 'boolean' }, quiet: { type: 'boolean' } },
      allowPositionals: true,
    });
    if (positionals.length > 0) throw new UsageError(`unknown argument ${positionals[0]}`);
    return withStore(context, async (store) => {
      if (values.all)
        await store.db.updateTable('sources').set({ next_fetch_at: context.now().toISOString() }).execute();
      const reports = await pollDue(store.db, {
        fetch: { allowPrivate: context.config().fetchAllowPrivate },
        now: context.now,
        limit: 10_000,
      });
      for (const r of values.quiet ? [] : reports) {
        const what =
          r.outcome === 'error'
            ? `error: ${r.error}`
            : r.outcome === 'ok'
              ? `${r.added} new, ${r.merged} already in the inbox`
              : 'unchanged';
        io.out(`${r.name}: ${what}`);
      }
      const added = reports.reduce((n, r) => n + r.added, 0);
      const failed = reports.filter((r) => r.outcome === 'error').length;
      io.out(`${reports.length} feeds fetched, ${added} new articles, ${failed} failed`);
      if (reports.some((r) => r.outcome === 'error' && /private or reserved/.test(r.error ?? ''))) {
        io.out('Feeds on private or local addresses are fetched only with GLOSS_FETCH_ALLOW_PRIVATE=1.');
      }
      return 0;
    });
  },
};
