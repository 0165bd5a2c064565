import type { FC } from 'hono/jsx';
import { CsrfField } from '../../auth/views/CsrfField.tsx';
import type { Post } from '../../storage/schema.ts';
import { type EditorFields, labelsOfField } from '../editor-form.ts';
import { readablePath, shortDateTime } from '../format.ts';
import { AdminLayout, type AdminPageProps } from './AdminLayout.tsx';
import { StatusBadge } from './StatusBadge.tsx';

type Frame = Omit<AdminPageProps, 'title' | 'children'>;

export interface EditorData {
  post?: Post;
  fields: EditorFields;
  labels: string[];
  /** Where the post lives (or will): shown under the slug. */
  path: string;
  timeZone: string;
  error?: string;
  /** Autosaved text newer than the stored post, offered for restoring. */
  autosave?: { savedAt: string; restored: boolean };
}

export const EditorPage: FC<{ frame: Frame; data: EditorData }> = ({ frame, data }) => {
  const { post, fields } = data;
  const isPage = fields.kind === 'page';
  const noun = isPage ? 'page' : 'post';
  const status = post?.status ?? 'draft';
  const isPublic = status !== 'draft';
  const action = post ? `/admin/posts/${post.id}` : '/admin/posts';
  return (
    <AdminLayout
      {...frame}
      notice={data.error ? { kind: 'error', text: data.error } : frame.notice}
      title={post ? `Edit ${noun}` : `New ${noun}`}
      active={post ? 'posts' : 'new'}
      scripts={['admin-editor.js', 'compose.js']}
      actions={
        post?.status === 'published' && !post.trashed_at ? (
          <a class="button" href={post.path} target="_blank" rel="noopener">
            View on the blog
          </a>
        ) : undefined
      }
    >
      {data.autosave && post && (
        <div class="notice notice-warn autosave-offer">
          {data.autosave.restored ? (
            <span>
              Showing the text autosaved {shortDateTime(data.autosave.savedAt, data.timeZone)}. Save to keep
              it, or <a href={`/admin/posts/${post.id}/edit`}>go back to the saved version</a>.
            </span>
          ) : (
            <span>
              There is autosaved text from {shortDateTime(data.autosave.savedAt, data.timeZone)}, newer than
              this version. <a href={`/admin/posts/${post.id}/edit?autosave=1`}>Restore it</a>
            </span>
          )}
          <button type="submit" form="discard-autosave-form" class="small">
            Discard it
          </button>
        </div>
      )}
      <form
        id="editor"
        class="editor"
        method="post"
        action={action}
        enctype="multipart/form-data"
        data-post-id={post ? String(post.id) : ''}
        data-status={status}
        data-zone={data.timeZone}
      >
        <CsrfField token={frame.csrf} />
        <input type="hidden" name="kind" value={fields.kind} />
        <div class="editor-main">
          <label for="title" class="visually-hidden">
            Title
          </label>
          <input
            id="title"
            name="title"
            class="title-input"
            value={fields.title}
            placeholder={isPage ? 'Page title' : 'Title'}
            autocomplete="off"
          />
          <div class="editor-bar">
            <div class="editor-tabs" role="tablist" aria-label="Editor view" hidden>
              <button type="button" role="tab" aria-selected="true" data-tab="write">
                Write
              </button>
              <button type="button" role="tab" aria-selected="false" data-tab="preview">
                Preview
              </button>
              <button type="button" role="tab" aria-selected="false" data-tab="split" class="tab-split">
                Side by side
              </button>
            </div>
            <label class="format-choice">
              <span>Format</span>
              <select name="format">
                {/* Compose (added by compose.js) writes HTML: a form sent back from it shows as HTML. */}
                <option value="markdown" selected={fields.format !== 'html' && fields.format !== 'compose'}>
                  Markdown
                </option>
                <option value="html" selected={fields.format === 'html' || fields.format === 'compose'}>
                  HTML
                </option>
              </select>
            </label>
          </div>
          <div class="editor-panes" data-view="write">
            <div class="pane pane-write">
              <label for="body" class="visually-hidden">
                Text
              </label>
              <textarea id="body" name="body" rows={24} class="body-input" spellcheck={true}>
                {fields.body}
              </textarea>
            </div>
            <section class="pane pane-preview" aria-live="polite" aria-label="Preview">
              <div class="preview-body post-body" />
            </section>
          </div>
          <details class="syntax-help">
            <summary>Writing help</summary>
            <dl>
              <dt>
                <code>[Is this the same scholar?]</code>
              </dt>
              <dd>A paragraph in square brackets is an editor's note, set apart from the quoted text.</dd>
              <dt>
                <code>Hun Sen [then prime minister] said</code>
              </dt>
              <dd>
                Brackets of three words or more inside a paragraph make an inline note; shorter ones, such as{' '}
                <code>[sic]</code> or <code>[1]</code>, stay as written.
              </dd>
              <dt>
                <code>\[3\]</code>
              </dt>
              <dd>A backslash keeps a bracket as it is.</dd>
              <dt>
                <code>*italic* **bold** [link](https://…) &gt; quote ## heading</code>
              </dt>
              <dd>The rest is Markdown.</dd>
            </dl>
          </details>
        </div>

        <div class="editor-side">
          <section class="panel publish-box" aria-labelledby="publish-h">
            <h2 id="publish-h">
              Publish <StatusBadge status={post?.trashed_at ? 'trash' : status} />
            </h2>
            <label>
              Date and time
              <input type="datetime-local" name="date" value={fields.date} step={1} />
              <span class="hint">
                {`In ${data.timeZone}. `}
                {isPublic
                  ? 'A future time schedules the post.'
                  : 'Blank: the moment you publish. A future time schedules it.'}
              </span>
            </label>
            <div class="button-row publish-buttons">
              {isPublic ? (
                <>
                  <button type="submit" name="action" value="save" class="primary">
                    {status === 'scheduled' ? 'Update schedule' : 'Update'}
                  </button>
                  {status === 'scheduled' && (
                    <button type="submit" name="action" value="publish" data-publish-now>
                      Publish now
                    </button>
                  )}
                  <button type="submit" name="action" value="draft">
                    Revert to draft
                  </button>
                </>
              ) : (
                <>
                  <button type="submit" name="action" value="publish" class="primary" data-publish>
                    Publish
                  </button>
                  <button type="submit" name="action" value="draft">
                    Save draft
                  </button>
                </>
              )}
              <button
                type="submit"
                name="action"
                value="preview"
                formaction="/admin/posts/preview-page"
                formtarget="_blank"
              >
                Preview
              </button>
            </div>
            <p class="autosave-status hint" aria-live="polite">
              {post ? `Last saved ${shortDateTime(post.updated_at, data.timeZone)}` : ''}
            </p>
          </section>

          <section class="panel" aria-labelledby="link-h">
            <h2 id="link-h">Permalink</h2>
            <label>
              Slug
              <input name="slug" value={fields.slug} placeholder="made from the title" autocomplete="off" />
            </label>
            <p class="path-preview">
              <code>{readablePath(data.path)}</code>
            </p>
          </section>

          <section class="panel" aria-labelledby="labels-h">
            <h2 id="labels-h">Labels</h2>
            {/* Each label is one token, sent whole as its own field, so a label holding a comma
                ("MVP, GWT, Java") survives an edit. Without script the tokens are checkboxes. */}
            <div class="label-tokens">
              <ul class="label-chips" aria-label="This post's labels">
                {labelsOfField(fields.labels).map((l) => (
                  <li>
                    <label class="label-chip">
                      <input type="checkbox" name="label" value={l} checked />
                      <span>{l}</span>
                    </label>
                  </li>
                ))}
              </ul>
              <label>
                <span class="visually-hidden">Add labels, separated by commas</span>
                <input
                  name="labels"
                  value=""
                  list="label-options"
                  autocomplete="off"
                  placeholder="Add a label"
                  class="label-entry"
                />
              </label>
            </div>
            <datalist id="label-options">
              {data.labels.map((l) => (
                <option value={l} />
              ))}
            </datalist>
            <span class="hint label-hint">Untick a label to remove it. New labels: separated by commas.</span>
          </section>

          <section class="panel image-panel" aria-labelledby="image-h">
            <h2 id="image-h">Lead image</h2>
            {fields.image_src && (
              <figure class="image-current">
                <img src={fields.image_src} alt={fields.image_alt} />
              </figure>
            )}
            <label>
              {fields.image_src ? 'Replace with a file' : 'Upload a file'}
              <input
                type="file"
                name="image_file"
                accept="image/jpeg,image/png,image/webp,image/gif,image/avif"
              />
            </label>
            <label>
              Image address <span class="hint">clear it to remove the image</span>
              <input name="image_src" value={fields.image_src} placeholder="https://…" autocomplete="off" />
            </label>
            <label>
              Alt text <span class="hint">what the picture shows</span>
              <input name="image_alt" value={fields.image_alt} />
            </label>
            <label>
              Caption
              <textarea name="image_caption" rows={2}>
                {fields.image_caption}
              </textarea>
            </label>
            <label>
              Credit
              <input name="image_credit" value={fields.image_credit} placeholder="Photo: …" />
            </label>
          </section>

          <section class="panel" aria-labelledby="source-h">
            <h2 id="source-h">Source</h2>
            <label>
              Original title <span class="hint">when it differs</span>
              <input name="source_title" value={fields.source_title} />
            </label>
            <label>
              Authors <span class="hint">separated by commas</span>
              <input name="source_authors" value={fields.source_authors} />
            </label>
            <label>
              Outlet
              <input name="source_outlet" value={fields.source_outlet} placeholder="Khmer Times" />
            </label>
            <label>
              Original date
              <input name="source_date" value={fields.source_date} placeholder="2017-07-31" />
            </label>
            <label>
              Link to the original
              <input type="url" name="source_url" value={fields.source_url} placeholder="https://…" />
            </label>
          </section>

          <section class="panel" aria-labelledby="comments-h">
            <h2 id="comments-h">Comments</h2>
            <label>
              <span class="visually-hidden">Comment policy</span>
              <select name="comment_policy">
                <option value="" selected={!fields.comment_policy}>
                  As the blog's settings say
                </option>
                <option value="open" selected={fields.comment_policy === 'open'}>
                  Open
                </option>
                <option value="moderated" selected={fields.comment_policy === 'moderated'}>
                  Moderated: each waits for approval
                </option>
                <option value="closed" selected={fields.comment_policy === 'closed'}>
                  Closed
                </option>
              </select>
            </label>
          </section>

          {post && !post.trashed_at && (
            <p class="trash-link">
              <button type="submit" form="trash-form" class="danger small">
                Move to trash
              </button>
            </p>
          )}
        </div>
      </form>
      {post && !post.trashed_at && (
        <form id="trash-form" method="post" action={`/admin/posts/${post.id}/trash`}>
          <CsrfField token={frame.csrf} />
        </form>
      )}
      {data.autosave && post && (
        <form id="discard-autosave-form" method="post" action={`/admin/posts/${post.id}/autosave/discard`}>
          <CsrfField token={frame.csrf} />
        </form>
      )}
    </AdminLayout>
  );
};
