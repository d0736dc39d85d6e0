import type { Role } from '../db/schema.ts';

export const ROLES: readonly Role[] = ['admin', 'moderator', 'organizer', 'member'];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
