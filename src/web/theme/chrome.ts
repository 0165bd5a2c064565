// The theme's view of a blog: the settings it reads and the data around every public page.

/** What the theme reads of the blog's settings; the blog's own settings type has more. */
export interface ThemeSettings {
  title: string;
  description: string;
  language: string;
  /** Sidebar widgets in order: 'search', 'about', 'follow', 'archive', 'labels', 'sources', 'feeds'. */
  sidebar: readonly string[];
  /** The labels widget: all labels or the N most used, sorted by name or count, a list or a cloud. */
  labelsLimit: number | null;
  labelsSort: 'name' | 'count';
  labelsStyle: 'list' | 'cloud';
  /** The sources widget: all outlets or the N most clipped, sorted by name or count. */
  sourcesLimit: number | null;
  sourcesSort: 'name' | 'count';
}

/** What every public page shows around its content: settings, sidebar, the pages in the header. */
export interface Chrome<S extends ThemeSettings = ThemeSettings> {
  settings: S;
  sidebar: SidebarData;
  /** The pages linked in the header, already chosen and ordered by the blog's settings. */
  pages: { title: string; path: string }[];
}

export interface SidebarData {
  archive: { year: string; month: string; count: number }[];
  labels: { name: string; count: number }[];
  /** The outlets of published clippings, with how many came from each. */
  sources: { name: string; count: number }[];
}
