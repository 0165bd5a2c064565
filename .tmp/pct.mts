import { createApp } from '/work/i12/src/app.tsx';
import { loadConfig } from '/work/i12/src/config.ts';
import { freshDatabase } from '/work/i12/test/helpers/databases.ts';
import { seedEmptyBlog } from '/work/i12/src/clippings/seed.ts';
const d = await freshDatabase('sqlite');
await seedEmptyBlog(d.store.db, new Date());
const { app } = createApp({ store: d.store, config: loadConfig({}, process.cwd()) });
for (const p of ['/2017/07/a%ff.html', '/2017/07/a%00.html', '/%', '/search?q=%ff', '/search?q=%', '/search?q=a%00b', '/label/%ff', '/feeds/posts/default?alt=%ff', '/admin/login?next=%ff', '/?updated-max=%ff', '/media/%ff', '/assets/%ff', '/comments/1%ff', '/2017/', '/2017/07/%25s%25s.html', '/search/label/%E0%A4%A', '/?m=%ff','/feeds/posts/default/-/%ff', '/2017/07/a%2500.html', '/p/%ff.html']) {
  const r = await app.request('http://blog.test' + p);
  console.log(r.status, p);
}
await d.drop();
