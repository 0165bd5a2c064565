// The comment form with its state: a fresh token, the blog's policy for the post, the comment
// being answered. The post page (src/posts/routes.tsx) and the comment routes both render it.
import type { AppDeps } from '../app-deps.ts';
import { excerptOf } from '../lib/html.ts';
import { recordId } from '../lib/record-id.ts';
import { serverSecret } from '../settings/settings.ts';
import type { Store } from '../storage/db.ts';
import type { Post } from '../storage/schema.ts';
import { effectivePolicy } from './policy.ts';
import type { Staff } from './staff.ts';
import { signFormToken } from './token.ts';
import { CommentForm, type CommentFormState } from './views/CommentForm.tsx';

export interface FormOptions {
  /** The `replyTo` query parameter, or the parent the reader sent. */
  replyTo?: string | null;
  values?: CommentFormState['values'];
  error?: CommentFormState['error'];
  held?: CommentFormState['held'];
  /** The signed-in staff member the page is shown to: the form names them instead of asking. */
  staff?: Staff | null;
}

export async function commentFormFor(deps: AppDeps, post: Post, options: FormOptions = {}) {
  const [chrome, secret, replyTo] = await Promise.all([
    deps.site.chrome(),
    secretOf(deps.store),
    replyTarget(deps.store, post.id, options.replyTo),
  ]);
  const now = deps.now();
  const state: CommentFormState = {
    policy: effectivePolicy(post, chrome.settings, now),
    token: signFormToken(secret, post.id, now),
    maxLength: chrome.settings.commentMaxLength,
    replyTo,
    values: options.values,
    error: options.error,
    held: options.held,
    staff: options.staff ? { name: options.staff.name } : undefined,
    notifyOffered: Boolean(deps.config.smtp && deps.config.baseUrl),
  };
  return <CommentForm post={post} state={state} />;
}

// The secret never changes once made: read it once per store.
const secrets = new WeakMap<Store, Promise<string>>();

export function secretOf(store: Store): Promise<string> {
  let secret = secrets.get(store);
  if (!secret) {
    secret = serverSecret(store.db);
    secrets.set(store, secret);
    secret.catch(() => secrets.delete(store));
  }
  return secret;
}

async function replyTarget(store: Store, postId: number, replyTo: string | null | undefined) {
  const parent = recordId(replyTo);
  if (!parent) return undefined;
  const row = await store.db
    .selectFrom('comments')
    .select(['id', 'author_name', 'body_html'])
    .where('id', '=', parent)
    .where('post_id', '=', postId)
    .where('status', '=', 'approved')
    .executeTakeFirst();
  return row ? { id: row.id, author: row.author_name, excerpt: excerptOf(row.body_html, 140) } : undefined;
}
