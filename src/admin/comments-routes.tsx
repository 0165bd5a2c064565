// /admin/comments: the moderation queues (pending, approved, spam, deleted), one comment in the
// context of its post's whole thread, and the actions, one at a time or in bulk. The rules and the
// log live in src/comments/moderation.ts; this file only asks.

import { Hono } from 'hono';
import type { AppDeps } from '../app-deps.ts';
import { type AdminEnv, requireUser, viewer } from '../auth/middleware.ts';
import {
  COMMENT_STATUSES,
  deleteWithReplies,
  restoreComments,
  setCommentStatus,
} from '../comments/moderation.ts';
import { commentCountsByStatus, findComment, listComments } from '../comments/queries.ts';
import { replyAsStaff } from '../comments/staff.ts';
import { buildThread } from '../comments/thread.ts';
import { nestForDisplay, threadOrder } from '../comments/thread-display.ts';
import { pageNumber } from '../lib/page-number.ts';
import { recordId } from '../lib/record-id.ts';
import { findPostById } from '../posts/queries.ts';
import type { CommentStatus } from '../storage/schema.ts';
import { type FormBody, str } from './editor-form.ts';
import { frame } from './page.ts';
import { CommentContextPage, CommentsPage } from './views/CommentsPage.tsx';

const PER_PAGE = 25;

export const MODERATION_ACTIONS = [
  'approve',
  'spam',
  'delete',
  'delete-thread',
  'restore',
  'pending',
] as const;
type ModerationAction = (typeof MODERATION_ACTIONS)[number];
const TO_STATUS: Record<Exclude<ModerationAction, 'restore' | 'delete-thread'>, CommentStatus> = {
  approve: 'approved',
  spam: 'spam',
  delete: 'deleted',
  pending: 'pending',
};

export function commentAdminRoutes(deps: AppDeps) {
  const { db } = deps.store;
  const app = new Hono<AdminEnv>();
  app.use('*', requireUser('admin', 'moderator'));

  app.get('/', async (c) => {
    const status = (COMMENT_STATUSES as string[]).includes(c.req.query('status') ?? '')
      ? (c.req.query('status') as CommentStatus)
      : 'pending';
    const q = c.req.query('q')?.trim() ?? '';
    const postId = recordId(c.req.query('post'));
    const page = pageNumber(c.req.query('page'));
    const [list, counts, chrome, f] = await Promise.all([
      listComments(db, {
        status,
        q,
        postId: postId || undefined,
        limit: PER_PAGE,
        offset: (page - 1) * PER_PAGE,
      }),
      commentCountsByStatus(db),
      deps.site.chrome(),
      frame(c, deps),
    ]);
    const url = (changes: Record<string, string | number | undefined>) => {
      const params = new URLSearchParams();
      const all = {
        status,
        q,
        post: Number.isFinite(postId) ? String(postId) : '',
        page: String(page),
        ...changes,
      };
      for (const [k, v] of Object.entries(all)) {
        if (v !== undefined && v !== '' && !(k === 'page' && String(v) === '1')) params.set(k, String(v));
      }
      return `/admin/comments?${params}`;
    };
    return c.html(
      <CommentsPage
        frame={f}
        data={{
          ...list,
          counts,
          status,
          q,
          page,
          perPage: PER_PAGE,
          url,
          maxLength: chrome.settings.commentMaxLength,
        }}
        now={deps.now()}
        timeZone={chrome.settings.timeZone}
      />,
    );
  });

  app.get('/:id{[0-9]+}', async (c) => {
    const id = recordId(c.req.param('id'));
    const target = await findComment(db, id);
    if (!target) return c.text('There is no such comment.', 404);
    const [post, all, chrome, f] = await Promise.all([
      findPostById(db, target.post_id),
      listComments(db, { postId: target.post_id, limit: 1000, offset: 0 }),
      deps.site.chrome(),
      frame(c, deps),
    ]);
    if (!post) return c.text('There is no such post.', 404);
    return c.html(
      <CommentContextPage
        frame={f}
        post={post}
        thread={nestForDisplay(threadOrder(buildThread(all.items)), chrome.settings.commentReplyDepth)}
        focus={id}
        now={deps.now()}
        timeZone={chrome.settings.timeZone}
        back={safeBack(c.req.query('back'))}
        maxLength={chrome.settings.commentMaxLength}
      />,
    );
  });

  // One action for one comment (a button "approve:12") or for the ticked ones (bulk + ids).
  app.post('/moderate', async (c) => {
    const form = (await c.req.parseBody({ all: true })) as FormBody;
    const [single, singleId] = str(form.one).split(':');
    const action = (single || str(form.bulk)) as ModerationAction;
    const ids = single
      ? [recordId(singleId)]
      : ([] as unknown[])
          .concat(form.ids ?? [])
          .map((v) => recordId(String(v)))
          .filter((id) => id > 0);
    if (!(MODERATION_ACTIONS as readonly string[]).includes(action)) return c.text('Unknown action.', 400);
    const actor = viewer(c).id;
    if (ids.length > 0) {
      if (action === 'restore') await restoreComments(db, ids, actor, deps.now());
      else if (action === 'delete-thread') await deleteWithReplies(db, ids, actor, deps.now());
      else await setCommentStatus(db, ids, TO_STATUS[action], actor, deps.now());
    }
    const back = safeBack(str(form.back));
    return c.redirect(`${back}${back.includes('?') ? '&' : '?'}done=moderated`, 303);
  });

  // A reply under one comment, as the signed-in user: approved at once (src/comments/staff.ts).
  app.post('/:id{[0-9]+}/reply', async (c) => {
    const form = (await c.req.parseBody({ all: true })) as FormBody;
    const { settings } = await deps.site.chrome();
    const result = await replyAsStaff(
      db,
      recordId(c.req.param('id')),
      str(form.body),
      viewer(c),
      settings,
      deps.now(),
    );
    if (result.kind === 'rejected') return c.text(result.message, result.status);
    const back = safeBack(str(form.back));
    return c.redirect(`${back}${back.includes('?') ? '&' : '?'}done=replied`, 303);
  });

  return app;
}

function safeBack(back: string | undefined): string {
  return back && /^\/admin\/comments(\/|\?|$)/.test(back) && !/[\\\s]/.test(back) ? back : '/admin/comments';
}
