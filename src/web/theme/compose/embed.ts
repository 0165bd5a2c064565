// The Embed button's address rule: a YouTube, Vimeo or Dailymotion page address becomes its player
// address; an address already on one of the hosts the sanitiser keeps (EMBED_HOSTS) is taken as
// it is; anything else is refused with the reason, as the server would drop it on save.
import { EMBED_HOSTS } from '../../../lib/embed-hosts.ts';

export type EmbedAddress = { ok: true; src: string } | { ok: false; error: string };

export function embedAddress(input: string): EmbedAddress {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return { ok: false, error: 'That is not a web address: paste the whole address, https:// included.' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return { ok: false, error: 'Embeds come from web addresses (https://…).' };
  const host = url.hostname.replace(/^m\./, 'www.');
  const id = (re: RegExp, text: string) => re.exec(text)?.[1];
  const youtube =
    host === 'youtu.be'
      ? id(/^\/([\w-]{6,})/, url.pathname)
      : /(^|\.)youtube\.com$/.test(host)
        ? (url.searchParams.get('v') ?? id(/^\/(?:shorts|live|embed)\/([\w-]{6,})/, url.pathname))
        : undefined;
  if (youtube) return { ok: true, src: `https://www.youtube.com/embed/${youtube}` };
  const vimeo = /(^|\.)vimeo\.com$/.test(host) ? id(/^\/(?:video\/)?(\d+)/, url.pathname) : undefined;
  if (vimeo) return { ok: true, src: `https://player.vimeo.com/video/${vimeo}` };
  const dailymotion = /(^|\.)dailymotion\.com$/.test(host)
    ? id(/^\/(?:embed\/)?video\/(\w+)/, url.pathname)
    : undefined;
  if (dailymotion) return { ok: true, src: `https://www.dailymotion.com/embed/video/${dailymotion}` };
  if (EMBED_HOSTS.includes(url.hostname)) return { ok: true, src: url.href.replace(/^http:/, 'https:') };
  return {
    ok: false,
    error: `Gloss embeds YouTube, Vimeo and Dailymotion videos, and players from ${EMBED_HOSTS.filter((h) => !/youtube|vimeo|dailymotion/.test(h)).join(', ')}; ${url.hostname} is not one of them. Link to it instead.`,
  };
}
