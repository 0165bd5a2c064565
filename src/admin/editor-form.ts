// The editor's form ⇄ the post: reading the posted fields into an EditorInput, and a post's
// values back into the fields (for showing the form).
import type { Kysely } from 'kysely';
import { findMediaByPath } from '../media/store.ts';
import type { EditorAction, EditorInput } from '../posts/edit.ts';
import { hasAutomaticDate } from '../posts/edit.ts';
import type { CommentPolicy, Database, Post, PostKind } from '../storage/schema.ts';
import { localInputValue } from './format.ts';

export type FormBody = Record<string, string | File | (string | File)[]>;

/** The editor's text fields as strings (what autosave and the sign-in round trip keep). */
export type EditorFields = Record<(typeof FIELD_NAMES)[number], string>;

export const FIELD_NAMES = [
  'title',
  'body',
  'format',
  'kind',
  'slug',
  'date',
  'labels',
  'source_title',
  'source_authors',
  'source_outlet',
  'source_date',
  'source_url',
  'image_src',
  'image_alt',
  'image_caption',
  'image_credit',
  'comment_policy',
] as const;

export function str(value: FormBody[string] | undefined): string {
  if (Array.isArray(value)) return str(value[0]);
  return typeof value === 'string' ? value : '';
}

export function fieldsFromForm(form: FormBody): EditorFields {
  const fields = {} as EditorFields;
  for (const name of FIELD_NAMES) fields[name] = str(form[name]);
  fields.labels = labelsField(labelsFromForm(form));
  return fields;
}

/**
 * The post's labels from the form: each kept label arrives whole as its own `label` field (a
 * label may hold a comma: "MVP, GWT, Java"), and labels typed anew arrive in `labels`,
 * separated by commas as Blogger takes them.
 */
export function labelsFromForm(form: FormBody): string[] {
  const kept = form.label === undefined ? [] : Array.isArray(form.label) ? form.label : [form.label];
  return uniqueLabels([
    ...kept.filter((v): v is string => typeof v === 'string'),
    ...splitList(str(form.labels)),
  ]);
}

/** The labels as the editor's `labels` field keeps them (for autosave): one label a line. */
export function labelsField(labels: string[]): string {
  return labels.join('\n');
}

export function labelsOfField(value: string): string[] {
  return uniqueLabels(value.split('\n'));
}

function uniqueLabels(labels: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of labels) {
    const label = raw.trim();
    if (!label || seen.has(label)) continue;
    seen.add(label);
    out.push(label);
  }
  return out;
}

export function actionFromForm(form: FormBody): EditorAction {
  const action = str(form.action);
  return action === 'publish' || action === 'save' ? action : 'draft';
}

/** Splits "a, b; c" into ["a", "b", "c"]. */
export function splitList(value: string): string[] {
  return value
    .split(/[,;\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

const POLICIES: CommentPolicy[] = ['open', 'moderated', 'closed'];

/** The fields that decide a post's address, as the path rule (posts/edit.ts plannedPath) takes them. */
export function addressFields(fields: EditorFields): Pick<EditorInput, 'kind' | 'slug' | 'title' | 'date'> {
  return { kind: kindOf(fields), slug: fields.slug, title: fields.title, date: fields.date };
}

function kindOf(fields: EditorFields): PostKind {
  return fields.kind === 'page' ? 'page' : 'post';
}

/** The editor input for the fields; the image is resolved against the stored post and media. */
export async function editorInput(
  db: Kysely<Database>,
  fields: EditorFields,
  existing: Post | undefined,
  uploaded?: { src: string; mediaId: number },
): Promise<EditorInput> {
  const kind = kindOf(fields);
  const src = uploaded?.src ?? fields.image_src.trim();
  let mediaId: number | null = uploaded?.mediaId ?? null;
  if (!uploaded && src) {
    if (existing && src === existing.image_src) mediaId = existing.image_media_id;
    else if (src.startsWith('/media/')) {
      mediaId = (await findMediaByPath(db, safeDecode(src.slice('/media/'.length))))?.id ?? null;
    }
  }
  const imageSrc = src && (/^https?:\/\//i.test(src) || src.startsWith('/media/')) ? src : null;
  return {
    title: fields.title.trim(),
    body: fields.body,
    // Compose writes HTML: the same stored body as the HTML view.
    format: fields.format === 'html' || fields.format === 'compose' ? 'html' : 'markdown',
    kind,
    slug: fields.slug,
    date: fields.date.trim(),
    labels: labelsOfField(fields.labels),
    source: {
      title: fields.source_title,
      authors: splitList(fields.source_authors),
      outlet: fields.source_outlet,
      date: fields.source_date,
      url: fields.source_url,
    },
    image: {
      src: imageSrc,
      mediaId: imageSrc ? mediaId : null,
      alt: fields.image_alt.trim() || null,
      caption: fields.image_caption.trim() || null,
      credit: fields.image_credit.trim() || null,
    },
    commentPolicy: POLICIES.includes(fields.comment_policy as CommentPolicy)
      ? (fields.comment_policy as CommentPolicy)
      : null,
  };
}

/** The form's values for a stored post. */
export function fieldsFromPost(post: Post, labels: string[], timeZone: string): EditorFields {
  return {
    title: post.title,
    body: post.body_source ?? post.body_html,
    format: post.body_source === null && post.body_html ? 'html' : 'markdown',
    kind: post.kind,
    slug: post.slug,
    date: hasAutomaticDate(post) ? '' : localInputValue(post.published_at, timeZone),
    labels: labelsField(labels),
    source_title: post.source_title ?? '',
    source_authors: (JSON.parse(post.source_authors) as string[]).join(', '),
    source_outlet: post.source_outlet ?? '',
    source_date: post.source_date ?? '',
    source_url: post.source_url ?? '',
    image_src: post.image_src ?? '',
    image_alt: post.image_alt ?? '',
    image_caption: post.image_caption ?? '',
    image_credit: post.image_credit ?? '',
    comment_policy: post.comment_policy ?? '',
  };
}

export function emptyFields(kind: PostKind): EditorFields {
  const fields = {} as EditorFields;
  for (const name of FIELD_NAMES) fields[name] = '';
  fields.kind = kind;
  fields.format = 'markdown';
  return fields;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
