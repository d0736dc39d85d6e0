import type { Kysely } from 'kysely';
import type { DB, NewChat, User } from '../db/schema.ts';
import { AppError, conflict, forbidden, invalid, notFound, unauthenticated } from '../errors.ts';
import { policies, type ChatAccess } from '../accounts/policies.ts';
import { findUsersByHandles } from '../accounts/users.repository.ts';
import { isUniqueViolation } from '../accounts/accounts.service.ts';
import type { CreateChatInput, UpdateChatInput } from './chats.schema.ts';
import { normalizeHashtags, normalizeHostHandle, parseInstant, slugify, validateTimeZone } from './chat-input.ts';
import { findChatBySlug, insertChat, listChats, slugExists, updateChatRow, type ChatChildren, type ChatDetails, type ChatListFilter } from './chats.repository.ts';

const MAX_CHAT_HOURS = 72;

export function accessOf(chat: ChatDetails): ChatAccess {
  return { chat, hostUserIds: chat.hosts.map((h) => h.userId).filter((id): id is number => id !== null) };
}

/** The chat if this viewer may see it; drafts look like missing chats to everyone else. */
export async function getVisibleChat(db: Kysely<DB>, slug: string, viewer: User | null): Promise<ChatDetails> {
  const chat = await findChatBySlug(db, slug);
  if (!chat || !policies.viewChat(viewer, accessOf(chat))) throw notFound('Chat');
  return chat;
}

export async function getEditableChat(db: Kysely<DB>, slug: string, user: User | null): Promise<ChatDetails> {
  const chat = await getVisibleChat(db, slug, user);
  if (!user) throw unauthenticated();
  if (!policies.editChat(user, accessOf(chat))) throw forbidden('Only the organizer, the hosts or an admin can edit this chat');
  return chat;
}

export async function createChat(db: Kysely<DB>, user: User | null, input: CreateChatInput, now = Date.now()): Promise<ChatDetails> {
  if (!user) throw unauthenticated();
  if (!policies.createChat(user)) throw forbidden('Only organizers and admins can schedule chats');

  const timeZone = validateTimeZone(input.timeZone);
  const startsAt = parseInstant(input.startsAt, 'startsAt');
  const endsAt = parseInstant(input.endsAt, 'endsAt');
  checkWindow(startsAt, endsAt);
  const kind = input.kind ?? 'online';
  const venue = input.venue ?? null;
  if (kind !== 'online' && !venue) throw invalid('venue', `is required for ${kind === 'hybrid' ? 'hybrid' : 'in-person'} chats`);

  const slug = input.slug ?? (await uniqueSlug(db, slugify(input.title, startsAt, timeZone)));
  if (input.slug && (await slugExists(db, input.slug))) throw conflict('slug', `"${input.slug}" is already used by another chat`);

  const row: NewChat = {
    slug,
    title: input.title.trim(),
    startsAt,
    endsAt,
    timeZone,
    kind,
    venueName: venue?.name ?? null,
    venueAddress: venue?.address ?? null,
    venueNotes: venue?.notes ?? null,
    background: input.background ?? '',
    status: input.status ?? 'scheduled',
    organizerId: user.id,
    seriesKey: null,
    allowEarlyPosts: 0,
    allowLatePosts: 0,
    createdAt: now,
    updatedAt: now,
  };
  const children: ChatChildren = {
    hashtags: normalizeHashtags(input.hashtags),
    hosts: await resolveHosts(db, input.hosts ?? [user.handle]),
    questions: numberQuestions(input.questions ?? []),
    links: input.links ?? [],
  };
  try {
    await insertChat(db, row, children);
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict('slug', `"${slug}" is already used by another chat`);
    throw error;
  }
  return (await findChatBySlug(db, slug))!;
}

