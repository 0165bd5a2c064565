// WordPress stores post text with bare line breaks and turns them into paragraphs only when it
// shows the post (wpautop). Gloss stores the HTML a reader sees, so the import does that once,
// step for step as WordPress's own wpautop (wp-includes/formatting.php) does it: every block
// element stands apart from the text around it, paragraphs are made of what lies between, and a
// single line break becomes <br> only inside a paragraph, never between or inside block
// elements (tables, lists, headings, blockquotes). Block-editor posts (<!-- wp:… -->) are shown
// by WordPress without wpautop, so they stay as written. [caption] becomes a <figure>; [embed] a
// link; other shortcodes stay as text (the summary counts them).

const ALL_BLOCKS =
  '(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|blockquote|address|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary)';
const OPEN_BLOCK = new RegExp(`(<${ALL_BLOCKS}[\\s/>])`, 'gi');
const CLOSE_BLOCK = new RegExp(`(</${ALL_BLOCKS}>)`, 'gi');
const P_AROUND_TAG = new RegExp(`<p>\\s*(</?${ALL_BLOCKS}[^>]*>)\\s*</p>`, 'gi');
const P_BEFORE_TAG = new RegExp(`<p>\\s*(</?${ALL_BLOCKS}[^>]*>)`, 'gi');
const P_AFTER_TAG = new RegExp(`(</?${ALL_BLOCKS}[^>]*>)\\s*</p>`, 'gi');
const BR_AFTER_TAG = new RegExp(`(</?${ALL_BLOCKS}[^>]*>)\\s*<br>`, 'gi');
const NEWLINE = '\u0001';

export function autop(text: string): string {
  if (!text.trim()) return '';
  let s = text.replace(/\r\n?/g, '\n');
  if (/<!--\s*wp:/.test(s)) return s.trim();
  // <pre> keeps its line breaks; it comes back untouched at the end.
  const kept: string[] = [];
  s = s.replace(/<pre[\s>][\s\S]*?<\/pre>/gi, (pre) => `<pre data-kept="${kept.push(pre) - 1}"></pre>`);
  s = `${s}\n`;
  s = s.replace(/<br\s*\/?>\s*<br\s*\/?>/gi, '\n\n');
  s = s.replace(OPEN_BLOCK, '\n\n$1').replace(CLOSE_BLOCK, '$1\n\n');
  s = s.replace(/(<hr\s*\/?>)/gi, '$1\n\n');
  // A line break inside a tag (between attributes) is no paragraph break.
  s = s.replace(/<[^>]*>/g, (tag) => tag.replace(/\n/g, NEWLINE));
  // Inside <script>, <style>, <svg> and <math> line breaks are code, not text.
  s = s.replace(/<(script|style|svg|math)\b[\s\S]*?<\/\1>/gi, (block) => block.replace(/\n/g, NEWLINE));
  if (s.includes('<figcaption')) {
    s = s.replace(/\s*(<figcaption[^>]*>)/gi, '$1').replace(/<\/figcaption>\s*/gi, '</figcaption>');
  }
  s = s.replace(/\n\n+/g, '\n\n');
  s = s
    .split(/\n\s*\n/)
    .filter((p) => p !== '')
    .map((p) => `<p>${p.replace(/^\n+|\n+$/g, '')}</p>\n`)
    .join('');
  s = s.replace(/<p>\s*<\/p>/g, '');
  s = s.replace(/<p>([^<]+)<\/(div|address|form)>/gi, '<p>$1</p></$2>');
  s = s.replace(P_AROUND_TAG, '$1');
  s = s.replace(/<p>(<li.+?)<\/p>/gi, '$1');
  s = s.replace(/<p><blockquote([^>]*)>/gi, '<blockquote$1><p>');
  s = s.replace(/<\/blockquote><\/p>/gi, '</p></blockquote>');
  s = s.replace(P_BEFORE_TAG, '$1');
  s = s.replace(P_AFTER_TAG, '$1');
  s = s.replace(/<br\s*\/?>/gi, '<br>');
  s = s.replace(/(?<!<br>)\s*\n/g, '<br>\n');
  s = s.replace(BR_AFTER_TAG, '$1');
  s = s.replace(/<br>(\s*<\/?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)/gi, '$1');
  s = s.replace(/\n<\/p>$/g, '</p>');
  s = s.replace(/<br>\n$/, '');
  s = s.replace(/<pre data-kept="(\d+)"><\/pre>/g, (_, i: string) => kept[Number(i)]!);
  return s.replaceAll(NEWLINE, '\n').trim();
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
