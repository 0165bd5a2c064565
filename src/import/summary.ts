// What an import did, counted as it goes, and told in a few lines at the end.

export interface Tally {
  created: number;
  updated: number;
  unchanged: number;
}

export interface ImportSummary {
  format: string;
  posts: Tally;
  pages: Tally;
  /** Of the posts and pages read: how many are drafts, scheduled, in the trash. */
  drafts: number;
  scheduled: number;
  trashed: number;
  comments: Tally;
  /** Replies whose parent comment is not in the export (shown at the top level). */
  orphanReplies: number;
  labels: number;
  authors: number;
  redirects: number;
  attachments: number;
  settings: string[];
  /** Settings the editor had changed, kept against the export's ("title \"Mine\" (the export has …)"). */
  settingsKept: string[];
  /** Posts found already in the blog (same path, title and day), their comments attached to them. */
  merged: string[];
  /** "reason" → count. */
  skipped: Map<string, number>;
  /** Recoveries and remarks. */
  notes: string[];
  /** Posts kept at another path than their own because it was taken. */
  moved: string[];
  images?: { downloaded: number; failed: { url: string; reason: string }[]; skipped: number };
  /** Posts indexed for search after the rows committed, and how long that took (part of `seconds`). */
  searchIndexed: number;
  searchSeconds: number;
  dryRun: boolean;
  seconds: number;
}

export function emptySummary(format: string, dryRun: boolean): ImportSummary {
  const tally = () => ({ created: 0, updated: 0, unchanged: 0 });
  return {
    format,
    posts: tally(),
    pages: tally(),
    drafts: 0,
    scheduled: 0,
    trashed: 0,
    comments: tally(),
    orphanReplies: 0,
    labels: 0,
    authors: 0,
    redirects: 0,
    attachments: 0,
    settings: [],
    settingsKept: [],
    merged: [],
    skipped: new Map(),
    notes: [],
    moved: [],
    searchIndexed: 0,
    searchSeconds: 0,
    dryRun,
    seconds: 0,
  };
}

export function skip(summary: ImportSummary, what: string, reason: string): void {
  const key = `${what}: ${reason}`;
  summary.skipped.set(key, (summary.skipped.get(key) ?? 0) + 1);
}

function tallyText(t: Tally): string {
  const total = t.created + t.updated + t.unchanged;
  const parts = [`${t.created} new`];
  if (t.updated) parts.push(`${t.updated} updated`);
  if (t.unchanged) parts.push(`${t.unchanged} unchanged`);
  return `${total} (${parts.join(', ')})`;
}

export function summaryLines(s: ImportSummary): string[] {
  const lines = [
    s.dryRun
      ? `Dry run of a ${s.format} import: nothing was stored. It would have imported:`
      : `Imported from ${s.format} in ${s.seconds.toFixed(1)} s:`,
    `  posts      ${tallyText(s.posts)}`,
    `  pages      ${tallyText(s.pages)}`,
    `  drafts     ${s.drafts}${s.scheduled ? `   scheduled ${s.scheduled}` : ''}${s.trashed ? `   in the trash ${s.trashed}` : ''}`,
    `  comments   ${tallyText(s.comments)}${s.orphanReplies ? `; ${s.orphanReplies} replies to comments not in the export are shown at the top level` : ''}`,
    `  labels     ${s.labels}`,
  ];
  if (s.authors) lines.push(`  authors    ${s.authors} new (inactive accounts without passwords)`);
  if (s.redirects) lines.push(`  redirects  ${s.redirects} old addresses → new ones (301)`);
  if (s.attachments) lines.push(`  images     ${s.attachments} attachments kept as references`);
  if (s.searchIndexed)
    lines.push(
      `  search     ${s.searchIndexed} posts indexed in ${s.searchSeconds.toFixed(1)} s after the rows were stored`,
    );
  if (s.settings.length) lines.push(`  settings   ${s.settings.join(', ')}`);
  for (const k of s.settingsKept)
    lines.push(`  kept your setting ${k}; --settings=replace takes the export's`);
  if (s.images) {
    lines.push(
      `  downloads  ${s.images.downloaded} images stored, ${s.images.failed.length} failed, ${s.images.skipped} not from an allowed host`,
    );
    for (const f of s.images.failed.slice(0, 20)) lines.push(`    failed: ${f.url} (${f.reason})`);
    if (s.images.failed.length > 20) lines.push(`    … and ${s.images.failed.length - 20} more`);
  }
  const skipped = [...s.skipped.values()].reduce((a, b) => a + b, 0);
  lines.push(`  skipped    ${skipped}`);
  for (const [reason, n] of [...s.skipped].sort((a, b) => b[1] - a[1])) lines.push(`    ${n} × ${reason}`);
  if (s.merged.length)
    lines.push(`  merged     ${s.merged.length} already in the blog (same address, title and day)`);
  for (const m of s.merged.slice(0, 20)) lines.push(`  merged into the post already at ${m}`);
  if (s.merged.length > 20) lines.push(`  … and ${s.merged.length - 20} more merged`);
  for (const m of s.moved.slice(0, 20)) lines.push(`  moved: ${m}`);
  if (s.moved.length > 20) lines.push(`  … and ${s.moved.length - 20} more moved`);
  for (const note of s.notes) lines.push(`  note: ${note}`);
  return lines;
}

/** The summary as plain JSON (for --json and tests). */
export function summaryJson(s: ImportSummary) {
  return { ...s, skipped: Object.fromEntries(s.skipped) };
}
