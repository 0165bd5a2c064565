// Gloss's own parts of a post, as the editor's schema: the editor's note as a block and as an
// inline mark (stored as <aside class="editor-note"><p>… and <span class="editor-note">…, exactly
// as posts/notes.ts writes them), and a body image with its caption and credit.
import { Mark, mergeAttributes, Node } from '@tiptap/core';
import { BODY_IMAGE_SIZES } from '../image-sizes.ts';

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    editorNote: {
      toggleNoteBlock: () => ReturnType;
      toggleNoteMark: () => ReturnType;
    };
    bodyImage: {
      /** Puts the image at `range` (a point, or a selection it replaces). */
      insertBodyImage: (attrs: BodyImageAttrs, range: { from: number; to: number }) => ReturnType;
    };
  }
}

export const NoteBlock = Node.create({
  name: 'noteBlock',
  group: 'block',
  content: 'paragraph',
  defining: true,
  parseHTML() {
    return [{ tag: 'aside.editor-note' }];
  },
  renderHTML() {
    return ['aside', { class: 'editor-note' }, 0];
  },
  addCommands() {
    return {
      toggleNoteBlock:
        () =>
        ({ commands, editor }) =>
          editor.isActive('noteBlock') ? commands.lift('noteBlock') : commands.wrapIn('noteBlock'),
    };
  },
  addKeyboardShortcuts() {
    return { 'Mod-Shift-e': () => this.editor.commands.toggleNoteBlock() };
  },
});

export const NoteMark = Mark.create({
  name: 'noteMark',
  // Typing on after a note leaves it: the note ends where the editor stopped marking.
  inclusive: false,
  parseHTML() {
    return [{ tag: 'span.editor-note' }];
  },
  renderHTML() {
    return ['span', { class: 'editor-note' }, 0];
  },
  addCommands() {
    return {
      toggleNoteMark:
        () =>
        ({ commands }) =>
          commands.toggleMark('noteMark'),
    };
  },
  addKeyboardShortcuts() {
    return { 'Mod-e': () => this.editor.commands.toggleNoteMark() };
  },
});

export interface BodyImageAttrs {
  src: string;
  srcset?: string | null;
  width?: string | number | null;
  height?: string | number | null;
  alt?: string | null;
  caption?: string | null;
  credit?: string | null;
}

function captionOf(figure: HTMLElement): { caption: string | null; credit: string | null } {
  const figcaption = figure.querySelector('figcaption');
  if (!figcaption) return { caption: null, credit: null };
  const credit = figcaption.querySelector('.credit');
  const creditText = credit?.textContent?.trim() || null;
  const clone = figcaption.cloneNode(true) as HTMLElement;
  clone.querySelector('.credit')?.remove();
  return { caption: clone.textContent?.trim() || null, credit: creditText };
}

/** An image in the body: <figure><img srcset width height alt><figcaption>… <span class="credit">. */
export const BodyImage = Node.create({
  name: 'bodyImage',
  group: 'block',
  atom: true,
  draggable: true,
  addAttributes() {
    return {
      src: { default: null },
      srcset: { default: null },
      width: { default: null },
      height: { default: null },
      alt: { default: null },
      caption: { default: null },
      credit: { default: null },
    };
  },
  parseHTML() {
    return [
      {
        tag: 'figure',
        getAttrs: (el) => {
          const img = (el as HTMLElement).querySelector('img');
          if (!img?.getAttribute('src')) return false;
          return {
            src: img.getAttribute('src'),
            srcset: img.getAttribute('srcset'),
            width: img.getAttribute('width'),
            height: img.getAttribute('height'),
            alt: img.getAttribute('alt'),
            ...captionOf(el as HTMLElement),
          };
        },
      },
      {
        tag: 'img[src]',
        getAttrs: (el) => {
          const img = el as HTMLElement;
          return {
            src: img.getAttribute('src'),
            srcset: img.getAttribute('srcset'),
            width: img.getAttribute('width'),
            height: img.getAttribute('height'),
            alt: img.getAttribute('alt'),
          };
        },
      },
    ];
  },
  renderHTML({ node }) {
    const a = node.attrs as BodyImageAttrs;
    const img = [
      'img',
      mergeAttributes({
        src: a.src,
        ...(a.srcset ? { srcset: a.srcset, sizes: BODY_IMAGE_SIZES } : {}),
        ...(a.width ? { width: String(a.width) } : {}),
        ...(a.height ? { height: String(a.height) } : {}),
        alt: a.alt ?? '',
      }),
    ] as const;
    if (!a.caption && !a.credit) return ['figure', img];
    const caption: unknown[] = ['figcaption'];
    if (a.caption) caption.push(a.caption);
    if (a.caption && a.credit) caption.push(' ');
    if (a.credit) caption.push(['span', { class: 'credit' }, a.credit]);
    return ['figure', img, caption] as never;
  },
  addCommands() {
    return {
      insertBodyImage:
        (attrs, range) =>
        ({ commands }) =>
          commands.insertContentAt(range, { type: this.name, attrs }),
    };
  },
});

export interface EmbedAttrs {
  src: string;
  width?: string | null;
  height?: string | null;
  title?: string | null;
  allowfullscreen?: string | null;
}

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    embed: {
      insertEmbed: (attrs: EmbedAttrs) => ReturnType;
    };
  }
}

/**
 * An embedded player (<iframe>) as the sanitiser keeps it: YouTube, Vimeo and the other EMBED_HOSTS.
 * Shown live in the editor, under a cover that makes a click select it (to move or delete it)
 * rather than start the video.
 */
export const Embed = Node.create({
  name: 'embed',
  group: 'block',
  atom: true,
  draggable: true,
  addAttributes() {
    return {
      src: { default: null },
      width: { default: null },
      height: { default: null },
      title: { default: null },
      allowfullscreen: { default: null },
    };
  },
  parseHTML() {
    return [
      {
        tag: 'iframe[src]',
        getAttrs: (el) => {
          const frame = el as HTMLElement;
          return {
            src: frame.getAttribute('src'),
            width: frame.getAttribute('width'),
            height: frame.getAttribute('height'),
            title: frame.getAttribute('title'),
            allowfullscreen: frame.hasAttribute('allowfullscreen') ? '' : null,
          };
        },
      },
    ];
  },
  renderHTML({ node }) {
    const a = node.attrs as EmbedAttrs;
    const attrs: Record<string, string> = { src: a.src };
    if (a.width) attrs.width = a.width;
    if (a.height) attrs.height = a.height;
    if (a.title) attrs.title = a.title;
    if (a.allowfullscreen !== null && a.allowfullscreen !== undefined) attrs.allowfullscreen = '';
    return ['iframe', attrs];
  },
  addNodeView() {
    return ({ node }) => {
      const a = node.attrs as EmbedAttrs;
      const dom = document.createElement('div');
      dom.className = 'compose-embed';
      const frame = document.createElement('iframe');
      frame.src = a.src;
      frame.title = a.title || 'Embedded player';
      frame.setAttribute('loading', 'lazy');
      frame.tabIndex = -1;
      const label = document.createElement('span');
      label.className = 'compose-embed-label';
      let host = a.src;
      try {
        host = new URL(a.src).hostname.replace(/^www\./, '');
      } catch {}
      label.textContent = `Embedded from ${host}`;
      dom.append(frame, label);
      return { dom };
    };
  },
  addCommands() {
    return {
      insertEmbed:
        (attrs) =>
        ({ commands }) =>
          commands.insertContent({ type: this.name, attrs }),
    };
  },
});
