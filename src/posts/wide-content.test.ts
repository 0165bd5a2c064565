import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { wrapWideContent } from './wide-content.ts';

const OPEN = '<div class="scroll-x" tabindex="0" role="region" aria-label="Table (scrolls sideways)">';

describe('wrapWideContent', () => {
  it('wraps each outermost table, and nothing else', () => {
    assert.equal(wrapWideContent('<p>No tables.</p>'), '<p>No tables.</p>');
    assert.equal(
      wrapWideContent(
        '<p>a</p><table class="x"><tr><td>1</td></tr></table><p>b</p><TABLE><tr><td>2</td></tr></TABLE>',
      ),
      `<p>a</p>${OPEN}<table class="x"><tr><td>1</td></tr></table></div><p>b</p>${OPEN}<TABLE><tr><td>2</td></tr></TABLE></div>`,
    );
  });

  it('leaves nested tables inside their parent’s frame', () => {
    const html = '<table><tr><td><table><tr><td>in</td></tr></table></td></tr></table>';
    assert.equal(wrapWideContent(html), `${OPEN}${html}</div>`);
  });

  it('closes the frame of an unclosed table and ignores a stray end tag', () => {
    assert.equal(wrapWideContent('<table><tr><td>1'), `${OPEN}<table><tr><td>1</div>`);
    assert.equal(wrapWideContent('</table><p>x</p>'), '</table><p>x</p>');
    assert.equal(wrapWideContent('<tablet>'), '<tablet>');
  });
});
