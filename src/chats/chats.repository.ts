import type { Kysely, Transaction } from 'kysely';
import type { Chat, DB, NewChat } from '../db/schema.ts';

export interface ChatHost { handle: string; userId: number | null }
export interface ChatQuestion { number: number; text: string; offsetMinutes: number | null; releasedAt: number | null; postId: number | null }
export interface ChatLink { label: string; url: string }

/** A chat with everything that belongs to it. */
export interface ChatDetails extends Chat {
  hashtags: { tag: string; display: string }[];
  hosts: ChatHost[];
  questions: ChatQuestion[];
  links: ChatLink[];
  organizerHandle: string | null;
}

export interface ChatChildren {
  hashtags: { tag: string; display: string }[];
  hosts: ChatHost[];
  questions: { number: number; text: string; offsetMinutes: number | null }[];
  links: ChatLink[];
}

type Db = Kysely<DB> | Transaction<DB>;

export async function insertChat(db: Kysely<DB>, chat: NewChat, children: ChatChildren): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const row = await trx.insertInto('chats').values(chat).returning('id').executeTakeFirstOrThrow();
    await replaceChildren(trx, row.id, children);
    return row.id;
  });
}

export async function updateChatRow(
  db: Kysely<DB>,
  chatId: number,
  changes: Partial<NewChat>,
  children: Partial<ChatChildren>,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (Object.keys(changes).length > 0) await trx.updateTable('chats').set(changes).where('id', '=', chatId).execute();
    await replaceChildren(trx, chatId, children);
  });
}

async function replaceChildren(trx: Db, chatId: number, children: Partial<ChatChildren>): Promise<void> {
  if (children.hashtags) {
    await trx.deleteFrom('chatHashtags').where('chatId', '=', chatId).execute();
    if (children.hashtags.length > 0) {
      await trx
        .insertInto('chatHashtags')
        .values(children.hashtags.map((h, position) => ({ chatId, tag: h.tag, display: h.display, position })))
        .execute();
    }
  }
  if (children.hosts) {
    await trx.deleteFrom('chatHosts').where('chatId', '=', chatId).execute();
    if (children.hosts.length > 0) {
      await trx
        .insertInto('chatHosts')
        .values(children.hosts.map((h, position) => ({ chatId, position, handle: h.handle, userId: h.userId })))
        .execute();
    }
  }
  if (children.questions) {
    // Release state survives an edit of the wording: keep it by number.
    const previous = await trx.selectFrom('chatQuestions').select(['number', 'releasedAt', 'postId']).where('chatId', '=', chatId).execute();
    const released = new Map(previous.map((q) => [q.number, q]));
    await trx.deleteFrom('chatQuestions').where('chatId', '=', chatId).execute();
    if (children.questions.length > 0) {
      await trx
        .insertInto('chatQuestions')
        .values(
          children.questions.map((q) => ({
            chatId,
            number: q.number,
            text: q.text,
            offsetMinutes: q.offsetMinutes,
            releasedAt: released.get(q.number)?.releasedAt ?? null,
            postId: released.get(q.number)?.postId ?? null,
          })),
        )
        .execute();
    }
  }
  if (children.links) {
    await trx.deleteFrom('chatLinks').where('chatId', '=', chatId).execute();
    if (children.links.length > 0) {
      await trx.insertInto('chatLinks').values(children.links.map((l, position) => ({ chatId, position, ...l }))).execute();
    }
  }
}

export async function slugExists(db: Kysely<DB>, slug: string): Promise<boolean> {
  return (await db.selectFrom('chats').select('id').where('slug', '=', slug).executeTakeFirst()) !== undefined;
}

export async function findChatBySlug(db: Kysely<DB>, slug: string): Promise<ChatDetails | undefined> {
  const chat = await db.selectFrom('chats').selectAll().where('slug', '=', slug).executeTakeFirst();
  if (!chat) return undefined;
  const [details] = await withChildren(db, [chat]);
  return details;
}

/** A chat's row and hashtags: all that posting needs unless the chat is a draft. */
export type ChatWithHashtags = Chat & Pick<ChatDetails, 'hashtags'>;

/**
 * The chat and its hashtags in two queries, where findChatBySlug takes six:
 * posting reads this once per post, hundreds of times a second.
 */
export async function findChatWithHashtags(db: Kysely<DB>, slug: string): Promise<ChatWithHashtags | undefined> {
  const chat = await db.selectFrom('chats').selectAll().where('slug', '=', slug).executeTakeFirst();
  if (!chat) return undefined;
  const hashtags = await db.selectFrom('chatHashtags').select(['tag', 'display']).where('chatId', '=', chat.id).orderBy('position').execute();
  return { ...chat, hashtags };
}

export interface ChatListFilter {
  when: 'upcoming' | 'past' | 'all';
  now: number;
  tag?: string;
  hostHandle?: string;
  /** Drafts are listed only for their organizer (or every draft for an admin). */
  draftsOf: number | 'all' | null;
  limit: number;
  after?: { startsAt: number; id: number };
}

