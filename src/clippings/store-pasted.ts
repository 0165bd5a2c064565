// A parsed pasted text becomes a published post with its source block, notes and comments.
import type { Kysely } from 'kysely';
import { zonedTimeToUtc } from '../lib/dates.ts';
import { escapeHtml } from '../lib/html.ts';
import { markdownToHtml } from '../posts/markdown.ts';
import { blockNoteHtml, paragraphHtml } from '../posts/notes.ts';
import { createPost } from '../posts/save.ts';
import type { Database, Post } from '../storage/schema.ts';
import type { PastedClipping } from './pasted-text.ts';

export function pastedBodyHtml(clip: PastedClipping): string {
  return clip.paragraphs
    .map((p) => (p.kind === 'note' ? blockNoteHtml(escapeHtml(p.text)) : paragraphHtml(p.text, p.spans)))
    .join('\n');
}

/**
 * The clipping's text as the editor's Markdown (what docs/admin.md describes): paragraphs
 * separated by blank lines, notes in brackets, every other Markdown character escaped so the
 * quoted text reads exactly as pasted.
 */
export function pastedMarkdown(clip: PastedClipping): string {
  return clip.paragraphs
    .map((p) => {
      if (p.kind === 'note') return `[${escapeMarkdown(p.text)}]`;
      let out = '';
      let at = 0;
      for (const span of [...p.spans].sort((a, b) => a.start - b.start)) {
        out += escapeMarkdown(p.text.slice(at, span.start));
        out += `[${escapeMarkdown(p.text.slice(span.start, span.end))}]`;
        at = span.end;
      }
      return escapeLineStart(out + escapeMarkdown(p.text.slice(at)));
    })
    .join('\n\n');
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>#|~&]/g, '\\$&');
}

/** What would start a list, quote, heading rule or code block at the start of a line. */
function escapeLineStart(line: string): string {
  return line.replace(/^(\s*)(\d+)([.)])(\s)/, '$1$2\\$3$4').replace(/^(\s*)([-+=>])/, '$1\\$2');
}

/** Stores the clipping as a post (published unless a draft) in Markdown, dated by its date header (else now), with its comments. */
export async function storePastedClipping(
  db: Kysely<Database>,
  clip: PastedClipping,
  options: { timeZone: string; now?: Date; authorId?: number | null; draft?: boolean },
): Promise<{ post: Post; comments: number }> {
  const now = options.now ?? new Date();
  const publishedAt = clip.date ? dayAt(clip.date, options.timeZone) : now.toISOString();
  const source = pastedMarkdown(clip);
  return db.transaction().execute(async (trx) => {
    const post = await createPost(
      trx,
      {
        title: clip.title ?? clip.source.title ?? 'Untitled clipping',
        bodyHtml: markdownToHtml(source),
        bodySource: source,
        status: options.draft ? 'draft' : 'published',
        publishedAt,
        authorId: options.authorId ?? null,
        // Saved page text has the caption but not the picture: both are kept until one is attached.
        image: clip.image ? { src: null, caption: clip.image.caption, credit: clip.image.credit } : null,
        source: clip.source,
      },
      options.timeZone,
      { now },
    );
    for (const comment of clip.comments) {
      const at = comment.date ? commentInstant(comment.date, options.timeZone) : publishedAt;
      await trx
        .insertInto('comments')
        .values({
          post_id: post.id,
          parent_id: null,
          author_name: comment.author,
          author_email: null,
          author_url: null,
          author_user_id: null,
          body_text: comment.body,
          body_html: comment.body
            .split(/\n+/)
            .map((line) => `<p>${escapeHtml(line)}</p>`)
            .join(''),
          status: 'approved',
          ip_hash: null,
          user_agent: null,
          spam_reason: null,
          created_at: at,
          updated_at: at,
          external_id: null,
        })
        .execute();
    }
    return { post, comments: clip.comments.length };
  });
}

/** A date header's day, at noon in the blog's zone (so the day survives small zone changes). */
function dayAt(isoDate: string, timeZone: string): string {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number];
  return zonedTimeToUtc({ year, month, day, hour: 12 }, timeZone);
}

function commentInstant(value: string, timeZone: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(value);
  if (!m) return new Date(value).toISOString();
  return zonedTimeToUtc(
    {
      year: +m[1]!,
      month: +m[2]!,
      day: +m[3]!,
      hour: m[4] ? +m[4] : 12,
      minute: m[5] ? +m[5] : 0,
      second: m[6] ? +m[6] : 0,
    },
    timeZone,
  );
}
