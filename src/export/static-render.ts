// Rendering a batch of planned pages, on the main thread or in a render worker: the batch's posts
// are read whole in one query, each page is rendered with the blog's views and finished for the
// mirror. A batch carries the bulk data its pages need, so a worker reads nothing else in bulk.
import { approvedFirstPages } from '../comments/thread.ts';
import type { MirrorData } from './static-data.ts';
import { fullPosts } from './static-data.ts';
import type { Finisher } from './static-finish.ts';
import { type PageInputs, renderListing, renderPost } from './static-pages.tsx';
import type { PlannedListing, PlannedPage, PlannedPost } from './static-plan.ts';

export interface RenderBatch {
  pages: (PlannedPost | PlannedListing)[];
  /** Labels and approved comments of the batch's posts. */
  labels: [number, string[]][];
  approved: [number, number][];
}

export interface RenderedPage {
  url: string;
  print: string;
  html: string;
}

/** The batches of the pages to render, with the data each needs. */
export function renderBatches(pages: PlannedPage[], data: MirrorData, size: number): RenderBatch[] {
  const batches: RenderBatch[] = [];
  const renderable = pages.filter((p): p is PlannedPost | PlannedListing => p.kind !== 'fetch');
  for (let i = 0; i < renderable.length; i += size) {
    const slice = renderable.slice(i, i + size);
    const ids = idsIn(slice);
    batches.push({
      pages: slice,
      labels: ids.map((id) => [id, data.labels.get(id) ?? []]),
      approved: ids.map((id) => [id, data.approved.get(id) ?? 0]),
    });
  }
  return batches;
}

/** Renders a batch, handing each page on as soon as it is made (so none outlives its writing). */
export async function renderBatch(
  inputs: PageInputs,
  batch: RenderBatch,
  finisher: Finisher,
  made: (page: RenderedPage) => void | Promise<void>,
): Promise<void> {
  const posts = await fullPosts(
    inputs.db,
    batch.pages.flatMap((p) => (p.kind === 'post' ? [p.post.id] : [])),
    batch.pages.flatMap((p) => (p.kind === 'listing' ? p.posts.map((post) => post.id) : [])),
  );
  const labels = new Map(batch.labels);
  const approved = new Map(batch.approved);
  const threads = await approvedFirstPages(
    inputs.db,
    batch.pages.flatMap((p) => (p.kind === 'post' && approved.get(p.post.id) ? [p.post.id] : [])),
  );
  for (const page of batch.pages) {
    let html: string;
    if (page.kind === 'post') {
      const post = posts.get(page.post.id)!;
      html = await renderPost(inputs, {
        post,
        labels: labels.get(post.id) ?? [],
        older: page.older,
        newer: page.newer,
        count: approved.get(post.id) ?? 0,
        thread: threads.get(post.id) ?? { rows: [], page: 1, pages: 1, count: 0 },
      });
    } else {
      const ids = page.posts.map((p) => p.id);
      html = await renderListing(inputs, {
        ...page,
        posts: ids.map((id) => posts.get(id)!),
        labels: new Map(ids.map((id) => [id, labels.get(id) ?? []])),
        comments: new Map(ids.map((id) => [id, approved.get(id) ?? 0])),
      });
    }
    await made({ url: page.url, print: page.print, html: finisher.finish(html, page.url) });
  }
}

function idsIn(pages: (PlannedPost | PlannedListing)[]): number[] {
  const ids = new Set<number>();
  for (const page of pages) {
    if (page.kind === 'post') ids.add(page.post.id);
    else for (const p of page.posts) ids.add(p.id);
  }
  return [...ids];
}
