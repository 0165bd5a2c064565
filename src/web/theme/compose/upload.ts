// Body images: the file is chosen (button), dropped or pasted; the editor asks for its alt text
// (required), caption and credit, uploads it to /admin/media with a progress bar, and inserts the
// stored image with its srcset and size.
import type { BodyImageAttrs } from './nodes.ts';

export interface ImageDetails {
  alt: string;
  caption: string;
  credit: string;
}

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Record<string, unknown> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

/** Asks for alt text, caption and credit; null when cancelled. */
export async function askImageDetails(file: File): Promise<ImageDetails | null> {
  const src = URL.createObjectURL(file);
  try {
    return await imageDetailsDialog(src, 'Add an image');
  } finally {
    URL.revokeObjectURL(src);
  }
}

/** The details dialog over a picture at `src`, filled with what is known of it already. */
export function imageDetailsDialog(
  src: string,
  heading: string,
  known: Partial<ImageDetails> = {},
): Promise<ImageDetails | null> {
  const preview = el('img', { src, alt: '', className: 'compose-dialog-preview' });
  const alt = el('textarea', { name: 'alt', required: true, rows: 2, value: known.alt ?? '' });
  const caption = el('input', { name: 'caption', value: known.caption ?? '' });
  const credit = el('input', { name: 'credit', placeholder: 'Photo: …', value: known.credit ?? '' });
  const insert = el('button', {
    type: 'submit',
    className: 'primary',
    value: 'insert',
    textContent: 'Insert image',
  });
  const cancel = el('button', { type: 'button', textContent: 'Cancel' });
  const form = el(
    'form',
    { method: 'dialog' },
    el('h2', { textContent: heading }),
    preview,
    el(
      'label',
      {},
      'Alt text ',
      el('span', { className: 'hint', textContent: 'what the picture shows, for readers who cannot see it' }),
      alt,
    ),
    el('label', {}, 'Caption', caption),
    el('label', {}, 'Credit', credit),
    el('div', { className: 'button-row' }, insert, cancel),
  );
  const dialog = el('dialog', { className: 'compose-dialog' }, form);
  document.body.append(dialog);
  return new Promise((resolve) => {
    const done = (value: ImageDetails | null) => {
      dialog.close();
      dialog.remove();
      resolve(value);
    };
    cancel.addEventListener('click', () => done(null));
    dialog.addEventListener('cancel', () => done(null));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (!alt.value.trim()) {
        alt.setCustomValidity('Describe the picture in a few words.');
        alt.reportValidity();
        return;
      }
      done({ alt: alt.value.trim(), caption: caption.value.trim(), credit: credit.value.trim() });
    });
    alt.addEventListener('input', () => alt.setCustomValidity(''));
    dialog.showModal();
    alt.focus();
  });
}

/** Uploads with progress (0–1) reported; the stored image's attributes, or an Error with the server's reason. */
export function uploadImage(
  file: File,
  details: ImageDetails,
  csrf: string,
  onProgress: (fraction: number) => void,
): Promise<BodyImageAttrs> {
  const body = new FormData();
  body.append('file', file, file.name || 'pasted-image.png');
  body.append('alt', details.alt);
  body.append('caption', details.caption);
  body.append('credit', details.credit);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/admin/media');
    xhr.setRequestHeader('x-csrf-token', csrf);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.responseType = 'json';
    xhr.upload.addEventListener('progress', (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    });
    xhr.addEventListener('load', () => {
      const data = xhr.response as (BodyImageAttrs & { error?: string }) | null;
      if (xhr.status === 200 && data?.src) resolve(data);
      else if (xhr.status === 401)
        reject(new Error('Your session has ended: sign in again in another tab, then retry.'));
      else reject(new Error(data?.error ?? `The upload failed (${xhr.status}).`));
    });
    xhr.addEventListener('error', () => reject(new Error('The upload failed: is the connection down?')));
    xhr.send(body);
  });
}
