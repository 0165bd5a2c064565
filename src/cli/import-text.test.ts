// `gloss import text` in process on both databases: the post is stored in Markdown (the editor's
// format) rendering to the same page as the parser's own HTML, credited to the owner or to
// --author EMAIL, published or (--draft) a draft; an unknown author is a clear error.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type DatabaseKind, freshDatabase, postgresProblem } from '../../test/helpers/databases.ts';
import { createUser } from '../auth/users.ts';
import { parsePastedText } from '../clippings/pasted-text.ts';
import { pastedBodyHtml, pastedMarkdown } from '../clippings/store-pasted.ts';
import { sanitizePostHtml } from '../lib/sanitize.ts';
import { main } from '../main.ts';
import { markdownToHtml } from '../posts/markdown.ts';
import type { CliIO } from './command.ts';

const FIXTURES = path.resolve('test/fixtures/pasted');
const ARTICLE = path.join(FIXTURES, 'inline-notes.txt');

async function gloss(args: string[], env: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    readStdin: async () => '',
    isTTY: false,
    env: { ...process.env, ...env },
    cwd: process.cwd(),
  };
  const code = await main(args, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

it('stores every pasted fixture as Markdown that renders as the parser reads it', () => {
  const same = (html: string) =>
    html
      .replace(/\n/g, '')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'");
  for (const file of fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.txt'))) {
    const clip = parsePastedText(fs.readFileSync(path.join(FIXTURES, file), 'utf8'));
    assert.equal(
      same(markdownToHtml(pastedMarkdown(clip))),
      same(sanitizePostHtml(pastedBodyHtml(clip))),
      file,
    );
  }
  const tricky = parsePastedText(
    'Title\n\n1. Not a list *or* emphasis_here_ <b>tag</b> & [sic]\n# not a heading',
  );
  assert.match(
    markdownToHtml(pastedMarkdown(tricky)),
    /^<p>1\. Not a list \*or\* emphasis_here_ &lt;b&gt;tag&lt;\/b&gt; &amp; \[sic\]<\/p>\n<p># not a heading<\/p>/,
  );
});

for (const kind of ['sqlite', 'postgres'] as DatabaseKind[]) {
  const skip =
    kind === 'postgres' && process.env.CI !== 'true' ? process.env.GLOSS_TEST_POSTGRES_PROBLEM : undefined;
  describe(`gloss import text [${kind}]`, {
    skip: skip ? `PostgreSQL is not reachable (${skip})` : false,
  }, () => {
    let db: Awaited<ReturnType<typeof freshDatabase>>;
    let env: Record<string, string>;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gloss-text-'));
    before(async () => {
      if (kind === 'postgres') {
        const problem = await postgresProblem();
        if (problem) throw new Error(`PostgreSQL is required under CI=true: ${problem}`);
      }
      db = await freshDatabase(kind);
      env = { DATABASE_URL: db.url, GLOSS_MEDIA_DIR: dir };
    });
    after(async () => {
      await db?.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    });
    const stored = (p: string) =>
      db.store.db.selectFrom('posts').selectAll().where('path', '=', p).executeTakeFirstOrThrow();

    it('stores without an author while the blog has no owner, and says so', async () => {
      const r = await gloss(['import', 'text', ARTICLE], env);
      assert.equal(r.code, 0, r.err);
      assert.match(r.err, /without an author/);
      const post = await stored(r.out.trim());
      assert.equal(post.author_id, null);
      assert.equal(post.status, 'published');
      assert.ok(post.body_source, 'stored with its Markdown source');
      assert.equal(post.body_html, markdownToHtml(post.body_source!));
    });

    it('credits the owner by default, --author EMAIL otherwise, and --draft keeps it unpublished', async () => {
      const owner = await createUser(db.store.db, {
        email: 'owner@example.org',
        name: 'Sok Dara',
        role: 'owner',
        password: 'a long enough password',
      });
      const writer = await createUser(db.store.db, {
        email: 'writer@example.org',
        name: 'Kim Sok',
        role: 'author',
        password: 'a long enough password',
      });
      const byOwner = await gloss(['import', 'text', ARTICLE], env);
      assert.equal(byOwner.code, 0, byOwner.err);
      assert.match(byOwner.err, /by Sok Dara, published/);
      assert.equal((await stored(byOwner.out.trim())).author_id, owner.id);

      const draft = await gloss(
        ['import', 'text', ARTICLE, '--author', 'Writer@Example.org', '--draft'],
        env,
      );
      assert.equal(draft.code, 0, draft.err);
      assert.match(draft.err, /by Kim Sok, a draft/);
      const post = await stored(draft.out.trim());
      assert.equal(post.author_id, writer.id);
      assert.equal(post.status, 'draft');
    });

    it('refuses an author nobody is', async () => {
      const r = await gloss(['import', 'text', ARTICLE, '--author', 'nobody@example.org'], env);
      assert.equal(r.code, 1);
      assert.match(r.err, /no user has the e-mail address nobody@example\.org/i);
    });

    it('tells the options in --help', async () => {
      const r = await gloss(['import', 'text', '--help'], env);
      assert.equal(r.code, 0);
      assert.match(r.out, /--author EMAIL/);
      assert.match(r.out, /--draft/);
    });
  });
}
