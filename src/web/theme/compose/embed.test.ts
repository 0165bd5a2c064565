// The Embed button's address rule: page addresses of the big video sites become their players,
// player addresses on the sanitiser's hosts pass, and anything else is refused with the reason.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sanitizePostHtml } from '../../../lib/sanitize.ts';
import { embedAddress } from './embed.ts';

describe('embedAddress', () => {
  const src = (input: string) => {
    const found = embedAddress(input);
    assert.ok(found.ok, `${input}: ${found.ok ? '' : found.error}`);
    return found.src;
  };

  it('turns video pages into players', () => {
    assert.equal(
      src('https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42'),
      'https://www.youtube.com/embed/dQw4w9WgXcQ',
    );
    assert.equal(src('https://youtu.be/dQw4w9WgXcQ?si=abc'), 'https://www.youtube.com/embed/dQw4w9WgXcQ');
    assert.equal(
      src('https://m.youtube.com/shorts/aBcDeF12345'),
      'https://www.youtube.com/embed/aBcDeF12345',
    );
    assert.equal(src(' https://vimeo.com/76979871 '), 'https://player.vimeo.com/video/76979871');
    assert.equal(
      src('https://www.dailymotion.com/video/x8abc12'),
      'https://www.dailymotion.com/embed/video/x8abc12',
    );
  });

  it('takes player addresses on the allowed hosts as they are', () => {
    assert.equal(
      src('https://www.google.com/maps/embed?pb=!1m18'),
      'https://www.google.com/maps/embed?pb=!1m18',
    );
    assert.equal(src('http://player.vimeo.com/video/1'), 'https://player.vimeo.com/video/1');
  });

  it('refuses other sites and non-addresses, saying why', () => {
    const other = embedAddress('https://evil.example/player');
    assert.equal(other.ok, false);
    assert.match(other.ok ? '' : other.error, /evil\.example is not one of them/);
    const text = embedAddress('my video');
    assert.match(text.ok ? '' : text.error, /not a web address/);
    const js = embedAddress('javascript:alert(1)');
    assert.match(js.ok ? '' : js.error, /web addresses/);
  });

  it('gives what the server keeps', () => {
    const html = `<iframe src="${src('https://youtu.be/dQw4w9WgXcQ')}" width="560" height="315" title="Embedded video" allowfullscreen=""></iframe>`;
    assert.match(sanitizePostHtml(html), /<iframe src="https:\/\/www.youtube.com\/embed\/dQw4w9WgXcQ"/);
  });
});
