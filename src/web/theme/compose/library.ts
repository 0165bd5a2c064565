// "From library": an image already in the media library put in this post without uploading it
// again. A dialog searches the library by caption, credit, alt text or file name
// (GET /admin/media/library.json), newest first; the chosen image's alt text, caption and credit
// are offered for this post (and may be changed here only), and it goes in with its srcset.
import type { BodyImageAttrs } from './nodes.ts';
import { el, imageDetailsDialog } from './upload.ts';

/** As the server's bodyImageOf answers it, with a small picture for the grid. */
interface LibraryItem {
  id: number;
  src: string;
  srcset: string | null;
  alt: string;
  caption: string;
  credit: string;
  width: number | null;
  height: number | null;
  thumb: string;
}

interface LibraryPage {
  items: LibraryItem[];
  total: number;
  page: number;
  perPage: number;
}

async function search(q: string, page: number): Promise<LibraryPage> {
  const res = await fetch(`/admin/media/library.json?${new URLSearchParams({ q, page: String(page) })}`, {
    credentials: 'same-origin',
    headers: { accept: 'application/json' },
  });
  if (res.status === 401)
    throw new Error('Your session has ended: sign in again in another tab, then retry.');
  if (!res.ok) throw new Error(`The library could not be read (${res.status}).`);
  return (await res.json()) as LibraryPage;
}

/** Lets the editor find and choose a library image; its attributes for this post, or null. */
export async function pickFromLibrary(): Promise<BodyImageAttrs | null> {
  const item = await chooseItem();
  if (!item) return null;
  const details = await imageDetailsDialog(item.thumb, 'Insert from the library', item);
  if (!details) return null;
  const { id: _id, thumb: _thumb, ...attrs } = item;
  return { ...attrs, ...details };
}

function chooseItem(): Promise<LibraryItem | null> {
  const query = el('input', {
    type: 'search',
    name: 'q',
    placeholder: 'Search captions and credits',
    autocomplete: 'off',
  });
  const status = el('p', { className: 'hint compose-library-status' });
  status.setAttribute('aria-live', 'polite');
  const grid = el('ul', { className: 'compose-library-grid' });
  const previous = el('button', { type: 'button', textContent: '← Newer', hidden: true });
  const next = el('button', { type: 'button', textContent: 'Older →', hidden: true });
  const cancel = el('button', { type: 'button', textContent: 'Cancel' });
  const dialog = el(
    'dialog',
    { className: 'compose-dialog compose-library' },
    el('h2', { textContent: 'Insert from the library' }),
    el('label', {}, el('span', { className: 'visually-hidden', textContent: 'Search the library' }), query),
    status,
    grid,
    el('div', { className: 'button-row' }, previous, next, cancel),
  );
  document.body.append(dialog);

  let resolve: (value: LibraryItem | null) => void = () => {};
  const done = (value: LibraryItem | null) => {
    dialog.close();
    dialog.remove();
    resolve(value);
  };
  function card(item: LibraryItem) {
    const words = item.caption || item.alt || 'No caption';
    const button = el(
      'button',
      { type: 'button', className: 'compose-library-item', title: words },
      el('img', { src: item.thumb, alt: '', loading: 'lazy' }),
      el('span', { className: 'compose-library-caption', textContent: words }),
      ...(item.credit ? [el('span', { className: 'compose-library-credit', textContent: item.credit })] : []),
    );
    button.dataset.src = item.src;
    button.addEventListener('click', () => done(item));
    return el('li', {}, button);
  }
  let page = 1;
  let asked = 0;
  async function load() {
    const ticket = ++asked;
    status.textContent = 'Looking…';
    try {
      const found = await search(query.value.trim(), page);
      if (ticket !== asked) return; // a later search has been typed meanwhile
      grid.replaceChildren(...found.items.map(card));
      const q = query.value.trim();
      status.textContent =
        found.total === 0
          ? q
            ? `No image matches “${q}”.`
            : 'The library is empty: upload an image with the Image button first.'
          : `${found.total} image${found.total === 1 ? '' : 's'}${q ? ` matching “${q}”` : ''}. Choose one.`;
      previous.hidden = page <= 1;
      next.hidden = page * found.perPage >= found.total;
    } catch (err) {
      if (ticket === asked) status.textContent = (err as Error).message;
    }
  }

  return new Promise((settle) => {
    resolve = settle;
    let timer: ReturnType<typeof setTimeout> | undefined;
    query.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        page = 1;
        void load();
      }, 250);
    });
    query.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') e.preventDefault();
    });
    previous.addEventListener('click', () => {
      page--;
      void load();
    });
    next.addEventListener('click', () => {
      page++;
      void load();
    });
    cancel.addEventListener('click', () => done(null));
    dialog.addEventListener('cancel', () => done(null));
    dialog.showModal();
    query.focus();
    void load();
  });
}
