import type { Child, FC } from 'hono/jsx';
import { CsrfField } from '../../auth/views/CsrfField.tsx';
import { type BlogSettings, HEADER_PAGES_DEFAULT } from '../../settings/settings.ts';
import { SIDEBAR_WIDGETS, timeZones } from '../../settings/validate.ts';
import { AdminLayout, type AdminPageProps } from './AdminLayout.tsx';

type Frame = Omit<AdminPageProps, 'title' | 'children'>;

/** The ids of the pages in the header now: the chosen ones, or the default few. */
function headerPageIds(s: BlogSettings, pages: { id: number }[]): number[] {
  return s.headerPages ?? pages.slice(0, HEADER_PAGES_DEFAULT).map((p) => p.id);
}

const Field: FC<{ label: string; hint?: string; error?: string; children: Child }> = ({
  label,
  hint,
  error,
  children,
}) => (
  // biome-ignore lint/a11y/noLabelWithoutControl: the control is the child passed in
  <label class={error ? 'field has-error' : 'field'}>
    {label}
    {hint && <span class="hint"> {hint}</span>}
    {children}
    {error && <span class="field-error">{error}</span>}
  </label>
);

/** A sidebar list's "show all or the top N" and "sort by name or by count" (the labels and sources widgets). */
const TopOrAllFields: FC<{
  name: 'labels' | 'sources';
  limit: number | null;
  defaultLimit: number;
  sort: 'name' | 'count';
  error?: string;
  words: { all: string; top: string; count: string };
}> = ({ name, limit, defaultLimit, sort, error, words }) => (
  <>
    <fieldset class="radio-set">
      <legend>Show</legend>
      <label class="check">
        <input type="radio" name={`${name}Show`} value="all" checked={limit === null} /> {words.all}
      </label>
      <label class="check">
        <input type="radio" name={`${name}Show`} value="top" checked={limit !== null} /> {words.top}
      </label>
      <Field label="How many" error={error}>
        <input type="number" name={`${name}Limit`} value={String(limit ?? defaultLimit)} min={1} max={1000} />
      </Field>
    </fieldset>
    <fieldset class="radio-set">
      <legend>Sort</legend>
      <label class="check">
        <input type="radio" name={`${name}Sort`} value="name" checked={sort === 'name'} /> Alphabetically
      </label>
      <label class="check">
        <input type="radio" name={`${name}Sort`} value="count" checked={sort === 'count'} /> {words.count}
      </label>
    </fieldset>
  </>
);

export interface SettingsPageProps {
  frame: Frame;
  settings: BlogSettings;
  errors: Record<string, string>;
  /** Every published page, by title: the header links are chosen from them. */
  pages: { id: number; title: string; path: string }[];
}

