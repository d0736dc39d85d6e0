import { Type } from 'typebox';
import type { User } from '../db/schema.ts';

export const UserResponse = Type.Object({
  handle: Type.String(),
  displayName: Type.String(),
  role: Type.String(),
  timeZone: Type.Union([Type.String(), Type.Null()]),
  url: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
});

/** Public fields only: never the e-mail or the password hash. */
export function presentUser(user: User, baseUrl: string) {
  return {
    handle: user.handle,
    displayName: user.displayName,
    role: user.role,
    timeZone: user.timeZone,
    url: `${baseUrl}/@${user.handle}`,
    createdAt: new Date(user.createdAt).toISOString(),
  };
}
