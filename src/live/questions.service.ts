import type { Kysely } from 'kysely';
import type { DB, User } from '../db/schema.ts';
import { AppError, conflict, forbidden, notFound, unauthenticated } from '../errors.ts';
import { policies } from '../accounts/policies.ts';
import { accessOf, getVisibleChat } from '../chats/chats.service.ts';
import type { ChatDetails } from '../chats/chats.repository.ts';
import { findUserById } from '../accounts/users.repository.ts';
import { findPost, insertPostIn, localAuthorId } from '../posts/posts.repository.ts';
import { presentPost } from '../posts/post.presenter.ts';
import { extractHashtags, withHashtags } from '../posts/post-text.ts';
import { dueQuestions, logModeration, markQuestionReleased, saveLiveSettings, setChatStatus } from './room.repository.ts';
import { writeWithEvents } from './write-with-events.ts';
import type { LiveEvent } from './live-event.ts';

async function chatForHost(db: Kysely<DB>, user: User | null, slug: string): Promise<ChatDetails> {
  if (!user) throw unauthenticated();
  const chat = await getVisibleChat(db, slug, user);
  if (!policies.hostChat(user, accessOf(chat))) throw forbidden('Only the chat’s hosts, its organizer and admins run the room');
  return chat;
}

/**
 * Releases question N: posts it as "Qn text #tag" by the releasing host,
 * marks it released, and emits `question.released`. Two hosts (or a host
 * and the timer) releasing at once: exactly one wins, the other gets 409.
 */
export async function releaseQuestion(db: Kysely<DB>, user: User | null, slug: string, number: number, now = Date.now()): Promise<LiveEvent[]> {
  const chat = await chatForHost(db, user, slug);
  return release(db, chat, user!, number, now);
}

async function release(db: Kysely<DB>, chat: ChatDetails, host: User, number: number, now: number): Promise<LiveEvent[]> {
  const question = chat.questions.find((q) => q.number === number);
  if (!question) throw notFound(`Question ${number}`);
  if (question.releasedAt !== null) throw conflict('number', `Q${number} was already released`);
  const text = withHashtags(`Q${number} ${question.text}`, chat.hashtags.map((h) => h.display));
  const authorId = await localAuthorId(db, host, now);
  const { events } = await writeWithEvents(db, now, async (trx, emit) => {
    const postId = await insertPostIn(trx, { chatId: chat.id, authorId, text, kind: 'original', createdAt: now, questionNumber: number }, extractHashtags(text));
    if (!(await markQuestionReleased(trx, chat.id, number, postId, now))) throw conflict('number', `Q${number} was already released`);
    const post = presentPost((await findPost(trx, postId))!);
    await emit(chat.id, 'question.released', { question: { number, text: question.text, releasedAt: new Date(now).toISOString() }, post });
  });
  return events;
}

export async function pinQuestion(db: Kysely<DB>, user: User | null, slug: string, number: number | null, now = Date.now()): Promise<LiveEvent[]> {
  const chat = await chatForHost(db, user, slug);
  if (number !== null && !chat.questions.some((q) => q.number === number)) throw notFound(`Question ${number}`);
  const { events } = await writeWithEvents(db, now, async (trx, emit) => {
    await saveLiveSettings(trx, chat.id, { pinnedQuestion: number }, now);
    await emit(chat.id, 'question.pinned', { number });
  });
  return events;
}

/** A host opens the room before the planned start, or closes it early. */
export async function setRoomOpen(db: Kysely<DB>, user: User | null, slug: string, open: boolean, now = Date.now()): Promise<LiveEvent[]> {
  const chat = await chatForHost(db, user, slug);
  if (chat.status === 'draft') throw new AppError('conflict', 'Publish the chat before opening its room');
  const status = open ? 'live' : 'ended';
  const { events } = await writeWithEvents(db, now, async (trx, emit) => {
    await setChatStatus(trx, chat.id, status, now);
    await logModeration(trx, { chatId: chat.id, actorId: user!.id, action: open ? 'open' : 'close', now });
    await emit(chat.id, 'chat.status', { status });
  });
  return events;
}

/**
 * Releases every question whose planned offset has come, in running chats.
 * Safe to run in every process at once: each release is claimed by one.
 */
export async function releaseDueQuestions(db: Kysely<DB>, now = Date.now()): Promise<LiveEvent[]> {
  const released: LiveEvent[] = [];
  for (const due of await dueQuestions(db, now)) {
    const chat = await getVisibleChat(db, due.slug, null).catch(() => null);
    if (!chat) continue;
    const hostId = chat.hosts.find((h) => h.userId !== null)?.userId ?? chat.organizerId;
    const host = hostId === null ? undefined : await findUserById(db, hostId);
    if (!host) continue;
    try {
      released.push(...(await release(db, chat, host, due.number, now)));
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'conflict')) throw error;
    }
  }
  return released;
}
