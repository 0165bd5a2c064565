import type { FC } from 'hono/jsx';

// Small line icons (24×24, stroked), drawn here so the admin needs no icon font or image requests.
const PATHS: Record<string, string> = {
  home: 'M3 11.5 12 4l9 7.5M5.5 9.5V20h13V9.5',
  posts: 'M6 3.5h9l3.5 3.5V20.5H6zM14.5 3.5V7.5h4M9 11.5h6.5M9 15h6.5',
  plus: 'M12 5v14M5 12h14',
  comments: 'M4 5h16v11H9l-5 4z',
  settings:
    'M12 8.5a3.5 3.5 0 1 0 0 7 3.5 3.5 0 0 0 0-7zM19 12l2-1.2-2-3.5-2.2.6-1.6-1-.6-2.4h-4l-.6 2.4-1.6 1-2.2-.6-2 3.5L5 12l-2 1.2 2 3.5 2.2-.6 1.6 1 .6 2.4h4l.6-2.4 1.6-1 2.2.6 2-3.5z',
  users:
    'M9 11a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7zM2.5 20c0-3.6 2.9-6 6.5-6s6.5 2.4 6.5 6M16 4.3a3.5 3.5 0 0 1 0 6.4M18 14.3c2.1.7 3.5 2.8 3.5 5.7',
  clip: 'M14.5 6.5 7.8 13.2a2.5 2.5 0 0 0 3.5 3.5l7.4-7.4a4.5 4.5 0 0 0-6.4-6.4L4.9 10.3a6.5 6.5 0 0 0 9.2 9.2l5.4-5.4',
  external: 'M14 4h6v6M20 4l-9 9M18 14v6H4V6h6',
  media: 'M3.5 5h17v14h-17zM3.5 15.5l5-5 4 4 2.5-2.5 5.5 5M15.5 9.5a1.5 1.5 0 1 0 0-.01',
  trash: 'M4 7h16M9 7V4.5h6V7M6.5 7l1 13h9l1-13',
  logout: 'M15 4h4.5v16H15M10 8l-4 4 4 4M6 12h10',
  inbox: 'M4 13.5 6.5 5h11l2.5 8.5V19H4zM4 13.5h5l1 2h4l1-2h5',
  image: 'M4 5h16v14H4zM4 16l5-5 4 4 2.5-2.5L20 17M15.5 9.5h.01',
};

export const Icon: FC<{ name: string }> = ({ name }) => (
  <svg
    class="icon"
    viewBox="0 0 24 24"
    width="20"
    height="20"
    fill="none"
    stroke="currentColor"
    stroke-width="1.7"
    stroke-linecap="round"
    stroke-linejoin="round"
    aria-hidden="true"
  >
    <path d={PATHS[name] ?? PATHS.posts} />
  </svg>
);
