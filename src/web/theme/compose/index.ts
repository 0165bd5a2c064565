// Compose: the admin's rich editor (Tiptap on ProseMirror), bundled by esbuild into compose.js.
// It takes over the body textarea of the post form: the textarea stays the field that is sent,
// autosaved and restored (admin-editor.js), kept in step with the editor on every change. Without
// JavaScript the textarea is simply there. Switching to Markdown or HTML goes through the server's
// lossless converter (POST /admin/posts/convert).
import { Editor, Extension } from '@tiptap/core';
import { Table, TableCell, TableHeader, TableRow } from '@tiptap/extension-table';
import { CharacterCount, Placeholder } from '@tiptap/extensions';
import { NodeSelection, type Transaction } from '@tiptap/pm/state';
import StarterKit from '@tiptap/starter-kit';
import { embedAddress } from './embed.ts';
import { pickFromLibrary } from './library.ts';
import { BodyImage, type BodyImageAttrs, Embed, NoteBlock, NoteMark } from './nodes.ts';
import { cleanPastedHtml } from './paste.ts';
import { askImageDetails, uploadImage } from './upload.ts';

// Tables without the inline widths Tiptap writes (style="min-width…"): the CSP allows no inline styles.
const PlainTable = Table.extend({
  renderHTML({ HTMLAttributes }) {
    return ['table', HTMLAttributes, ['tbody', 0]];
  },
}).configure({ resizable: false });

type Format = 'compose' | 'markdown' | 'html';

