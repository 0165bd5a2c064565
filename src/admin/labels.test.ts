// Labels through the editor: each label is one token, sent whole, so opening and saving a post
// never splits or changes a label (an imported "MVP, GWT, Java" stays one label and its label
// page keeps the post); unticking removes a label, typed labels are split at commas.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { form, ORIGIN, type SignedIn, signedInAs } from '../../test/helpers/admin.ts';
import { eachDatabase } from '../../test/helpers/databases.ts';
import { createApp } from '../app.tsx';
import { loadConfig } from '../config.ts';
import { decodeEntities } from '../lib/html.ts';
import { labelsOf } from '../posts/queries.ts';
import { createPost } from '../posts/save.ts';
import type { Store } from '../storage/db.ts';
import { labelsFromForm, labelsOfField } from './editor-form.ts';

type App = ReturnType<typeof createApp>['app'];

/** The fields a browser would send for the form as the page shows it (checked boxes only). */
function formFields(html: string): [string, string][] {
  const editor = /<form[^>]*id="editor"[\s\S]*?<\/form>/.exec(html)?.[0] ?? '';
  const fields: [string, string][] = [];
  for (const m of editor.matchAll(/<input\b([^>]*)>/g)) {
    const attrs = m[1]!;
    const name = /\bname="([^"]*)"/.exec(attrs)?.[1];
    const type = /\btype="([^"]*)"/.exec(attrs)?.[1] ?? 'text';
    if (!name || type === 'file' || type === 'submit') continue;
    if ((type === 'checkbox' || type === 'radio') && !/\bchecked\b/.test(attrs)) continue;
    fields.push([name, decodeEntities(/\bvalue="([^"]*)"/.exec(attrs)?.[1] ?? '')]);
  }
  for (const m of editor.matchAll(/<textarea\b[^>]*\bname="([^"]*)"[^>]*>([\s\S]*?)<\/textarea>/g)) {
    fields.push([m[1]!, decodeEntities(m[2]!)]);
  }
  for (const m of editor.matchAll(/<select\b[^>]*\bname="([^"]*)"[^>]*>([\s\S]*?)<\/select>/g)) {
    const chosen = /<option\b[^>]*value="([^"]*)"[^>]*selected/.exec(m[2]!)?.[1] ?? '';
    fields.push([m[1]!, decodeEntities(chosen)]);
  }
  return fields;
}

it('reads kept labels whole and splits only typed ones', () => {
  assert.deepEqual(labelsFromForm({ label: ['MVP, GWT, Java', 'Java'], labels: 'Go, Rust; Java' }), [
    'MVP, GWT, Java',
    'Java',
    'Go',
    'Rust',
  ]);
  assert.deepEqual(labelsFromForm({ label: 'One, two' }), ['One, two']);
  assert.deepEqual(labelsOfField('MVP, GWT, Java\nJava\n\n'), ['MVP, GWT, Java', 'Java']);
});

eachDatabase('labels in the editor', (getStore) => {
  let store: Store;
  let app: App;
  let ed: SignedIn;

  before(async () => {
    store = getStore();
    ({ app } = createApp({ store, config: loadConfig({}, process.cwd()) }));
    ed = await signedInAs(store, 'owner');
  });

  const save = (id: number, fields: [string, string][]) => {
    const body = form(ed);
    for (const [name, value] of fields) if (name !== '_csrf' && name !== 'action') body.append(name, value);
    body.set('action', 'save');
    return app.request(`${ORIGIN}/admin/posts/${id}`, { method: 'POST', headers: ed.headers, body });
  };

  it('keeps an imported label holding commas through opening and saving the post', async () => {
    const post = await createPost(
      store.db,
      {
        kind: 'post',
        status: 'published',
        title: 'GWT for a Java shop',
        bodyHtml: '<p>Text.</p>',
        publishedAt: '2012-03-04T05:06:07.000Z',
        labels: ['MVP, GWT, Java', 'Ajax & <Web>'],
      },
      'UTC',
    );
    const labelPage = `${ORIGIN}/search/label/${encodeURIComponent('MVP, GWT, Java')}`;
    assert.match(await (await app.request(labelPage)).text(), /GWT for a Java shop/);

    const page = await (
      await app.request(`${ORIGIN}/admin/posts/${post.id}/edit`, { headers: { cookie: ed.cookie } })
    ).text();
    const fields = formFields(page);
    assert.deepEqual(
      fields
        .filter(([n]) => n === 'label')
        .map(([, v]) => v)
        .sort(),
      ['Ajax & <Web>', 'MVP, GWT, Java'],
    );
    const res = await save(post.id, fields);
    assert.equal(res.status, 303, await res.clone().text());
    assert.deepEqual((await labelsOf(store.db, [post.id])).get(post.id)?.sort(), [
      'Ajax & <Web>',
      'MVP, GWT, Java',
    ]);
    const names = await store.db.selectFrom('labels').select('name').orderBy('name').execute();
    assert.deepEqual(
      names.map((l) => l.name),
      ['Ajax & <Web>', 'MVP, GWT, Java'],
      'no label made of the pieces',
    );
    assert.match(await (await app.request(labelPage)).text(), /GWT for a Java shop/);

    // Unticking one label and typing two new ones.
    const next = fields
      .filter(([n, v]) => !(n === 'label' && v === 'Ajax & <Web>'))
      .map(([n, v]): [string, string] => [n, n === 'labels' ? 'Go, Rust' : v]);
    assert.equal((await save(post.id, next)).status, 303);
    assert.deepEqual((await labelsOf(store.db, [post.id])).get(post.id)?.sort(), [
      'Go',
      'MVP, GWT, Java',
      'Rust',
    ]);
  });
});
