// The settings form → typed changes, or the problems that stop it being saved. Every field is
// checked here, so the settings table only ever holds values the rest of Gloss can use.
import type { BlogSettings, SidebarWidget } from './settings.ts';

export type SettingsForm = Record<string, string | string[]>;

export const SIDEBAR_WIDGETS: { key: SidebarWidget; label: string }[] = [
  { key: 'search', label: 'Search box' },
  { key: 'about', label: 'About (the blog description)' },
  { key: 'follow', label: 'Follow by e-mail' },
  { key: 'archive', label: 'Blog archive' },
  { key: 'labels', label: 'Labels' },
  { key: 'sources', label: 'Sources (the outlets clipped)' },
  { key: 'feeds', label: 'Subscribe links' },
];

/** The origin of an http(s) address without a path, query or credentials; null otherwise. */
export function publicOrigin(address: string): string | null {
  try {
    const url = new URL(address.trim());
    if (!/^https?:$/.test(url.protocol) || url.username || url.password) return null;
    if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) return null;
    return url.origin;
  } catch {
    return null;
  }
}

export function timeZones(): string[] {
  return ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')];
}

export function validateSettings(form: SettingsForm): {
  changes: Partial<BlogSettings>;
  errors: Record<string, string>;
} {
  const one = (name: string) => {
    const v = form[name];
    return (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).trim();
  };
  const errors: Record<string, string> = {};
  const changes: Partial<BlogSettings> = {};
  const int = (name: string, min: number, max: number): number | undefined => {
    const raw = one(name);
    const n = Number(raw);
    if (!raw || !Number.isInteger(n) || n < min || n > max) {
      errors[name] = `A whole number from ${min} to ${max}.`;
      return undefined;
    }
    return n;
  };

  changes.title = one('title');
  if (!changes.title) errors.title = 'The blog needs a title.';
  else if (changes.title.length > 200) errors.title = 'At most 200 characters.';
  changes.description = one('description').slice(0, 1000);

  const zone = one('timeZone');
  if (timeZones().includes(zone)) changes.timeZone = zone;
  else errors.timeZone = 'Choose a time zone from the list.';

  const language = one('language');
  if (/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(language)) changes.language = language;
  else errors.language = 'A language tag such as en, km or fr-CA.';

  changes.postsPerPage = int('postsPerPage', 1, 50);

  const policy = one('commentPolicy');
  if (policy === 'open' || policy === 'moderated' || policy === 'closed') changes.commentPolicy = policy;
  else errors.commentPolicy = 'Open, moderated or closed.';

  const close = one('commentCloseDays');
  if (!close) changes.commentCloseDays = null;
  else {
    const n = Number(close);
    if (!Number.isInteger(n) || n < 1 || n > 36500)
      errors.commentCloseDays = 'Blank, or a number of days from 1.';
    else changes.commentCloseDays = n;
  }

  // Widgets in the order their position fields give, only the ticked ones.
  const ticked = new Set([form.sidebar ?? []].flat());
  changes.sidebar = SIDEBAR_WIDGETS.map((w, i) => ({
    key: w.key,
    at: Number(one(`sidebar_at_${w.key}`)) || i + 1,
  }))
    .filter((w) => ticked.has(w.key))
    .sort((a, b) => a.at - b.at)
    .map((w) => w.key);

  const labelsShow = one('labelsShow');
  if (labelsShow === 'all') changes.labelsLimit = null;
  else if (labelsShow === 'top') changes.labelsLimit = int('labelsLimit', 1, 1000);
  else if (labelsShow) errors.labelsLimit = 'All labels, or the most used.';
  const labelsSort = one('labelsSort');
  if (labelsSort === 'name' || labelsSort === 'count') changes.labelsSort = labelsSort;
  else if (labelsSort) errors.labelsSort = 'By name or by count.';
  const labelsStyle = one('labelsStyle');
  if (labelsStyle === 'list' || labelsStyle === 'cloud') changes.labelsStyle = labelsStyle;
  else if (labelsStyle) errors.labelsStyle = 'A list or a cloud.';

  const sourcesShow = one('sourcesShow');
  if (sourcesShow === 'all') changes.sourcesLimit = null;
  else if (sourcesShow === 'top') changes.sourcesLimit = int('sourcesLimit', 1, 1000);
  else if (sourcesShow) errors.sourcesLimit = 'All outlets, or the most clipped.';
  const sourcesSort = one('sourcesSort');
  if (sourcesSort === 'name' || sourcesSort === 'count') changes.sourcesSort = sourcesSort;
  else if (sourcesSort) errors.sourcesSort = 'By name or by count.';

  // Header pages: ticked ones in the order of their position fields. The form says it listed them
  // (headerPagesListed), so ticking none means "no pages", not "the default".
  if (one('headerPagesListed') === '1') {
    const pages = [form.headerPage ?? []].flat().map(Number);
    if (pages.some((id) => !Number.isInteger(id) || id <= 0))
      errors.headerPages = 'Choose pages from the list.';
    else
      changes.headerPages = pages
        .map((id, i) => ({ id, at: Number(one(`headerPage_at_${id}`)) || 1000 + i }))
        .sort((a, b) => a.at - b.at)
        .map((p) => p.id);
  }

  changes.commentMaxLinks = int('commentMaxLinks', 0, 100);
  changes.commentMaxLength = int('commentMaxLength', 100, 100000);
  changes.commentMinSeconds = int('commentMinSeconds', 0, 600);
  changes.commentLimitPerAddress = int('commentLimitPerAddress', 1, 10000);
  changes.commentLimitGlobal = int('commentLimitGlobal', 1, 1000000);
  changes.commentLimitWindowMinutes = int('commentLimitWindowMinutes', 1, 1440);
  // Added after the first settings form: a form without the field leaves the setting as it is.
  if (form.commentReplyDepth !== undefined) changes.commentReplyDepth = int('commentReplyDepth', 1, 10);
  changes.commentBlocklist = one('commentBlocklist')
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean)
    .slice(0, 5000);
  // A checkbox follows a hidden "0" of the same name: ticked sends both, and the last one counts.
  const checkbox = (name: string) => [form[name] ?? []].flat().at(-1) === '1';
  changes.commentNotify = checkbox('commentNotify');
  changes.behindProxy = checkbox('behindProxy');

  if (form.publicAddress !== undefined) {
    const address = one('publicAddress');
    const origin = address ? publicOrigin(address) : null;
    if (address && !origin)
      errors.publicAddress = 'A web address such as https://blog.example (http or https, no path).';
    else changes.publicAddress = origin;
  }

  for (const key of Object.keys(changes) as (keyof BlogSettings)[]) {
    if (changes[key] === undefined) delete changes[key];
  }
  return { changes, errors };
}