function mount(form: HTMLFormElement, textarea: HTMLTextAreaElement, select: HTMLSelectElement) {
  const csrf = document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')?.content ?? '';
  const panes = form.querySelector<HTMLElement>('.editor-panes');
  const tabs = form.querySelector<HTMLElement>('.editor-tabs');
  const help = form.querySelector<HTMLElement>('.syntax-help');

  const option = new Option('Compose', 'compose');
  select.prepend(option);

  const shell = document.createElement('div');
  shell.className = 'compose';
  const toolbar = document.createElement('div');
  toolbar.className = 'compose-toolbar';
  toolbar.setAttribute('role', 'toolbar');
  toolbar.setAttribute('aria-label', 'Formatting');
  const surface = document.createElement('div');
  surface.className = 'compose-surface post-body';
  const status = document.createElement('div');
  status.className = 'compose-status hint';
  status.setAttribute('aria-live', 'polite');
  const words = document.createElement('span');
  const progress = document.createElement('span');
  progress.className = 'compose-progress';
  status.append(words, progress);
  shell.append(toolbar, surface, status);
  (panes ?? textarea).before(shell);

  const LinkKey = Extension.create({
    name: 'linkKey',
    addKeyboardShortcuts() {
      return {
        'Mod-k': () => {
          askLink();
          return true;
        },
      };
    },
  });

  const editor = new Editor({
    element: surface,
    injectCSS: false,
    extensions: [
      StarterKit.configure({
        heading: { levels: [2, 3, 4] },
        link: {
          openOnClick: false,
          autolink: true,
          linkOnPaste: true,
          defaultProtocol: 'https',
          // Plain links as Gloss stores them; the sanitiser adds rel=noopener to external ones.
          HTMLAttributes: { target: null, rel: null },
        },
        codeBlock: {},
      }),
      NoteBlock,
      NoteMark,
      BodyImage,
      Embed,
      PlainTable,
      TableRow,
      TableHeader,
      TableCell,
      CharacterCount,
      Placeholder.configure({ placeholder: 'Write, or paste an article…' }),
      LinkKey,
    ],
    content: '',
    editorProps: {
      attributes: { 'aria-label': 'Text', role: 'textbox', 'aria-multiline': 'true', spellcheck: 'true' },
      transformPastedHTML: cleanPastedHtml,
      handlePaste: (_view, event) => takeImages(event.clipboardData?.files),
      handleDrop: (_view, event) => takeImages((event as DragEvent).dataTransfer?.files),
    },
    onUpdate: () => sync(),
    onTransaction: () => refreshToolbar(),
  });

  function sync() {
    textarea.value = editor.isEmpty ? '' : editor.getHTML();
    textarea.dispatchEvent(new Event('input', { bubbles: true }));
    words.textContent = `${editor.storage.characterCount.words()} words`;
  }

  // ---- the toolbar ----
  type Button = {
    label: string;
    title: string;
    run: () => unknown;
    active?: () => boolean;
    /** Whether the command applies where the cursor is; the button is disabled otherwise. */
    can?: () => boolean;
  };
  type Group = { buttons: Button[]; label?: string; onlyIn?: string };
  const inTable = () => editor.isActive('table');
  const buttons: Button[][] = [
    [
      {
        label: 'H2',
        title: 'Heading (## )',
        run: () => editor.chain().focus().toggleHeading({ level: 2 }).run(),
        active: () => editor.isActive('heading', { level: 2 }),
      },
      {
        label: 'H3',
        title: 'Subheading (### )',
        run: () => editor.chain().focus().toggleHeading({ level: 3 }).run(),
        active: () => editor.isActive('heading', { level: 3 }),
      },
    ],
    [
      {
        label: 'B',
        title: 'Bold (Ctrl+B)',
        run: () => editor.chain().focus().toggleBold().run(),
        active: () => editor.isActive('bold'),
      },
      {
        label: 'I',
        title: 'Italic (Ctrl+I)',
        run: () => editor.chain().focus().toggleItalic().run(),
        active: () => editor.isActive('italic'),
      },
      { label: 'Link', title: 'Link (Ctrl+K)', run: askLink, active: () => editor.isActive('link') },
    ],
    [
      {
        label: '• List',
        title: 'Bulleted list (- )',
        run: () => editor.chain().focus().toggleBulletList().run(),
        active: () => editor.isActive('bulletList'),
      },
      {
        label: '1. List',
        title: 'Numbered list (1. )',
        run: () => editor.chain().focus().toggleOrderedList().run(),
        active: () => editor.isActive('orderedList'),
      },
      {
        label: '“ Quote',
        title: 'Quote (> )',
        run: () => editor.chain().focus().toggleBlockquote().run(),
        active: () => editor.isActive('blockquote'),
      },
    ],
    [
      {
        label: 'Note',
        title: "Editor's note, a paragraph of its own (Ctrl+Shift+E)",
        run: () => editor.chain().focus().toggleNoteBlock().run(),
        active: () => editor.isActive('noteBlock'),
      },
      {
        label: 'Inline note',
        title: "Editor's note inside a sentence (Ctrl+E)",
        run: () => editor.chain().focus().toggleNoteMark().run(),
        active: () => editor.isActive('noteMark'),
      },
    ],
    [
      { label: 'Image', title: 'Insert an image (or drop or paste one)', run: pickImage },
      {
        label: 'From library',
        title: 'Insert an image already in the media library',
        run: insertFromLibrary,
      },
      {
        label: 'Embed',
        title: 'Embed a video or player (YouTube, Vimeo…) by its address',
        run: askEmbed,
      },
      {
        label: 'Table',
        title: 'Insert a table',
        run: () => editor.chain().focus().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run(),
        can: () => !inTable(),
      },
      {
        label: '―',
        title: 'Horizontal rule (---)',
        run: () => editor.chain().focus().setHorizontalRule().run(),
      },
    ],
    [
      { label: '↶', title: 'Undo (Ctrl+Z)', run: () => editor.chain().focus().undo().run() },
      { label: '↷', title: 'Redo (Ctrl+Shift+Z)', run: () => editor.chain().focus().redo().run() },
    ],
  ];
  // Shown while the cursor is in a table: its rows and columns.
  const tableTools: Button[] = [
    {
      label: '+ Row',
      title: 'Add a row below',
      run: () => editor.chain().focus().addRowAfter().run(),
      can: () => editor.can().addRowAfter(),
    },
    {
      label: '− Row',
      title: 'Remove this row',
      run: () => editor.chain().focus().deleteRow().run(),
      can: () => editor.can().deleteRow(),
    },
    {
      label: '+ Column',
      title: 'Add a column to the right',
      run: () => editor.chain().focus().addColumnAfter().run(),
      can: () => editor.can().addColumnAfter(),
    },
    {
      label: '− Column',
      title: 'Remove this column',
      run: () => editor.chain().focus().deleteColumn().run(),
      can: () => editor.can().deleteColumn(),
    },
    {
      label: 'Header row',
      title: 'Make the first row a header, or a plain row',
      run: () => editor.chain().focus().toggleHeaderRow().run(),
      active: () => inTable() && headerRow(),
      can: () => editor.can().toggleHeaderRow(),
    },
    {
      label: 'Delete table',
      title: 'Remove the whole table',
      run: () => editor.chain().focus().deleteTable().run(),
      can: () => editor.can().deleteTable(),
    },
  ];
  const groups: Group[] = [
    ...buttons.map((b) => ({ buttons: b })),
    { buttons: tableTools, label: 'Table', onlyIn: 'table' },
  ];
  /** Whether the first row of the table holding the cursor is a header row. */
  function headerRow(): boolean {
    const { $from } = editor.state.selection;
    for (let depth = $from.depth; depth > 0; depth--) {
      const node = $from.node(depth);
      if (node.type.name === 'table') return node.firstChild?.firstChild?.type.name === 'tableHeader';
    }
    return false;
  }
  const pressed: [HTMLButtonElement, () => boolean][] = [];
  const usable: [HTMLButtonElement, () => boolean][] = [];
  const contextual: [HTMLElement, string][] = [];
  for (const group of groups) {
    const box = document.createElement('div');
    box.className = 'compose-group';
    if (group.label) {
      box.setAttribute('role', 'group');
      box.setAttribute('aria-label', group.label);
      box.dataset.group = group.label;
    }
    if (group.onlyIn) {
      box.hidden = true;
      contextual.push([box, group.onlyIn]);
    }
    for (const b of group.buttons) {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = b.label;
      button.title = b.title;
      button.setAttribute('aria-label', b.title);
      button.dataset.cmd = b.label;
      button.addEventListener('mousedown', (e) => e.preventDefault()); // keep the selection
      button.addEventListener('click', () => b.run());
      if (b.active) {
        button.setAttribute('aria-pressed', 'false');
        pressed.push([button, b.active]);
      }
      if (b.can) usable.push([button, b.can]);
      box.append(button);
    }
    toolbar.append(box);
  }
  function refreshToolbar() {
    for (const [button, active] of pressed) button.setAttribute('aria-pressed', String(active()));
    for (const [button, can] of usable) button.disabled = !can();
    for (const [box, node] of contextual) box.hidden = !editor.isActive(node);
  }
  refreshToolbar();

  function askLink() {
    const current = editor.getAttributes('link').href as string | undefined;
    const url = window.prompt('Link to (empty removes the link):', current ?? 'https://');
    if (url === null) return;
    const chain = editor.chain().focus().extendMarkRange('link');
    if (!url.trim() || url.trim() === 'https://') chain.unsetLink().run();
    else chain.setLink({ href: url.trim() }).run();
  }

  function askEmbed() {
    const input = window.prompt('Address of the video or player (YouTube, Vimeo, Dailymotion…):', 'https://');
    if (input === null || !input.trim() || input.trim() === 'https://') return;
    const found = embedAddress(input);
    if (!found.ok) {
      window.alert(found.error);
      return;
    }
    editor
      .chain()
      .focus()
      .insertEmbed({
        src: found.src,
        width: '560',
        height: '315',
        title: 'Embedded video',
        allowfullscreen: '',
      })
      .run();
  }

  // ---- images ----
  const fileInput = document.createElement('input');
  fileInput.type = 'file';
  fileInput.accept = 'image/jpeg,image/png,image/webp,image/gif,image/avif';
  fileInput.hidden = true;
  fileInput.className = 'compose-file';
  shell.append(fileInput);
  fileInput.addEventListener('change', () => {
    takeImages(fileInput.files);
    fileInput.value = '';
  });
  function pickImage() {
    fileInput.click();
  }

  /** An image already in the library, put in without uploading it again. */
  function insertFromLibrary() {
    const place = insertionPoint();
    void pickFromLibrary()
      .then((attrs) => {
        if (attrs) place.insert(attrs);
      })
      .finally(place.release);
  }

  function takeImages(files: FileList | null | undefined): boolean {
    const images = Array.from(files ?? []).filter((f) => f.type.startsWith('image/'));
    if (!images.length) return false;
    const place = insertionPoint();
    void (async () => {
      try {
        for (const file of images) {
          const details = await askImageDetails(file);
          if (!details) continue;
          try {
            progress.textContent = 'Uploading… 0%';
            const attrs = await uploadImage(file, details, csrf, (f) => {
              progress.textContent = `Uploading… ${Math.round(f * 100)}%`;
            });
            progress.textContent = '';
            place.insert(attrs);
          } catch (err) {
            progress.textContent = (err as Error).message;
            progress.classList.add('warn');
          }
        }
      } finally {
        place.release();
      }
    })();
    return true;
  }

  /**
   * Where chosen, pasted or dropped images go: the selection as it was when they came, followed
   * through every edit made while the dialog is open and the upload runs (so typing on meanwhile
   * does not move them), and never over a selected image: a new image goes after it. Each image
   * lands after the one before.
   */
  function insertionPoint() {
    const { selection } = editor.state;
    const overImage = selection instanceof NodeSelection && selection.node.type.name === 'bodyImage';
    let from = overImage ? selection.to : selection.from;
    let to = selection.to;
    const follow = ({ transaction }: { transaction: Transaction }) => {
      from = transaction.mapping.map(from, 1);
      to = Math.max(from, transaction.mapping.map(to, 1));
    };
    editor.on('transaction', follow);
    return {
      insert(attrs: BodyImageAttrs) {
        editor.chain().focus().insertBodyImage(attrs, { from, to }).run();
        from = to; // the next image goes after this one, replacing nothing
      },
      release: () => editor.off('transaction', follow),
    };
  }

  // ---- modes: Compose, Markdown, HTML ----
  let mode: Format = 'markdown';
  function show(next: Format) {
    mode = next;
    const composing = next === 'compose';
    shell.hidden = !composing;
    if (panes) panes.hidden = composing;
    if (tabs) tabs.hidden = composing;
    if (help) help.hidden = next !== 'markdown';
  }

  async function convert(body: string, from: 'markdown' | 'html', to: 'markdown' | 'html'): Promise<string> {
    if (from === to) return body;
    const res = await fetch('/admin/posts/convert', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'x-csrf-token': csrf, accept: 'application/json' },
      body: new URLSearchParams({ body, from, to }),
    });
    if (!res.ok) throw new Error(`The text could not be converted (${res.status}).`);
    return ((await res.json()) as { body: string }).body;
  }

  select.addEventListener('change', async () => {
    const next = select.value as Format;
    const from = mode === 'markdown' ? 'markdown' : 'html';
    const to = next === 'markdown' ? 'markdown' : 'html';
    select.disabled = true;
    try {
      const body = await convert(textarea.value, from, to);
      textarea.value = body;
      if (next === 'compose') editor.commands.setContent(body, { emitUpdate: false });
      show(next);
      textarea.dispatchEvent(new Event('input', { bubbles: true }));
    } catch (err) {
      select.value = mode;
      window.alert((err as Error).message);
    } finally {
      select.disabled = false;
    }
  });

  // New posts and HTML posts open in Compose; a Markdown post stays in Markdown until switched.
  if (select.value === 'html' || !textarea.value.trim()) {
    select.value = 'compose';
    editor.commands.setContent(textarea.value, { emitUpdate: false });
    words.textContent = `${editor.storage.characterCount.words()} words`;
    show('compose');
  } else {
    show(select.value as Format);
  }
  form.dataset.compose = 'ready';
}

// Last, once every module-level value above exists (a table extension read before its line runs
// is undefined in the bundle, and Tiptap drops an undefined extension without a word).
const form = document.getElementById('editor') as HTMLFormElement | null;
const textarea = form?.querySelector<HTMLTextAreaElement>('textarea[name="body"]');
const select = form?.querySelector<HTMLSelectElement>('select[name="format"]');
if (form && textarea && select) mount(form, textarea, select);
