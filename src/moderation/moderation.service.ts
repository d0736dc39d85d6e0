import type { Kysely } from 'kysely';
import type { DB, User } from '../db/schema.ts';
import { AppError, forbidden, invalid, notFound, unauthenticated } from '../errors.ts';
import { policies } from '../accounts/policies.ts';
import { accessOf, getVisibleChat } from '../chats/chats.service.ts';
import { findChatBySlug } from '../chats/chats.repository.ts';
import { findUserByHandle } from '../accounts/users.repository.ts';
import { findPost, type PostView } from '../posts/posts.repository.ts';
import { presentPost } from '../posts/post.presenter.ts';
import { addMute, logModeration, removeMute, saveLiveSettings } from '../live/room.repository.ts';
import { writeWithEvents } from '../live/write-with-events.ts';
import type { LiveEvent } from '../live/live-event.ts';
import { setPostDeleted, setPostHidden, setUserBanned } from './moderation.repository.ts';

/**
 * Moderation by the chat's hosts, moderators and admins (policies.moderateChat).
 * Every action is logged with who and when, and hides/deletes reach every
 * viewer live.
 */
async function moderatedPost(db: Kysely<DB>, user: User | null, postId: string): Promise<PostView> {
  if (!user) throw unauthenticated();
  if (!/^\d{1,15}$/.test(postId)) throw notFound('Post');
  const post = await findPost(db, Number(postId));
  if (!post) throw notFound('Post');
  const chat = await getVisibleChat(db, post.chatSlug, user);
  if (!policies.moderateChat(user, accessOf(chat))) throw forbidden('Only the chat’s hosts and moderators can do that');
  return post;
}

export async function hidePost(db: Kysely<DB>, user: User | null, postId: string, hidden: boolean, now = Date.now()): Promise<LiveEvent[]> {
  const post = await moderatedPost(db, user, postId);
  if ((post.hiddenAt !== null) === hidden) return [];
  const { events } = await writeWithEvents(db, now, async (trx, emit) => {
    await setPostHidden(trx, post.id, hidden ? now : null);
    await logModeration(trx, { chatId: post.chatId, actorId: user!.id, action: hidden ? 'hide' : 'unhide', targetPostId: post.id, now });
    if (hidden) await emit(post.chatId, 'post.hidden', { postId: String(post.id) });
    else await emit(post.chatId, 'post.unhidden', { post: presentPost((await findPost(trx, post.id))!) });
  });
  return events;
}

export async function deletePostAsModerator(db: Kysely<DB>, user: User | null, postId: string, now = Date.now()): Promise<LiveEvent[]> {
  const post = await moderatedPost(db, user, postId);
  const { events } = await writeWithEvents(db, now, async (trx, emit) => {
    await setPostDeleted(trx, post.id, now);
    await logModeration(trx, { chatId: post.chatId, actorId: user!.id, action: 'delete', targetPostId: post.id, now });
    await emit(post.chatId, 'post.deleted', { postId: String(post.id) });
  });
  return events;
}

async function moderatedChat(db: Kysely<DB>, user: User | null, slug: string) {
  if (!user) throw unauthenticated();
  const chat = await getVisibleChat(db, slug, user);
  if (!policies.moderateChat(user, accessOf(chat))) throw forbidden('Only the chat’s hosts and moderators can do that');
  return chat;
}

export async function muteInChat(db: Kysely<DB>, user: User | null, slug: string, handle: string, muted: boolean, now = Date.now()): Promise<void> {
  const chat = await moderatedChat(db, user, slug);
  const target = await findUserByHandle(db, handle.replace(/^@/, ''));
  if (!target) throw invalid('handle', `no account @${handle.replace(/^@/, '')}`);
  if (target.id === user!.id) throw invalid('handle', 'you cannot mute yourself');
  await db.transaction().execute(async (trx) => {
    if (muted) await addMute(trx, chat.id, target.id, user!.id, now);
    else await removeMute(trx, chat.id, target.id);
    await logModeration(trx, { chatId: chat.id, actorId: user!.id, action: muted ? 'mute' : 'unmute', targetUserId: target.id, now });
  });
}

export async function setSlowMode(db: Kysely<DB>, user: User | null, slug: string, seconds: number, now = Date.now()): Promise<void> {
  const chat = await moderatedChat(db, user, slug);
  await db.transaction().execute(async (trx) => {
    await saveLiveSettings(trx, chat.id, { slowModeSeconds: seconds }, now);
    await logModeration(trx, { chatId: chat.id, actorId: user!.id, action: 'slow_mode', detail: `${seconds} s`, now });
  });
}

/** Server-wide: a banned account can read but no longer write anything (policies check bannedAt). */
export async function banUser(db: Kysely<DB>, user: User | null, handle: string, banned: boolean, options: { chatSlug?: string; now?: number } = {}): Promise<void> {
  const now = options.now ?? Date.now();
  if (!user) throw unauthenticated();
  if (!policies.banUsers(user)) throw forbidden('Only moderators and admins can ban accounts');
  const target = await findUserByHandle(db, handle.replace(/^@/, ''));
  if (!target) throw invalid('handle', `no account @${handle.replace(/^@/, '')}`);
  if (target.role === 'admin') throw new AppError('forbidden', 'Admins cannot be banned');
  const chat = options.chatSlug ? await findChatBySlug(db, options.chatSlug) : undefined;
  await db.transaction().execute(async (trx) => {
    await setUserBanned(trx, target.id, banned ? now : null);
    await logModeration(trx, { chatId: chat?.id ?? null, actorId: user.id, action: banned ? 'ban' : 'unban', targetUserId: target.id, now });
  });
}