export const SettingsPage: FC<SettingsPageProps> = ({ frame, settings: s, errors, pages }) => (
  <AdminLayout
    {...frame}
    title="Settings"
    active="settings"
    actions={
      <button type="submit" form="settings-form" class="primary">
        Save settings
      </button>
    }
  >
    <form method="post" action="/admin/settings" class="settings-form" id="settings-form">
      <CsrfField token={frame.csrf} />
      <section class="panel settings-section">
        <div class="section-intro">
          <h2>The blog</h2>
          <p class="hint">What readers see in the masthead, the browser tab and feeds.</p>
        </div>
        <div class="section-fields">
          <Field label="Title" error={errors.title}>
            <input name="title" value={s.title} required maxlength={200} />
          </Field>
          <Field
            label="Description"
            hint="shown under the title and in the About box"
            error={errors.description}
          >
            <textarea name="description" rows={3}>
              {s.description}
            </textarea>
          </Field>
          <div class="field-row">
            <Field
              label="Time zone"
              hint="dates, archives and post addresses follow it"
              error={errors.timeZone}
            >
              <select name="timeZone">
                {timeZones().map((z) => (
                  <option value={z} selected={z === s.timeZone}>
                    {z.replace(/_/g, ' ')}
                  </option>
                ))}
              </select>
            </Field>
            <Field label="Language" hint="such as en or km" error={errors.language}>
              <input name="language" value={s.language} />
            </Field>
            <Field label="Posts per page" error={errors.postsPerPage}>
              <input type="number" name="postsPerPage" value={String(s.postsPerPage)} min={1} max={50} />
            </Field>
          </div>
          <Field
            label="Public address"
            hint="the address readers use, for links in feeds, mails and search engines; GLOSS_BASE_URL overrides it"
            error={errors.publicAddress}
          >
            <input
              type="url"
              name="publicAddress"
              value={s.publicAddress ?? ''}
              placeholder="https://blog.example"
            />
          </Field>
        </div>
      </section>

      <section class="panel settings-section">
        <div class="section-intro">
          <h2>Sidebar</h2>
          <p class="hint">Tick the boxes to show; the numbers set their order.</p>
        </div>
        <div class="section-fields widget-list">
          {SIDEBAR_WIDGETS.map((w, i) => {
            const at = s.sidebar.indexOf(w.key);
            return (
              <div class="widget-row">
                <label class="check">
                  <input type="checkbox" name="sidebar" value={w.key} checked={at >= 0} /> {w.label}
                </label>
                <label class="widget-at">
                  <span class="visually-hidden">Position of {w.label}</span>
                  <input
                    type="number"
                    name={`sidebar_at_${w.key}`}
                    value={String(at >= 0 ? at + 1 : SIDEBAR_WIDGETS.length + i + 1)}
                    min={1}
                    max={20}
                  />
                </label>
              </div>
            );
          })}
        </div>
      </section>

      <section class="panel settings-section">
        <div class="section-intro">
          <h2>Labels widget</h2>
          <p class="hint">Which labels the sidebar lists, in what order, and how.</p>
        </div>
        <div class="section-fields">
          <TopOrAllFields
            name="labels"
            limit={s.labelsLimit}
            defaultLimit={20}
            sort={s.labelsSort}
            error={errors.labelsLimit}
            words={{ all: 'All labels', top: 'The most used:', count: 'By number of posts' }}
          />
          <fieldset class="radio-set">
            <legend>Display</legend>
            <label class="check">
              <input type="radio" name="labelsStyle" value="list" checked={s.labelsStyle === 'list'} /> List
            </label>
            <label class="check">
              <input type="radio" name="labelsStyle" value="cloud" checked={s.labelsStyle === 'cloud'} />{' '}
              Cloud (sized by use)
            </label>
          </fieldset>
        </div>
      </section>

      <section class="panel settings-section">
        <div class="section-intro">
          <h2>Sources widget</h2>
          <p class="hint">Which outlets the sidebar lists; each links to its clippings at /source/.</p>
        </div>
        <div class="section-fields">
          <TopOrAllFields
            name="sources"
            limit={s.sourcesLimit}
            defaultLimit={10}
            sort={s.sourcesSort}
            error={errors.sourcesLimit}
            words={{ all: 'All outlets', top: 'The most clipped:', count: 'By number of clippings' }}
          />
        </div>
      </section>

      <section class="panel settings-section">
        <div class="section-intro">
          <h2>Header pages</h2>
          <p class="hint">
            The pages linked under the blog's title, after Home. Tick the ones to show; the numbers set their
            order. Keep them few: on a phone every link comes before the first post.
          </p>
        </div>
        <div class="section-fields widget-list">
          <input type="hidden" name="headerPagesListed" value="1" />
          {errors.headerPages && <p class="field-error">{errors.headerPages}</p>}
          {pages.length === 0 && <p class="hint">No pages are published yet.</p>}
          {pages.map((page) => {
            const at = headerPageIds(s, pages).indexOf(page.id);
            return (
              <div class="widget-row">
                <label class="check">
                  <input type="checkbox" name="headerPage" value={String(page.id)} checked={at >= 0} />{' '}
                  {page.title} <span class="hint">{page.path}</span>
                </label>
                <label class="widget-at">
                  <span class="visually-hidden">Position of {page.title}</span>
                  <input
                    type="number"
                    name={`headerPage_at_${page.id}`}
                    value={at >= 0 ? String(at + 1) : ''}
                    min={1}
                    max={1000}
                  />
                </label>
              </div>
            );
          })}
        </div>
      </section>

      <section class="panel settings-section">
        <div class="section-intro">
          <h2>Comments</h2>
          <p class="hint">The blog-wide policy; each post may choose its own in the editor.</p>
        </div>
        <div class="section-fields">
          <fieldset class="radio-set">
            <legend>Who may comment</legend>
            {(
              [
                ['open', 'Open', 'comments appear at once, unless the spam rules hold them'],
                ['moderated', 'Moderated', 'every comment waits for approval'],
                ['closed', 'Closed', 'no new comments; existing ones stay'],
              ] as const
            ).map(([value, label, hint]) => (
              <label class="check">
                <input type="radio" name="commentPolicy" value={value} checked={s.commentPolicy === value} />{' '}
                <strong>{label}</strong> <span class="hint">{hint}</span>
              </label>
            ))}
          </fieldset>
          <div class="field-row four">
            <Field label="Close comments after" hint="days; blank: never" error={errors.commentCloseDays}>
              <input
                type="number"
                name="commentCloseDays"
                value={s.commentCloseDays === null ? '' : String(s.commentCloseDays)}
                min={1}
              />
            </Field>
            <Field label="Links before a comment waits" error={errors.commentMaxLinks}>
              <input type="number" name="commentMaxLinks" value={String(s.commentMaxLinks)} min={0} />
            </Field>
            <Field label="Longest comment" hint="characters" error={errors.commentMaxLength}>
              <input type="number" name="commentMaxLength" value={String(s.commentMaxLength)} min={100} />
            </Field>
            <Field
              label="Reply depth shown"
              hint="levels; deeper replies show at the last one"
              error={errors.commentReplyDepth}
            >
              <input
                type="number"
                name="commentReplyDepth"
                value={String(s.commentReplyDepth)}
                min={1}
                max={10}
              />
            </Field>
          </div>
          <div class="field-row four">
            <Field label="Fastest human" hint="seconds from form to send" error={errors.commentMinSeconds}>
              <input type="number" name="commentMinSeconds" value={String(s.commentMinSeconds)} min={0} />
            </Field>
            <Field label="Comments per address" hint="per window" error={errors.commentLimitPerAddress}>
              <input
                type="number"
                name="commentLimitPerAddress"
                value={String(s.commentLimitPerAddress)}
                min={1}
              />
            </Field>
            <Field label="Comments for the blog" hint="per window" error={errors.commentLimitGlobal}>
              <input type="number" name="commentLimitGlobal" value={String(s.commentLimitGlobal)} min={1} />
            </Field>
            <Field label="Window" hint="minutes" error={errors.commentLimitWindowMinutes}>
              <input
                type="number"
                name="commentLimitWindowMinutes"
                value={String(s.commentLimitWindowMinutes)}
                min={1}
              />
            </Field>
          </div>
          <Field
            label="Blocklist"
            hint="one word, phrase, e-mail or web address, or IP address a line; matching comments go to spam"
            error={errors.commentBlocklist}
          >
            <textarea name="commentBlocklist" rows={4}>
              {s.commentBlocklist.join('\n')}
            </textarea>
          </Field>
          <input type="hidden" name="commentNotify" value="0" />
          <label class="check">
            <input type="checkbox" name="commentNotify" value="1" checked={s.commentNotify} /> E-mail the
            post's author about each new comment
          </label>
          <input type="hidden" name="behindProxy" value="0" />
          <label class="check">
            <input type="checkbox" name="behindProxy" value="1" checked={s.behindProxy} /> A reverse proxy in
            front of Gloss sets X-Forwarded-For <span class="hint">(leave unticked unless it does)</span>
          </label>
        </div>
      </section>

      <div class="form-foot">
        <button type="submit" class="primary">
          Save settings
        </button>
      </div>
    </form>
  </AdminLayout>
);
