// bench/static.bench.ts's one new post between two exports: published now, with a label of the
// corpus, into the database at DATABASE_URL, as an editor writing one post would add it.
import { createPost } from '../../src/posts/save.ts';
import { openStore } from '../../src/storage/db.ts';

const store = await openStore(process.env.DATABASE_URL!);
const label = await store.db.selectFrom('labels').select('name').orderBy('id').limit(1).executeTakeFirst();
const post = await createPost(
  store.db,
  {
    title: 'One new post between two exports',
    bodyHtml: '<p>Written after the first mirror, to see what the next one rewrites.</p>',
    labels: label ? [label.name] : [],
  },
  'UTC',
);
console.log(post.path);
await store.close();
