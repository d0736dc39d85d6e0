import type { Kysely } from 'kysely';
import { DateTime } from 'luxon';
import type { DB } from '../db/schema.ts';
import { findUserByHandle, insertUser, countUsers } from '../accounts/users.repository.ts';
import { createChat } from '../chats/chats.service.ts';
import { insertPost, localAuthorId } from '../posts/posts.repository.ts';
import { answeredQuestion, extractHashtags } from '../posts/post-text.ts';
import { markQuestionReleased } from '../live/room.repository.ts';
import { DEMO_CHATS, DEMO_PEOPLE, type DemoChat } from './demo-content.ts';
import { loadDemoWiki } from '../wiki/wiki-demo.ts';
import { loadDemoStory } from '../stories/story-demo.ts';

/**
 * Demo accounts get a password hash that matches nothing: they show what a
 * community looks like but can never be signed in to on a real server.
 */
const UNUSABLE_PASSWORD = '!demo-account-no-login';

export async function loadDemoIfEmpty(db: Kysely<DB>, options: { log?: (message: string) => void; now?: number } = {}): Promise<boolean> {
  if ((await countUsers(db)) > 0) return false;
  await loadDemo(db, options.now ?? Date.now());
  options.log?.(`Loaded the demo community: ${DEMO_PEOPLE.length} people, ${DEMO_CHATS.length} chats. Create your own account at /signup or with \`musesocial user add\`.`);
  return true;
}

export async function loadDemo(db: Kysely<DB>, now = Date.now()): Promise<void> {
  for (const person of DEMO_PEOPLE) {
    if (await findUserByHandle(db, person.handle)) continue;
    await insertUser(db, { ...person, email: null, passwordHash: UNUSABLE_PASSWORD, timeZone: null, createdAt: now, updatedAt: now, bannedAt: null });
  }
  for (const demo of DEMO_CHATS) await loadChat(db, demo, now);
  await loadDemoWiki(db, now);
  await loadDemoStory(db, now);
}

async function loadChat(db: Kysely<DB>, demo: DemoChat, now: number): Promise<void> {
  const organizer = (await findUserByHandle(db, demo.organizer))!;
  const start = DateTime.fromMillis(now, { zone: demo.timeZone })
    .set({ weekday: demo.weekday as 1, hour: demo.hour, minute: 0, second: 0, millisecond: 0 })
    .plus({ weeks: demo.weekOffset });
  const end = start.plus({ minutes: demo.minutes });
  const chat = await createChat(
    db,
    organizer,
    {
      slug: demo.slug,
      title: demo.title,
      hashtags: demo.hashtags,
      startsAt: start.toISO()!,
      endsAt: end.toISO()!,
      timeZone: demo.timeZone,
      kind: demo.kind,
      venue: demo.venue ?? null,
      background: demo.background,
      hosts: demo.hosts,
      questions: demo.questions.map((text, i) => ({ number: i + 1, text, offsetMinutes: 5 + i * 15 })),
      links: [],
      status: 'scheduled',
    },
    now,
  );

  const ids: number[] = [];
  for (const post of demo.posts) {
    const author = (await findUserByHandle(db, post.author))!;
    const authorId = await localAuthorId(db, author, now);
    const replyToId = post.replyTo === undefined ? null : (ids[post.replyTo] ?? null);
    const parent = post.replyTo === undefined ? undefined : demo.posts[post.replyTo];
    const createdAt = start.plus({ minutes: post.minute, seconds: ids.length % 50 }).toMillis();
    const id = await insertPost(
      db,
      {
        chatId: chatIdOf(chat),
        authorId,
        text: post.text,
        kind: replyToId ? 'reply' : 'original',
        createdAt,
        replyToId,
        questionNumber: post.question ?? null,
        answersQuestion: post.question ? null : (parent?.question ?? (parent ? answeredQuestion(parent.text) : null) ?? answeredQuestion(post.text)),
        likeCount: post.likes ?? 0,
        boostCount: post.boosts ?? 0,
      },
      extractHashtags(post.text),
    );
    ids.push(id);
    if (post.question) {
      await markQuestionReleased(db, chatIdOf(chat), post.question, id, createdAt);
    }
  }
}

const chatIdOf = (chat: { id: number }) => chat.id;
