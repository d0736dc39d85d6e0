import type { Kysely } from 'kysely';
import type { DB, User } from '../db/schema.ts';
import { AppError, forbidden, invalid, notFound, unauthenticated } from '../errors.ts';
import { policies } from '../accounts/policies.ts';
import { accessOf, getVisibleChat } from '../chats/chats.service.ts';
import type { ChatDetails } from '../chats/chats.repository.ts';
import { writeWithEvents } from '../live/write-with-events.ts';
import { checkPostingAllowed } from '../live/posting-rules.ts';
import type { PostingLimiter } from '../live/rate-limiter.ts';
import type { LiveEvent } from '../live/live-event.ts';
import { findPost, insertPostIn, localAuthorId, type PostView } from './posts.repository.ts';
import { presentPost } from './post.presenter.ts';
import { extractHashtags, withHashtags } from './post-text.ts';
import { POST_MAX_LENGTH } from './posts.service.ts';
import { addLike, bumpBoostCount, findBoost, markPostDeleted, removeLike, updatePostText } from './reactions.repository.ts';

/** How long after posting its author may still correct it. */
export const EDIT_WINDOW_MS = 5 * 60 * 1000;

interface Target {
  post: PostView;
  chat: ChatDetails;
  user: User;
}

async function target(db: Kysely<DB>, user: User | null, postId: string): Promise<Target> {
  if (!user) throw unauthenticated();
  if (!/^\d{1,15}$/.test(postId)) throw notFound('Post');
  const post = await findPost(db, Number(postId));
  if (!post || post.hiddenAt !== null) throw notFound('Post');
  const chat = await getVisibleChat(db, post.chatSlug, user);
  return { post, chat, user };
}

async function isOwn(db: Kysely<DB>, t: Target, now: number): Promise<boolean> {
  return t.post.authorNetwork === 'local' && (await localAuthorId(db, t.user, now)) === t.post.authorId;
}

export async function editOwnPost(db: Kysely<DB>, user: User | null, postId: string, newText: string, now = Date.now()): Promise<{ post: PostView; events: LiveEvent[] }> {
  const t = await target(db, user, postId);
  if (!policies.postInChat(t.user, accessOf(t.chat)) || !(await isOwn(db, t, now))) throw forbidden('You can edit only your own posts');
  if (t.post.kind === 'boost') throw invalid('text', 'a boost has no text of its own');
  if (now - t.post.createdAt > EDIT_WINDOW_MS) throw forbidden(`Posts can be edited for ${EDIT_WINDOW_MS / 60000} minutes after posting`);
  const body = newText.trim();
  if (!body) throw invalid('text', 'must not be empty');
  const text = withHashtags(body, t.chat.hashtags.map((h) => h.display));
  if ([...text].length > POST_MAX_LENGTH) throw invalid('text', `must be at most ${POST_MAX_LENGTH} characters including the hashtags`);
  const { result, events } = await writeWithEvents(db, now, async (trx, emit) => {
    await updatePostText(trx, t.post.id, text, extractHashtags(text), now);
    const post = (await findPost(trx, t.post.id))!;
    await emit(t.chat.id, 'post.updated', { post: presentPost(post) });
    return post;
  });
  return { post: result, events };
}

export async function deleteOwnPost(db: Kysely<DB>, user: User | null, postId: string, now = Date.now()): Promise<LiveEvent[]> {
  const t = await target(db, user, postId);
  if (!policies.deleteOwnPost(t.user)) throw forbidden('A suspended account cannot delete posts; ask for their removal from your profile instead');
  if (!(await isOwn(db, t, now))) throw forbidden('You can delete only your own posts (moderators hide or delete others’)');
  const { events } = await writeWithEvents(db, now, async (trx, emit) => {
    await markPostDeleted(trx, t.post.id, now);
    if (t.post.boostOfId !== null) await bumpBoostCount(trx, t.post.boostOfId, -1);
    await emit(t.chat.id, 'post.deleted', { postId: String(t.post.id) });
    if (t.post.boostOfId !== null) {
      const original = await findPost(trx, t.post.boostOfId);
      if (original) await emit(t.chat.id, 'post.updated', { post: presentPost(original) });
    }
  });
  return events;
}

export async function setLike(db: Kysely<DB>, user: User | null, postId: string, liked: boolean, now = Date.now()): Promise<{ post: PostView; events: LiveEvent[] }> {
  const t = await target(db, user, postId);
  if (!policies.postInChat(t.user, accessOf(t.chat))) throw forbidden('You cannot react in this chat');
  const { result, events } = await writeWithEvents(db, now, async (trx, emit) => {
    const changed = liked ? await addLike(trx, t.post.id, t.user.id, now) : await removeLike(trx, t.post.id, t.user.id);
    const post = (await findPost(trx, t.post.id))!;
    if (changed) await emit(t.chat.id, 'post.updated', { post: presentPost(post) });
    return post;
  });
  return { post: result, events };
}

/** A boost re-shares a post in the chat; one per account per post. */
export async function boostPost(db: Kysely<DB>, user: User | null, postId: string, options: { now?: number; limiter?: PostingLimiter } = {}): Promise<{ post: PostView; events: LiveEvent[] }> {
  const now = options.now ?? Date.now();
  const t = await target(db, user, postId);
  if (!policies.postInChat(t.user, accessOf(t.chat))) throw forbidden('You cannot post in this chat');
  if (t.post.kind === 'boost') throw invalid('postId', 'boost the original post, not a boost of it');
  await checkPostingAllowed(db, t.chat, t.user, now, options.limiter);
  const authorId = await localAuthorId(db, t.user, now);
  if ((await findBoost(db, t.post.id, authorId)) !== null) throw new AppError('conflict', 'You already boosted this post');
  const { result, events } = await writeWithEvents(db, now, async (trx, emit) => {
    const id = await insertPostIn(trx, { chatId: t.chat.id, authorId, text: t.post.text, kind: 'boost', createdAt: now, boostOfId: t.post.id, answersQuestion: t.post.answersQuestion }, t.post.hashtags);
    await bumpBoostCount(trx, t.post.id, 1);
    const boost = (await findPost(trx, id))!;
    await emit(t.chat.id, 'post.created', { post: presentPost(boost) });
    await emit(t.chat.id, 'post.updated', { post: presentPost((await findPost(trx, t.post.id))!) });
    return boost;
  });
  return { post: result, events };
}
