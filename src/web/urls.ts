// Every public URL is built here (posts carry their own stored path, built in posts/paths.ts).

export const urls = {
  home: () => '/',
  post: (post: { path: string }) => post.path,
  label: (name: string) => `/search/label/${encodeURIComponent(name)}`,
  /** Clippings by outlet (and writer), names percent-encoded as labels are. */
  sources: () => '/source/',
  source: (outlet: string) => `/source/${segment(outlet)}/`,
  sourceAuthor: (outlet: string, author: string) => `/source/${segment(outlet)}/${segment(author)}/`,
  sourceFeed: (outlet: string, author?: string) =>
    `/feeds/source/${segment(outlet)}${author === undefined ? '' : `/${segment(author)}`}`,
  year: (year: string) => `/${year}/`,
  month: (year: string, month: string) => `/${year}/${month}/`,
  search: (q?: string) => (q ? `/search?q=${encodeURIComponent(q)}` : '/search'),
  /** Blogger's paging: the same listing, older than (updated-max) or newer than (updated-min) an instant. */
  older: (listing: string, before: string, max: number) =>
    `${listing}${listing.includes('?') ? '&' : '?'}updated-max=${encodeURIComponent(before)}&max-results=${max}`,
  newer: (listing: string, after: string, max: number) =>
    `${listing}${listing.includes('?') ? '&' : '?'}updated-min=${encodeURIComponent(after)}&max-results=${max}`,
  feedAtom: () => '/feeds/posts/default',
  feedRss: () => '/feeds/posts/default?alt=rss',
  feedJson: () => '/feed.json',
  labelFeed: (name: string) => `/feeds/posts/default/-/${encodeURIComponent(name)}`,
  commentsFeed: () => '/feeds/comments/default',
  postCommentsFeed: (postId: number) => `/feeds/${postId}/comments/default`,
  comments: (post: { path: string }) => `${post.path}#comments`,
  /** A comment's stable address (Blogger's form): the post page opens on the comment's page. */
  comment: (post: { path: string }, commentId: number) =>
    `${post.path}?showComment=${commentId}#c${commentId}`,
  commentPage: (post: { path: string }, page: number) =>
    page <= 1 ? `${post.path}#comments` : `${post.path}?commentPage=${page}#comments`,
  commentPost: (postId: number) => `/comments/${postId}`,
  reply: (post: { path: string }, commentId: number) => `${post.path}?replyTo=${commentId}#comment-form`,
  subscribe: () => '/subscriptions',
  subscriptionConfirm: (token: string) => `/subscriptions/confirm?token=${encodeURIComponent(token)}`,
  subscriptionManage: (token: string) => `/subscriptions/manage?token=${encodeURIComponent(token)}`,
  unsubscribe: (token: string) => `/subscriptions/unsubscribe?token=${encodeURIComponent(token)}`,
  replyConfirm: (token: string) => `/subscriptions/replies/confirm?token=${encodeURIComponent(token)}`,
  replyUnsubscribe: (token: string) =>
    `/subscriptions/replies/unsubscribe?token=${encodeURIComponent(token)}`,
  /** Where an outlet's WebSub hub verifies and pushes (the token is the subscription's secret address). */
  websubCallback: (sourceId: number, token: string) => `/websub/${sourceId}/${token}`,
  asset: (name: string) => `/assets/${name}`,
  adminLogin: () => '/admin/login',
  setup: (token: string) => `/admin/setup?token=${encodeURIComponent(token)}`,
};

/** A name as one path segment: percent-encoded UTF-8, and never "." or "..", which browsers resolve away. */
function segment(name: string): string {
  const encoded = encodeURIComponent(name);
  return /^\.+$/.test(encoded) ? encoded.replaceAll('.', '%2E') : encoded;
}

export function absoluteUrl(base: string, path: string): string {
  return new URL(path, `${base}/`).toString();
}
