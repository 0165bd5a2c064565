// WordPress stores post text with bare line breaks and turns them into paragraphs only when it
// shows the post (wpautop). Gloss stores the HTML a reader sees, so the import does that once:
// blank lines separate paragraphs, single line breaks become <br>, and blocks that are already
// HTML (block-editor markup, lists, tables, <pre>) stay as they are. [caption] becomes a
// <figure>; [embed] a link; other shortcodes stay as text (the summary counts them).

const BLOCK =
  /^<\/?(?:p|div|h[1-6]|ul|ol|li|dl|dd|dt|blockquote|pre|table|thead|tbody|tfoot|tr|td|th|figure|figcaption|hr|section|aside|article|header|footer|form|address|iframe|video|audio|script|style|details|summary|nav|!--)\b/i;

export function autop(text: string): string {
  if (!text.trim()) return '';
  // Keep <pre> blocks (their line breaks are meant) out of the way while paragraphs are made.
  const kept: string[] = [];
  const protectedText = text
    .replace(/\r\n?/g, '\n')
    .replace(/<pre[\s>][\s\S]*?<\/pre>/gi, (pre) => `\u0000${kept.push(pre) - 1}\u0000`);
  const chunks = protectedText.split(/\n\s*\n/);
  const html = chunks
    .map((chunk) => chunk.trim())
    .filter(Boolean)
    .map((chunk) => {
      if (/^\u0000\d+\u0000$/.test(chunk) || BLOCK.test(chunk)) return chunk;
      return `<p>${chunk.replace(/\n/g, '<br>\n')}</p>`;
    })
    .join('\n');
  return html.replace(/\u0000(\d+)\u0000/g, (_, i: string) => kept[Number(i)]!);
}

/** [caption …]<img …> Text[/caption] → <figure><img …><figcaption>Text</figcaption></figure>. */
export function captionShortcodes(html: string): string {
  return html
    .replace(/\[caption[^\]]*\]([\s\S]*?)\[\/caption\]/gi, (_, inner: string) => {
      const m = /^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*<\/a>)?)([\s\S]*)$/i.exec(inner);
      if (!m) return inner;
      const caption = m[2]!.trim();
      return `<figure>${m[1]}${caption ? `<figcaption>${caption}</figcaption>` : ''}</figure>`;
    })
    .replace(
      /\[embed\]([^[]+)\[\/embed\]/gi,
      (_, url: string) => `<a href="${url.trim()}">${url.trim()}</a>`,
    );
}

/** Shortcodes left in a body ([gallery], [audio]…), which Gloss cannot render. */
export function remainingShortcodes(html: string): string[] {
  const names = new Set<string>();
  for (const m of html.matchAll(/\[([a-z][a-z0-9_-]*)(?:\s[^\]]*)?\]/gi)) {
    const name = m[1]!.toLowerCase();
    if (
      [
        'gallery',
        'audio',
        'video',
        'playlist',
        'embed',
        'caption',
        'wp_caption',
        'contact-form',
        'contact-form-7',
      ].includes(name)
    ) {
      names.add(name);
    }
  }
  return [...names];
}
