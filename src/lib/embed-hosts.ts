// The hosts whose embeds (iframes) a post may carry: the sanitiser keeps only these, the CSP's
// frame-src names them, and Compose's Embed button accepts them. No imports: Compose bundles it.
export const EMBED_HOSTS = [
  'www.youtube.com',
  'www.youtube-nocookie.com',
  'youtube.com',
  'player.vimeo.com',
  'www.facebook.com',
  'platform.twitter.com',
  'www.dailymotion.com',
  'w.soundcloud.com',
  'www.google.com',
  'docs.google.com',
  'www.blogger.com',
];