/** One page of chats, ordered by start (ascending for upcoming, descending otherwise). */
export async function listChats(db: Kysely<DB>, filter: ChatListFilter): Promise<ChatDetails[]> {
  const ascending = filter.when === 'upcoming';
  let query = db.selectFrom('chats').selectAll('chats');
  if (filter.when === 'upcoming') query = query.where('chats.endsAt', '>', filter.now);
  if (filter.when === 'past') query = query.where('chats.endsAt', '<=', filter.now);
  if (filter.draftsOf !== 'all') {
    const draftsOf = filter.draftsOf;
    query = query.where((eb) =>
      draftsOf === null ? eb('chats.status', '!=', 'draft') : eb.or([eb('chats.status', '!=', 'draft'), eb('chats.organizerId', '=', draftsOf)]),
    );
  }
  if (filter.tag) {
    const tag = filter.tag;
    query = query.where((eb) =>
      eb.exists(eb.selectFrom('chatHashtags').select('chatHashtags.chatId').whereRef('chatHashtags.chatId', '=', 'chats.id').where('chatHashtags.tag', '=', tag)),
    );
  }
  if (filter.hostHandle) {
    const handle = filter.hostHandle;
    query = query.where((eb) =>
      eb.exists(eb.selectFrom('chatHosts').select('chatHosts.chatId').whereRef('chatHosts.chatId', '=', 'chats.id').where('chatHosts.handle', '=', handle)),
    );
  }
  if (filter.after) {
    const { startsAt, id } = filter.after;
    const op = ascending ? '>' : '<';
    query = query.where((eb) => eb.or([eb('chats.startsAt', op, startsAt), eb.and([eb('chats.startsAt', '=', startsAt), eb('chats.id', op, id)])]));
  }
  const direction = ascending ? 'asc' : 'desc';
  const chats = await query.orderBy('chats.startsAt', direction).orderBy('chats.id', direction).limit(filter.limit).execute();
  return withChildren(db, chats);
}

async function withChildren(db: Db, chats: Chat[]): Promise<ChatDetails[]> {
  if (chats.length === 0) return [];
  const ids = chats.map((c) => c.id);
  const organizerIds = [...new Set(chats.map((c) => c.organizerId).filter((id): id is number => id !== null))];
  const [hashtags, hosts, questions, links, organizers] = await Promise.all([
    db.selectFrom('chatHashtags').selectAll().where('chatId', 'in', ids).orderBy('position').execute(),
    db.selectFrom('chatHosts').selectAll().where('chatId', 'in', ids).orderBy('position').execute(),
    db.selectFrom('chatQuestions').selectAll().where('chatId', 'in', ids).orderBy('number').execute(),
    db.selectFrom('chatLinks').selectAll().where('chatId', 'in', ids).orderBy('position').execute(),
    organizerIds.length > 0 ? db.selectFrom('users').select(['id', 'handle']).where('id', 'in', organizerIds).execute() : Promise.resolve([]),
  ]);
  const organizerHandles = new Map(organizers.map((o) => [o.id, o.handle]));
  return chats.map((chat) => ({
    ...chat,
    hashtags: hashtags.filter((h) => h.chatId === chat.id).map(({ tag, display }) => ({ tag, display })),
    hosts: hosts.filter((h) => h.chatId === chat.id).map(({ handle, userId }) => ({ handle, userId })),
    questions: questions
      .filter((q) => q.chatId === chat.id)
      .map(({ number, text, offsetMinutes, releasedAt, postId }) => ({ number, text, offsetMinutes, releasedAt, postId })),
    links: links.filter((l) => l.chatId === chat.id).map(({ label, url }) => ({ label, url })),
    organizerHandle: chat.organizerId === null ? null : (organizerHandles.get(chat.organizerId) ?? null),
  }));
}

export async function chatsHostedBy(db: Kysely<DB>, userId: number, handle: string, limit: number): Promise<ChatDetails[]> {
  const chats = await db
    .selectFrom('chats')
    .selectAll()
    .where('status', '!=', 'draft')
    .where((eb) =>
      eb.or([
        eb('organizerId', '=', userId),
        eb.exists(
          eb
            .selectFrom('chatHosts')
            .select('chatHosts.chatId')
            .whereRef('chatHosts.chatId', '=', 'chats.id')
            .where((inner) => inner.or([inner('chatHosts.userId', '=', userId), inner('chatHosts.handle', '=', handle)])),
        ),
      ]),
    )
    .orderBy('startsAt', 'desc')
    .limit(limit)
    .execute();
  return withChildren(db, chats);
}

/** Inserts a chat inside a transaction the caller owns (a series inserts all its dates in one). */
export async function insertChatIn(trx: Transaction<DB>, chat: NewChat, children: ChatChildren): Promise<number> {
  const row = await trx.insertInto('chats').values(chat).returning('id').executeTakeFirstOrThrow();
  await replaceChildren(trx, row.id, children);
  return row.id;
}

/** Every date of a series, drafts included (callers filter by who may see them), earliest first. */
export async function findChatsBySeries(db: Kysely<DB>, seriesKey: string): Promise<ChatDetails[]> {
  const chats = await db.selectFrom('chats').selectAll().where('seriesKey', '=', seriesKey).orderBy('startsAt').orderBy('id').execute();
  return withChildren(db, chats);
}

/** Inserts many chats in one transaction (a calendar import): all of them are stored, or none. */
export async function insertChats(db: Kysely<DB>, items: Array<{ chat: NewChat; children: ChatChildren }>): Promise<number[]> {
  return db.transaction().execute(async (trx) => {
    const ids: number[] = [];
    for (const { chat, children } of items) {
      const row = await trx.insertInto('chats').values(chat).returning('id').executeTakeFirstOrThrow();
      await replaceChildren(trx, row.id, children);
      ids.push(row.id);
    }
    return ids;
  });
}

/** The most recently created or changed chats that everyone may see (news feeds), newest first. */
export async function listRecentlyUpdatedChats(db: Kysely<DB>, limit: number): Promise<ChatDetails[]> {
  const chats = await db.selectFrom('chats').selectAll().where('status', '!=', 'draft').orderBy('updatedAt', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return withChildren(db, chats);
}
