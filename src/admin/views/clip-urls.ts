// The admin addresses of the clipping pages (public URLs live in src/web/urls.ts).
export const clipUrls = {
  form: () => '/admin/clip',
  snapshot: (id: number) => `/admin/clip/snapshots/${id}`,
  /** The admin editor of a post (src/admin). */
  editPost: (id: number) => `/admin/posts/${id}/edit`,
};
