// /admin/posts: the list, the editor, previews, autosave and the trash. Authors reach only their
// own posts (canEditPost); the rules for status, dates and paths live in src/posts/edit.ts.
import { type Context, Hono } from 'hono';
import type { AppDeps } from '../app-deps.ts';
import { type AdminEnv, requireUser, viewer } from '../auth/middleware.ts';
import { can, canEditPost } from '../auth/roles.ts';
import { pageNumber } from '../lib/page-number.ts';
import { recordId } from '../lib/record-id.ts';
import { sanitizePostHtml } from '../lib/sanitize.ts';
import { MediaError, mediaUrl, storeUploadedImage } from '../media/store.ts';
import { allLabels, listAdminPosts, postAuthors, postCountsByStatus } from '../posts/admin-list.ts';
import { clearAutosave, getAutosave, putAutosave } from '../posts/autosave.ts';
import { fromLocalInput, plannedPath, saveFromEditor } from '../posts/edit.ts';
import { htmlToMarkdown } from '../posts/html-markdown.ts';
import { markdownToHtml } from '../posts/markdown.ts';
import { notesIn } from '../posts/notes.ts';
import { findPostById, findPostsByIds, labelsOf } from '../posts/queries.ts';
import { PostInputError } from '../posts/save.ts';
import { returnToDraft } from '../posts/status.ts';
import { deleteTrashedPost, restorePost, trashPost } from '../posts/trash.ts';
import { PostPage } from '../posts/views/PostPage.tsx';
import type { Post, PostStatus } from '../storage/schema.ts';
import {
  actionFromForm,
  addressFields,
  type EditorFields,
  editorInput,
  emptyFields,
  type FormBody,
  fieldsFromForm,
  fieldsFromPost,
  str,
} from './editor-form.ts';
import { frame } from './page.ts';
import { EditorPage } from './views/EditorPage.tsx';
import { PostsListPage } from './views/PostsListPage.tsx';

const PER_PAGE = 20;
const STATUSES = ['draft', 'scheduled', 'published', 'trash'];

