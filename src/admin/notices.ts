// Confirmations after a redirect travel as a short code (?done=saved), never as free text, so a
// link cannot make the admin display words of someone else's choosing.
const NOTICES: Record<string, string> = {
  saved: 'Saved.',
  published: 'Published.',
  scheduled: 'Scheduled.',
  trashed: 'Moved to the trash. It can be restored from there.',
  restored: 'Restored.',
  deleted: 'Deleted for good.',
  replaced: 'Picture replaced: every post that showed the image now shows the new one.',
  settings: 'Settings saved.',
  invited: 'Invitation created.',
  role: 'Role changed.',
  deactivated: 'Account deactivated; it has been signed out everywhere.',
  activated: 'Account reactivated.',
  revoked: 'Invitation withdrawn.',
  'signed-out-others': 'Every other session of yours has been signed out.',
  password: 'Password changed.',
  moderated: 'Done.',
  replied: 'Reply published under the comment.',
  removed: 'Subscriber removed, with any mail still waiting for them.',
  welcome: 'Welcome to Gloss. Start with a post, or look at the settings.',
};

export function noticeFrom(query: (name: string) => string | undefined) {
  for (const key of ['done', 'welcome']) {
    const code = key === 'welcome' ? (query('welcome') !== undefined ? 'welcome' : undefined) : query(key);
    if (code && NOTICES[code]) return { kind: 'ok' as const, text: NOTICES[code] };
  }
  return undefined;
}
