import type { Kysely } from 'kysely';
import type { DB, NewUser, User } from '../db/schema.ts';

export function findUserByHandle(db: Kysely<DB>, handle: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('handle', '=', handle.toLowerCase()).executeTakeFirst();
}

export function findUserById(db: Kysely<DB>, id: number): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findUsersByHandles(db: Kysely<DB>, handles: string[]): Promise<User[]> {
  if (handles.length === 0) return Promise.resolve([]);
  return db.selectFrom('users').selectAll().where('handle', 'in', handles.map((h) => h.toLowerCase())).execute();
}

export async function insertUser(db: Kysely<DB>, user: NewUser): Promise<User> {
  return db.insertInto('users').values(user).returningAll().executeTakeFirstOrThrow();
}

export async function emailTaken(db: Kysely<DB>, email: string): Promise<boolean> {
  const row = await db.selectFrom('users').select('id').where('email', '=', email.toLowerCase()).executeTakeFirst();
  return row !== undefined;
}

export async function countUsers(db: Kysely<DB>): Promise<number> {
  const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function updateUserProfile(
  db: Kysely<DB>,
  id: number,
  changes: Pick<User, 'displayName' | 'bio' | 'timeZone' | 'updatedAt'>,
): Promise<User> {
  return db.updateTable('users').set(changes).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}