export function postAdminRoutes(deps: AppDeps) {
  const { db } = deps.store;
  const app = new Hono<AdminEnv>();
  app.use('*', requireUser('admin', 'author'));

  app.get('/', async (c) => {
    const user = viewer(c);
    const q = (name: string) => c.req.query(name)?.trim() ?? '';
    const status = STATUSES.includes(q('status')) ? q('status') : '';
    const seesAll = can(user, 'posts.any');
    const authorFilter = seesAll ? recordId(q('author')) || undefined : user.id;
    const page = pageNumber(q('page'));
    const kind = q('kind') === 'post' || q('kind') === 'page' ? (q('kind') as 'post' | 'page') : undefined;
    const [list, counts, labels, authors, chrome] = await Promise.all([
      listAdminPosts(db, {
        status: (status || undefined) as PostStatus | 'trash' | undefined,
        kind,
        label: q('label') || undefined,
        authorId: Number.isFinite(authorFilter) ? authorFilter : undefined,
        q: q('q'),
        limit: PER_PAGE,
        offset: (page - 1) * PER_PAGE,
      }),
      postCountsByStatus(db, seesAll ? undefined : user.id),
      allLabels(db),
      seesAll ? postAuthors(db) : Promise.resolve([]),
      deps.site.chrome(),
    ]);
    const current: Record<string, string> = {
      status,
      label: q('label'),
      author: seesAll ? q('author') : '',
      q: q('q'),
      kind: kind ?? '',
      page: String(page),
    };
    const url = (changes: Record<string, string | number | undefined>) => {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries({ ...current, ...changes })) {
        if (v !== undefined && v !== '' && !(k === 'page' && String(v) === '1')) params.set(k, String(v));
      }
      const s = params.toString();
      return s ? `/admin/posts?${s}` : '/admin/posts';
    };
    return c.html(
      <PostsListPage
        frame={await frame(c, deps)}
        data={{
          ...list,
          counts,
          filter: {
            status,
            label: current.label!,
            author: current.author!,
            q: current.q!,
            kind: current.kind!,
          },
          labels,
          authors,
          page,
          perPage: PER_PAGE,
          url,
        }}
        now={deps.now()}
        timeZone={chrome.settings.timeZone}
      />,
    );
  });

  app.get('/new', async (c) => {
    const kind = c.req.query('kind') === 'page' ? 'page' : 'post';
    return editor(c, undefined, emptyFields(kind));
  });

  app.post('/', async (c) => save(c, undefined));

  app.get('/:id{[0-9]+}/edit', async (c) => {
    const post = await editable(c);
    if (post instanceof Response) return post;
    const { settings } = await deps.site.chrome();
    const labels = (await labelsOf(db, [post.id])).get(post.id) ?? [];
    const autosave = await getAutosave(db, post.id);
    // Saving clears the autosave, so one still here was kept at or after the last save.
    const newer = autosave && autosave.savedAt >= post.updated_at ? autosave : undefined;
    const restoring = Boolean(newer) && c.req.query('autosave') !== undefined;
    const fields = restoring
      ? { ...fieldsFromPost(post, labels, settings.timeZone), ...newer!.fields }
      : fieldsFromPost(post, labels, settings.timeZone);
    return editor(
      c,
      post,
      fields as EditorFields,
      undefined,
      newer ? { savedAt: newer.savedAt, restored: restoring } : undefined,
    );
  });

  app.post('/:id{[0-9]+}', async (c) => {
    const post = await editable(c);
    if (post instanceof Response) return post;
    return save(c, post);
  });

  // Switching the editor between Markdown and HTML/Compose: the body in the other format, lossless.
  app.post('/convert', async (c) => {
    const form = (await c.req.parseBody()) as FormBody;
    const body = str(form.body);
    const from = str(form.from) === 'markdown' ? 'markdown' : 'html';
    const to = str(form.to) === 'markdown' ? 'markdown' : 'html';
    if (from === to) return c.json({ body: from === 'html' ? sanitizePostHtml(body) : body });
    return c.json({ body: to === 'markdown' ? htmlToMarkdown(body) : markdownToHtml(body) });
  });

  // The live preview: the body as it will be stored, and the path it will have.
  app.post('/preview', async (c) => {
    const form = (await c.req.parseBody({ all: true })) as FormBody;
    const fields = fieldsFromForm(form);
    const html =
      fields.format === 'html'
        ? (await import('../lib/sanitize.ts')).sanitizePostHtml(fields.body)
        : markdownToHtml(fields.body);
    const { settings } = await deps.site.chrome();
    return c.json({
      html,
      notes: notesIn(html).length,
      path: plannedPath(undefined, addressFields(fields), { timeZone: settings.timeZone, now: deps.now() }),
    });
  });

  // The whole post as readers will see it, from the form as it stands (nothing is saved).
  app.post('/preview-page', async (c) => {
    const form = (await c.req.parseBody({ all: true })) as FormBody;
    const fields = fieldsFromForm(form);
    const chrome = await deps.site.chrome();
    let input: Awaited<ReturnType<typeof editorInput>>;
    try {
      input = await editorInput(db, fields, undefined);
    } catch (err) {
      if (err instanceof PostInputError) return c.text(err.message, 400);
      throw err;
    }
    const body =
      input.format === 'markdown'
        ? markdownToHtml(input.body)
        : (await import('../lib/sanitize.ts')).sanitizePostHtml(input.body);
    let publishedAt = deps.now().toISOString();
    try {
      if (input.date) publishedAt = fromLocalInput(input.date, chrome.settings.timeZone);
    } catch {}
    const post = previewPost(
      fields,
      input,
      body,
      publishedAt,
      plannedPath(undefined, addressFields(fields), { timeZone: chrome.settings.timeZone, now: deps.now() }),
    );
    return c.html(previewPage(c, chrome, post, input.labels));
  });

  app.get('/:id{[0-9]+}/preview', async (c) => {
    const post = await editable(c);
    if (post instanceof Response) return post;
    const chrome = await deps.site.chrome();
    const labels = (await labelsOf(db, [post.id])).get(post.id) ?? [];
    return c.html(previewPage(c, chrome, post, labels));
  });

  // Autosave: a draft saves into itself (a new post becomes a draft); a public post keeps the text aside.
  app.post('/autosave', async (c) => autosave(c, undefined));
  app.post('/:id{[0-9]+}/autosave', async (c) => {
    const post = await editable(c);
    if (post instanceof Response) return post;
    return autosave(c, post);
  });

  app.post('/:id{[0-9]+}/autosave/discard', async (c) => {
    const post = await editable(c);
    if (post instanceof Response) return post;
    await clearAutosave(db, post.id);
    return c.redirect(`/admin/posts/${post.id}/edit`, 303);
  });

  app.post('/:id{[0-9]+}/trash', async (c) => {
    const post = await editable(c);
    if (post instanceof Response) return post;
    await trashPost(db, post.id, deps.now());
    return c.redirect('/admin/posts?done=trashed', 303);
  });

  app.post('/:id{[0-9]+}/restore', async (c) => {
    const post = await editable(c);
    if (post instanceof Response) return post;
    await restorePost(db, post.id);
    return c.redirect(`/admin/posts/${post.id}/edit?done=restored`, 303);
  });

  app.post('/:id{[0-9]+}/delete', async (c) => {
    const post = await editable(c);
    if (post instanceof Response) return post;
    if (!post.trashed_at) return c.text('Only a post in the trash can be deleted for good.', 409);
    await deleteTrashedPost(db, post.id);
    return c.redirect('/admin/posts?status=trash&done=deleted', 303);
  });

  app.post('/bulk', async (c) => {
    const user = viewer(c);
    const form = (await c.req.parseBody({ all: true })) as FormBody;
    const ids = ([] as unknown[])
      .concat(form.ids ?? [])
      .map((v) => recordId(String(v)))
      .filter((id) => id > 0);
    const bulk = str(form.bulk);
    const posts = await findPostsByIds(db, ids);
    for (const post of posts) {
      if (!canEditPost(user, post)) continue;
      if (bulk === 'trash') await trashPost(db, post.id, deps.now());
      else if (bulk === 'restore') await restorePost(db, post.id);
      else if (bulk === 'delete') await deleteTrashedPost(db, post.id);
      else if (bulk === 'draft') await returnToDraft(db, post.id);
    }
    const done =
      { trash: 'trashed', restore: 'restored', delete: 'deleted', draft: 'saved' }[bulk] ?? 'saved';
    const back = str(form.back);
    const target = back.startsWith('/admin/posts') ? back : '/admin/posts';
    return c.redirect(`${target}${target.includes('?') ? '&' : '?'}done=${done}`, 303);
  });

  /** The post named in the path, if this user may edit it; otherwise the response to send. */
  async function editable(c: Context<AdminEnv>): Promise<Post | Response> {
    const id = recordId(c.req.param('id'));
    const post = await findPostById(db, id);
    if (!post) return c.text('There is no such post.', 404);
    if (!canEditPost(viewer(c), post)) return c.text('You may edit only your own posts.', 403);
    return post;
  }

  async function save(c: Context<AdminEnv>, existing: Post | undefined) {
    const user = viewer(c);
    const form = (await c.req.parseBody({ all: true })) as FormBody;
    const fields = fieldsFromForm(form);
    if (existing?.trashed_at)
      return editor(
        c,
        existing,
        fields,
        'This post is in the trash: restore it before changing it.',
        undefined,
        409,
      );
    const { settings } = await deps.site.chrome();
    try {
      let uploaded: { src: string; mediaId: number } | undefined;
      const file = form.image_file;
      if (file instanceof File && file.size > 0) {
        const media = await storeUploadedImage(
          db,
          deps.config.mediaDir,
          new Uint8Array(await file.arrayBuffer()),
          {
            originalName: file.name,
            alt: fields.image_alt,
            caption: fields.image_caption,
            credit: fields.image_credit,
          },
          deps.now(),
        );
        uploaded = { src: mediaUrl(media.path), mediaId: media.id };
      }
      const input = await editorInput(db, fields, existing, uploaded);
      const post = await saveFromEditor(db, existing, input, actionFromForm(form), {
        timeZone: settings.timeZone,
        now: deps.now(),
        authorId: user.id,
      });
      await clearAutosave(db, post.id);
      const done =
        post.status === 'published'
          ? existing?.status === 'published'
            ? 'saved'
            : 'published'
          : post.status === 'scheduled'
            ? 'scheduled'
            : 'saved';
      return c.redirect(`/admin/posts/${post.id}/edit?done=${done}`, 303);
    } catch (err) {
      if (err instanceof PostInputError || err instanceof MediaError)
        return editor(c, existing, fields, err.message, undefined, 400);
      throw err;
    }
  }

  async function autosave(c: Context<AdminEnv>, existing: Post | undefined) {
    const user = viewer(c);
    const form = (await c.req.parseBody({ all: true })) as FormBody;
    const fields = fieldsFromForm(form);
    if (existing?.trashed_at) return c.json({ ok: false, message: 'This post is in the trash.' }, 409);
    const now = deps.now();
    if (existing && existing.status !== 'draft') {
      await putAutosave(db, existing.id, user.id, fields, now);
      return c.json({ ok: true, id: existing.id, savedAt: now.toISOString(), kept: 'aside' });
    }
    if (!fields.title.trim() && !fields.body.trim())
      return c.json({ ok: true, id: null, savedAt: null, kept: 'nothing' });
    const { settings } = await deps.site.chrome();
    try {
      const input = await editorInput(db, fields, existing);
      const post = await saveFromEditor(db, existing, input, 'draft', {
        timeZone: settings.timeZone,
        now,
        authorId: user.id,
      });
      return c.json({
        ok: true,
        id: post.id,
        savedAt: post.updated_at,
        kept: 'draft',
        editUrl: `/admin/posts/${post.id}/edit`,
        action: `/admin/posts/${post.id}`,
        path: post.path,
      });
    } catch (err) {
      if (err instanceof PostInputError) return c.json({ ok: false, message: err.message }, 400);
      throw err;
    }
  }

  async function editor(
    c: Context<AdminEnv>,
    post: Post | undefined,
    fields: EditorFields,
    error?: string,
    autosaved?: { savedAt: string; restored: boolean },
    status: 200 | 400 | 409 = 200,
  ) {
    const [f, labels, chrome] = await Promise.all([frame(c, deps), allLabels(db), deps.site.chrome()]);
    return c.html(
      <EditorPage
        frame={f}
        data={{
          post,
          fields,
          labels,
          path: plannedPath(post, addressFields(fields), {
            timeZone: chrome.settings.timeZone,
            now: deps.now(),
          }),
          timeZone: chrome.settings.timeZone,
          error,
          autosave: autosaved,
        }}
      />,
      status,
    );
  }

  function previewPage(
    c: Context<AdminEnv>,
    chrome: Awaited<ReturnType<AppDeps['site']['chrome']>>,
    post: Post,
    labels: string[],
  ) {
    c.header('x-robots-tag', 'noindex');
    return (
      <PostPage
        chrome={{ ...chrome, settings: { ...chrome.settings, title: `Preview · ${chrome.settings.title}` } }}
        data={{ post, labels, canonical: post.path }}
      />
    );
  }

  return app;
}

function previewPost(
  fields: EditorFields,
  input: Awaited<ReturnType<typeof editorInput>>,
  bodyHtml: string,
  publishedAt: string,
  path: string,
): Post {
  return {
    id: 0,
    kind: input.kind,
    status: 'draft',
    title: input.title || '(untitled)',
    slug: fields.slug,
    path,
    body_html: bodyHtml,
    body_source: null,
    excerpt: '',
    author_id: null,
    published_at: publishedAt,
    published_zone: null,
    created_at: publishedAt,
    updated_at: publishedAt,
    trashed_at: null,
    comment_policy: 'closed',
    image_src: input.image?.src ?? null,
    image_alt: input.image?.alt ?? null,
    image_caption: input.image?.caption ?? null,
    image_credit: input.image?.credit ?? null,
    image_media_id: null,
    source_title: input.source.title || null,
    source_authors: JSON.stringify(input.source.authors ?? []),
    source_outlet: input.source.outlet || null,
    source_date: input.source.date || null,
    source_url: input.source.url || null,
    external_id: null,
    import_hash: null,
  };
}
