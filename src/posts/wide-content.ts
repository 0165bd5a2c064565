// Tables wider than a phone's column scroll inside a frame of their own instead of widening the
// page: each outermost <table> of a post body is wrapped in a focusable region (keyboard users
// can scroll it too). Code blocks need no wrapper: <pre> scrolls itself. The shadows that show
// there is more to the side are CSS (gloss.css, .scroll-x).

const TAG = /<(\/?)table\b[^>]*>/gi;

export function wrapWideContent(html: string): string {
  if (!/<table\b/i.test(html)) return html;
  let out = '';
  let depth = 0;
  let last = 0;
  for (const match of html.matchAll(TAG)) {
    const closing = match[1] === '/';
    if (!closing && depth++ === 0) {
      out += `${html.slice(last, match.index)}<div class="scroll-x" tabindex="0" role="region" aria-label="Table (scrolls sideways)">`;
      last = match.index;
    } else if (closing && depth > 0 && --depth === 0) {
      const end = match.index + match[0].length;
      out += `${html.slice(last, end)}</div>`;
      last = end;
    }
  }
  // An unclosed table (broken imported markup): the browser closes it at the end, and so do we.
  return depth > 0 ? `${out}${html.slice(last)}</div>` : out + html.slice(last);
}
