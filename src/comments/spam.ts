// The spam rules, each a named predicate that says why it caught a comment. A rule never destroys
// anything: it sends the comment to the spam queue (almost surely a machine) or the pending queue
// (perhaps a person; a moderator decides).
import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import type { BlogSettings } from '../settings/settings.ts';
import { TOKEN_MAX_AGE_SECONDS } from './token.ts';

export interface SpamFacts {
  body: string;
  html: string;
  links: number;
  author: string;
  email: string | null;
  url: string | null;
  address: string | null;
  /** What the hidden field held: people never see it, robots fill it in. */
  honeypot: string;
  /** Seconds between the form's rendering and its submission. */
  formAgeSeconds: number;
}

export type RuleSettings = Pick<BlogSettings, 'commentMinSeconds' | 'commentMaxLinks' | 'commentBlocklist'>;

export interface Verdict {
  status: 'spam' | 'pending' | null;
  reasons: string[];
}

interface Rule {
  name: string;
  queue: 'spam' | 'pending';
  /** Why the rule caught the comment, or null. */
  test: (facts: SpamFacts, settings: RuleSettings) => string | null;
}

export const RULES: Rule[] = [
  {
    name: 'honeypot',
    queue: 'spam',
    test: (f) => (f.honeypot.trim() ? 'the hidden field was filled in' : null),
  },
  {
    name: 'too-fast',
    queue: 'spam',
    test: (f, s) =>
      f.formAgeSeconds < s.commentMinSeconds
        ? `sent ${Math.max(0, f.formAgeSeconds)} s after the form was shown (minimum ${s.commentMinSeconds} s)`
        : null,
  },
  {
    name: 'stale-form',
    queue: 'pending',
    test: (f) =>
      f.formAgeSeconds > TOKEN_MAX_AGE_SECONDS
        ? `the form was ${Math.round(f.formAgeSeconds / 3600)} hours old`
        : null,
  },
  {
    name: 'too-many-links',
    queue: 'pending',
    test: (f, s) =>
      f.links > s.commentMaxLinks ? `${f.links} links (more than ${s.commentMaxLinks})` : null,
  },
  {
    name: 'blocklist',
    queue: 'spam',
    test: (f, s) => {
      const term = blockedTerm(f, s.commentBlocklist);
      return term === null ? null : `blocked term “${term}”`;
    },
  },
];

/** Every rule that catches the comment; spam outranks pending. */
export function judge(facts: SpamFacts, settings: RuleSettings): Verdict {
  const caught = RULES.map((rule) => ({ rule, reason: rule.test(facts, settings) })).filter(
    (r): r is { rule: Rule; reason: string } => r.reason !== null,
  );
  const status = caught.some((c) => c.rule.queue === 'spam') ? 'spam' : caught.length ? 'pending' : null;
  return { status, reasons: caught.map((c) => c.reason) };
}

// Scripts written without spaces between words: a blocked word there is matched anywhere.
const UNSPACED = /[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/u;

/** The first blocklist entry the comment contains, or null. */
export function blockedTerm(facts: SpamFacts, blocklist: readonly string[]): string | null {
  const fields = [facts.body, facts.author, facts.email ?? '', facts.url ?? ''].join('\n').toLowerCase();
  for (const raw of blocklist) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (facts.address && isAddressEntry(entry)) {
      if (facts.address.toLowerCase() === entry || (entry.endsWith('.') && facts.address.startsWith(entry))) {
        return raw.trim();
      }
      continue;
    }
    if (UNSPACED.test(entry) ? fields.includes(entry) : wordPattern(entry).test(fields)) return raw.trim();
  }
  return null;
}

function isAddressEntry(entry: string): boolean {
  return isIP(entry) !== 0 || /^(\d{1,3}\.){1,3}$/.test(entry);
}

function wordPattern(entry: string): RegExp {
  const escaped = entry.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'u');
}

/** The duplicate-detection key: the text with case and spacing normalised. */
export function bodyHash(text: string): string {
  const normal = text.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
  return createHash('sha256').update(normal).digest('base64url').slice(0, 32);
}

/** Texts shorter than this ("Thanks!", "+1") are too common to call a copy spam. */
export const DUPLICATE_MIN_LENGTH = 20;
