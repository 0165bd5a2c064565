// Every command, loaded only when asked for. Add a command: write its file, list it here.
import type { Command } from './command.ts';

type Loader = () => Promise<{ command: Command }>;

function lazy(file: string): Loader {
  return () => import(new URL(`./${file}.ts`, import.meta.url).href);
}

export const COMMANDS: Record<string, { summary: string; load: Loader }> = {
  serve: { summary: 'Serve the blog (the default; npm start runs it)', load: lazy('serve') },
  migrate: { summary: 'Bring the database up to this version of Gloss', load: lazy('migrate') },
  'import text': { summary: 'Turn pasted or saved page text into a post', load: lazy('import-text') },
  'import blogger': {
    summary: 'Import a Blogger export (Atom backup or Takeout feed.atom)',
    load: lazy('import-blogger'),
  },
  'import wordpress': { summary: 'Import a WordPress export (WXR)', load: lazy('import-wordpress') },
  'import json': { summary: 'Import a Gloss JSON export', load: lazy('import-json') },
  'export blogger': { summary: 'Write a Blogger-format Atom export', load: lazy('export-blogger') },
  'export json': { summary: 'Write everything as documented JSON', load: lazy('export-json') },
  'export static': { summary: 'Mirror the blog as static files', load: lazy('export-static') },
  backup: { summary: 'Consistent online copy of a running SQLite blog', load: lazy('backup') },
  clip: { summary: 'Clip a news article from its URL into a draft', load: lazy('clip') },
  poll: { summary: 'Fetch the outlets whose feeds are due, into the inbox', load: lazy('poll') },
  reindex: { summary: 'Rebuild the search index', load: lazy('reindex') },
  'user add': { summary: 'Add a user (owner, admin, author or moderator)', load: lazy('user-add') },
};
