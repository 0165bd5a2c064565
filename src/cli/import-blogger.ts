import type { Command } from './command.ts';
import { COMMON_HELP, runImportCommand } from './xml-import.ts';

export const command: Command = {
  name: 'import blogger',
  summary: 'Import a Blogger export (Atom backup or Takeout feed.atom)',
  help: `Usage: gloss import blogger FILE [--dry-run] [--download-images] [--image-host HOST]... [--json]

Imports a Blogger export: the classic "Back up content" file (Settings → Back up content) or the
feed.atom from Google Takeout. Posts, pages, drafts, labels, comments (with their threads),
authors, the blog's title, description and time zone come across; each post keeps its Blogger
path (/YYYY/MM/slug.html, /p/slug.html), so old links keep working. Templates are not imported.
The blog's images stay where they are (linked) unless --download-images is given (it fetches
only from Blogger's image hosts and the hosts you add).

${COMMON_HELP}`,
  run: (args, io, context) => runImportCommand('blogger', args, io, context),
};
