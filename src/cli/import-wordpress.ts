import type { Command } from './command.ts';
import { COMMON_HELP, runImportCommand } from './xml-import.ts';

export const command: Command = {
  name: 'import wordpress',
  summary: 'Import a WordPress export (WXR)',
  help: `Usage: gloss import wordpress FILE [--dry-run] [--download-images] [--image-host HOST]... [--json]

Imports a WordPress export (Tools → Export → All content; WXR 1.0 to 1.2). Posts and pages get
Blogger-style paths (/YYYY/MM/slug.html, /p/slug.html) and their WordPress addresses (the
permalink, /?p=ID, /?page_id=ID) answer with a permanent redirect. Categories and tags become
labels; comments keep their threads and moderation status (pingbacks are skipped); featured
images are kept; private and password-protected posts come in as drafts. Menus, block-editor
internals and custom post types are skipped (the summary says so). --download-images fetches
from *.files.wordpress.com, *.wp.com and the hosts you add (add your own site's host).

${COMMON_HELP}`,
  run: (args, io, context) => runImportCommand('wordpress', args, io, context),
};