export async function updateChat(db: Kysely<DB>, user: User | null, slug: string, input: UpdateChatInput, now = Date.now()): Promise<ChatDetails> {
  const chat = await getEditableChat(db, slug, user);
  const changes: Partial<NewChat> = { updatedAt: now };
  if (input.title !== undefined) changes.title = input.title.trim();
  if (input.timeZone !== undefined) changes.timeZone = validateTimeZone(input.timeZone);
  if (input.startsAt !== undefined) changes.startsAt = parseInstant(input.startsAt, 'startsAt');
  if (input.endsAt !== undefined) changes.endsAt = parseInstant(input.endsAt, 'endsAt');
  checkWindow(changes.startsAt ?? chat.startsAt, changes.endsAt ?? chat.endsAt);
  if (input.kind !== undefined) changes.kind = input.kind;
  if (input.venue !== undefined) {
    changes.venueName = input.venue?.name ?? null;
    changes.venueAddress = input.venue?.address ?? null;
    changes.venueNotes = input.venue?.notes ?? null;
  }
  const kind = changes.kind ?? chat.kind;
  const venueName = changes.venueName !== undefined ? changes.venueName : chat.venueName;
  if (kind !== 'online' && !venueName) throw invalid('venue', `is required for ${kind === 'hybrid' ? 'hybrid' : 'in-person'} chats`);
  if (input.background !== undefined) changes.background = input.background;
  if (input.status !== undefined) changes.status = input.status;
  if (input.slug !== undefined && input.slug !== chat.slug) {
    if (await slugExists(db, input.slug)) throw conflict('slug', `"${input.slug}" is already used by another chat`);
    changes.slug = input.slug;
  }
  const children: Partial<ChatChildren> = {};
  if (input.hashtags !== undefined) children.hashtags = normalizeHashtags(input.hashtags);
  if (input.hosts !== undefined) children.hosts = await resolveHosts(db, input.hosts);
  if (input.questions !== undefined) children.questions = numberQuestions(input.questions);
  if (input.links !== undefined) children.links = input.links;
  await updateChatRow(db, chat.id, changes, children);
  return (await findChatBySlug(db, changes.slug ?? chat.slug))!;
}

export interface ListOptions {
  when: 'upcoming' | 'past' | 'all';
  tag?: string;
  host?: string;
  limit: number;
  cursor?: string;
}

export async function listVisibleChats(db: Kysely<DB>, viewer: User | null, options: ListOptions, now = Date.now()) {
  const filter: ChatListFilter = {
    when: options.when,
    now,
    limit: options.limit + 1,
    draftsOf: viewer?.role === 'admin' ? 'all' : (viewer?.id ?? null),
    ...(options.tag ? { tag: options.tag.replace(/^#/, '').toLowerCase() } : {}),
    ...(options.host ? { hostHandle: normalizeHostHandle(options.host, 0).handle } : {}),
    ...(options.cursor ? { after: decodeCursor(options.cursor) } : {}),
  };
  const rows = await listChats(db, filter);
  const page = rows.slice(0, options.limit);
  const last = page.at(-1);
  return { chats: page, nextCursor: rows.length > options.limit && last ? encodeCursor(last) : null };
}

function encodeCursor(chat: { startsAt: number; id: number }): string {
  return Buffer.from(`${chat.startsAt}:${chat.id}`).toString('base64url');
}

function decodeCursor(cursor: string): { startsAt: number; id: number } {
  const match = /^(-?\d+):(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) throw new AppError('validation_failed', 'cursor: is not a cursor this server issued', 'cursor');
  return { startsAt: Number(match[1]), id: Number(match[2]) };
}

function checkWindow(startsAt: number, endsAt: number): void {
  if (endsAt <= startsAt) throw invalid('endsAt', 'must be after startsAt');
  if (endsAt - startsAt > MAX_CHAT_HOURS * 3600_000) throw invalid('endsAt', `a chat may last at most ${MAX_CHAT_HOURS} hours`);
}

async function uniqueSlug(db: Kysely<DB>, base: string): Promise<string> {
  if (!(await slugExists(db, base))) return base;
  for (let n = 2; n < 1000; n++) {
    const candidate = `${base}-${n}`;
    if (!(await slugExists(db, candidate))) return candidate;
  }
  throw conflict('slug', 'could not find a free slug; choose one');
}

async function resolveHosts(db: Kysely<DB>, raw: string[]): Promise<ChatChildren['hosts']> {
  const parsed = raw.map((value, index) => normalizeHostHandle(value, index));
  const locals = await findUsersByHandles(db, parsed.map((p) => p.localCandidate).filter((h): h is string => h !== null));
  const byHandle = new Map(locals.map((u) => [u.handle, u.id]));
  const seen = new Set<string>();
  return parsed
    .filter((p) => (seen.has(p.handle) ? false : (seen.add(p.handle), true)))
    .map((p) => {
      const userId = p.localCandidate ? (byHandle.get(p.localCandidate) ?? null) : null;
      // A plain handle with no local account is someone on another network (e.g. a Twitter @name).
      return { handle: userId !== null || !p.localCandidate ? p.handle : `@${p.handle}`, userId };
    });
}

function numberQuestions(questions: NonNullable<CreateChatInput['questions']>): ChatChildren['questions'] {
  const numbers = new Set<number>();
  return questions.map((q, index) => {
    const number = q.number ?? index + 1;
    if (numbers.has(number)) throw invalid(`questions[${index}].number`, `Q${number} appears twice`);
    numbers.add(number);
    return { number, text: q.text.trim(), offsetMinutes: q.offsetMinutes ?? null };
  });
}
