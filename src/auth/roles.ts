// Who may do what, decided on the server. Owners and admins run everything (only an owner may
// touch the owner's account); authors write and edit their own posts; moderators moderate comments.
import type { Role } from '../storage/schema.ts';

export const ROLES: readonly Role[] = ['owner', 'admin', 'author', 'moderator'];

export const ROLE_LABELS: Record<Role, string> = {
  owner: 'Owner',
  admin: 'Administrator',
  author: 'Author',
  moderator: 'Moderator',
};

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  owner: 'Everything, including the owner account. There is one owner.',
  admin: 'Everything except the owner account: all posts, comments, settings and users.',
  author: 'Writes posts and pages and edits their own.',
  moderator: 'Moderates comments, nothing else.',
};

export type Permission = 'posts' | 'posts.any' | 'comments' | 'settings' | 'users';

const GRANTS: Record<Role, readonly Permission[]> = {
  owner: ['posts', 'posts.any', 'comments', 'settings', 'users'],
  admin: ['posts', 'posts.any', 'comments', 'settings', 'users'],
  author: ['posts'],
  moderator: ['comments'],
};

export interface Actor {
  id: number;
  role: Role;
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as string[]).includes(value);
}

export function can(user: Actor, permission: Permission): boolean {
  return GRANTS[user.role].includes(permission);
}

/** Authors edit their own posts; admins and the owner edit any. */
export function canEditPost(user: Actor, post: { author_id: number | null }): boolean {
  return can(user, 'posts.any') || (can(user, 'posts') && post.author_id === user.id);
}

/** Changing another account (role, deactivation): admins may, except on the owner's account. */
export function canManageUser(actor: Actor, target: { id: number; role: Role }): boolean {
  if (!can(actor, 'users') || actor.id === target.id) return false;
  return target.role !== 'owner' || actor.role === 'owner';
}

/** The roles an actor may hand out: nobody makes a second owner from the browser. */
export function assignableRoles(actor: Actor): Role[] {
  return can(actor, 'users') ? ['admin', 'author', 'moderator'] : [];
}
