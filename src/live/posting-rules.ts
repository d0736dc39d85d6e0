import type { Kysely } from 'kysely';
import type { DB, User } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { effectiveStatus } from '../chats/chat-status.ts';
import type { ChatWithHashtags } from '../chats/chats.repository.ts';
import { isMuted, lastPostAt, liveSettings } from './room.repository.ts';
import type { PostingLimiter } from './rate-limiter.ts';

/**
 * What must hold for a member to post in a chat right now, beyond being
 * allowed to post at all (policies.postInChat): the room is open (or the
 * organizer allows early/late posts), the member is not muted, slow mode
 * and the per-account rate limit leave room.
 */
export async function checkPostingAllowed(db: Kysely<DB>, chat: ChatWithHashtags, user: User, now: number, limiter?: PostingLimiter): Promise<void> {
  const status = effectiveStatus(chat, now);
  const early = status === 'scheduled' && chat.allowEarlyPosts === 1;
  const late = status === 'ended' && chat.allowLatePosts === 1;
  if (status !== 'live' && !early && !late) {
    throw new AppError('chat_not_live', status === 'ended' ? 'This chat has ended; posting is closed' : 'This chat has not started yet; posting opens at its start');
  }
  if (await isMuted(db, chat.id, user.id)) throw new AppError('muted', 'You are muted in this chat');

  const { slowModeSeconds } = await liveSettings(db, chat.id);
  if (slowModeSeconds > 0) {
    const last = await lastPostAt(db, chat.id, user.id);
    const wait = last === null ? 0 : last + slowModeSeconds * 1000 - now;
    if (wait > 0) throw new AppError('slow_mode', `Slow mode is on: you can post again in ${Math.ceil(wait / 1000)} s`, undefined, Math.ceil(wait / 1000));
  }
  if (limiter) {
    const wait = await limiter.take(`user:${user.id}`, now);
    if (wait > 0) throw new AppError('rate_limited', `You are posting too fast; try again in ${Math.ceil(wait / 1000)} s`, undefined, Math.ceil(wait / 1000));
  }
}
