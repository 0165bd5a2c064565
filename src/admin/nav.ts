// The admin navigation. Another domain adds its admin page by appending an item here (and mounting
// its routes in src/admin/routes.tsx); items a user's role cannot use are not shown.
import type { Permission } from '../auth/roles.ts';

export interface AdminNavItem {
  /** Matched against AdminLayout's `active` prop. */
  key: string;
  href: string;
  label: string;
  /** Shown only to users holding this permission (src/auth/roles.ts); absent: everyone signed in. */
  permission?: Permission;
  /** An icon name from src/admin/views/Icon.tsx. */
  icon: string;
}

export const ADMIN_NAV: AdminNavItem[] = [
  { key: 'dashboard', href: '/admin', label: 'Dashboard', icon: 'home' },
  { key: 'posts', href: '/admin/posts', label: 'Posts', permission: 'posts', icon: 'posts' },
  { key: 'new', href: '/admin/posts/new', label: 'New post', permission: 'posts', icon: 'plus' },
  { key: 'clip', href: '/admin/clip', label: 'Clip a URL', permission: 'posts', icon: 'clip' },
  { key: 'inbox', href: '/admin/inbox', label: 'Inbox', permission: 'posts', icon: 'inbox' },
  { key: 'media', href: '/admin/media', label: 'Media', permission: 'posts', icon: 'media' },
  { key: 'comments', href: '/admin/comments', label: 'Comments', permission: 'comments', icon: 'comments' },
  {
    key: 'subscribers',
    href: '/admin/subscribers',
    label: 'Subscribers',
    permission: 'settings',
    icon: 'users',
  },
  { key: 'settings', href: '/admin/settings', label: 'Settings', permission: 'settings', icon: 'settings' },
  { key: 'users', href: '/admin/users', label: 'Users', permission: 'users', icon: 'users' },
];
