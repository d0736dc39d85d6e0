import type { Kysely } from 'kysely';
import type { DB, NewChat, User } from '../db/schema.ts';
import { AppError, conflict, forbidden, invalid, notFound, unauthenticated } from '../errors.ts';
import { policies, type ChatAccess } from '../accounts/policies.ts';
import { findUsersByHandles } from '../accounts/users.repository.ts';
import { isUniqueViolation } from '../accounts/accounts.service.ts';
import type { CreateChatInput, UpdateChatInput } from './chats.schema.ts';
import { normalizeHashtags, normalizeHostHandle, parseInstant, slugify, validateTimeZone } from './chat-input.ts';
import { findChatBySlug, findChatWithHashtags, insertChat, listChats, slugExists, updateChatRow, type ChatChildren, type ChatDetails, type ChatListFilter, type ChatWithHashtags } from './chats.repository.ts';

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

/**
 * The chat a member may post in, as getVisibleChat then policies.postInChat
 * would decide, reading only what posting needs. Drafts take the full path:
 * whether one is missing (404) or closed to posting (403) depends on its hosts.
 */
export async function getChatToPostIn(db: Kysely<DB>, slug: string, user: User): Promise<ChatWithHashtags> {
  const chat = await findChatWithHashtags(db, slug);
  if (!chat) throw notFound('Chat');
  // postInChat refuses drafts and looks at no host: an empty host list decides every other chat.
  if (!policies.postInChat(user, { chat, hostUserIds: [] })) {
    const details = await getVisibleChat(db, slug, user);
    if (!policies.postInChat(user, accessOf(details))) throw forbidden('You cannot post in this chat');
  }
  return chat;
}

export async function getEditableChat(db: Kysely<DB>, slug: string, user: User | null): Promise<ChatDetails> {
  const chat = await getVisibleChat(db, slug, user);
  if (!user) throw unauthenticated();
  if (!policies.editChat(user, accessOf(chat))) throw forbidden('Only the organizer, the hosts or an admin can edit this chat');
  return chat;
}

/** A validated new chat, before it gets its slug: what a single chat and every date of a series start from. */
export interface PreparedChat {
  row: Omit<NewChat, 'slug'>;
  children: ChatChildren;
  /** The slug the organizer asked for, or null to derive one from the title and date. */
  requestedSlug: string | null;
}

/** Authorizes and validates a new chat; shared by createChat and recurring series so both give the same errors. */
export async function prepareNewChat(db: Kysely<DB>, user: User | null, input: CreateChatInput, now = Date.now()): Promise<PreparedChat> {
  if (!user) throw unauthenticated();
  if (!policies.createChat(user)) throw forbidden('Only organizers and admins can schedule chats');

  const timeZone = validateTimeZone(input.timeZone);
  const startsAt = parseInstant(input.startsAt, 'startsAt');
  const endsAt = parseInstant(input.endsAt, 'endsAt');
  checkWindow(startsAt, endsAt);
  const kind = input.kind ?? 'online';
  const venue = input.venue ?? null;
  if (kind !== 'online' && !venue) throw invalid('venue', `is required for ${kind === 'hybrid' ? 'hybrid' : 'in-person'} chats`);
  if (input.slug !== undefined) checkSlug(input.slug);
  const background = checkBackground(input.background ?? '');
  const links = checkLinks(input.links ?? []);

  return {
    row: {
      title: input.title.trim(),
      startsAt,
      endsAt,
      timeZone,
      kind,
      venueName: venue?.name ?? null,
      venueAddress: venue?.address ?? null,
      venueNotes: venue?.notes ?? null,
      background,
      status: input.status ?? 'scheduled',
      organizerId: user.id,
      seriesKey: null,
      allowEarlyPosts: input.allowEarlyPosts ? 1 : 0,
      allowLatePosts: input.allowLatePosts ? 1 : 0,
      createdAt: now,
      updatedAt: now,
    },
    children: {
      hashtags: normalizeHashtags(input.hashtags),
      hosts: await resolveHosts(db, input.hosts ?? [user.handle]),
      questions: numberQuestions(input.questions ?? []),
      links,
    },
    requestedSlug: input.slug ?? null,
  };
}

/** Creates one chat. A `recurrence` in the input is the series service's business and is ignored here. */
export async function createChat(db: Kysely<DB>, user: User | null, input: CreateChatInput, now = Date.now()): Promise<ChatDetails> {
  const { row, children, requestedSlug } = await prepareNewChat(db, user, input, now);
  if (requestedSlug && (await slugExists(db, requestedSlug))) throw conflict('slug', `"${requestedSlug}" is already used by another chat`);
  const slug = requestedSlug ?? (await uniqueSlug(db, slugify(row.title, row.startsAt, row.timeZone)));
  try {
    await insertChat(db, { ...row, slug }, children);
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
  if (input.background !== undefined) changes.background = checkBackground(input.background);
  if (input.status !== undefined) changes.status = input.status;
  if (input.allowEarlyPosts !== undefined) changes.allowEarlyPosts = input.allowEarlyPosts ? 1 : 0;
  if (input.allowLatePosts !== undefined) changes.allowLatePosts = input.allowLatePosts ? 1 : 0;
  if (input.slug !== undefined && input.slug !== chat.slug) {
    checkSlug(input.slug);
    if (await slugExists(db, input.slug)) throw conflict('slug', `"${input.slug}" is already used by another chat`);
    changes.slug = input.slug;
  }
  const children: Partial<ChatChildren> = {};
  if (input.hashtags !== undefined) children.hashtags = normalizeHashtags(input.hashtags);
  if (input.hosts !== undefined) children.hosts = await resolveHosts(db, input.hosts);
  if (input.questions !== undefined) children.questions = numberQuestions(input.questions);
  if (input.links !== undefined) children.links = checkLinks(input.links);
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

/** Paths under /chats/ that a chat slug would shadow. */
const RESERVED_SLUGS = new Set(['new', 'import']);

function checkSlug(slug: string): void {
  if (RESERVED_SLUGS.has(slug)) throw invalid('slug', `"${slug}" is reserved; choose another`);
}

/**
 * Markdown is rendered without raw HTML and sanitized, so a tag could never
 * run; a <script> tag is still refused so the organizer learns it will not
 * work instead of seeing it printed as text. Inside `code` it is fine.
 */
function checkBackground(markdown: string): string {
  const outsideCode = markdown.replace(/```[\s\S]*?```|`[^`\n]*`/g, '');
  if (/<\s*\/?\s*script\b/i.test(outsideCode)) {
    throw invalid('background', 'must not contain <script> tags: write Markdown (put `<script>` in backticks to show it as code)');
  }
  return markdown;
}

/** Only web and mail links: a `javascript:` URL passes the generic URI format but must never become an href. */
function checkLinks(links: ChatChildren['links']): ChatChildren['links'] {
  links.forEach((link, index) => {
    if (!/^(https?:\/\/|mailto:)/i.test(link.url.trim())) throw invalid(`links[${index}].url`, 'must start with https://, http:// or mailto:');
  });
  return links.map((link) => ({ label: link.label.trim(), url: link.url.trim() }));
}

function checkWindow(startsAt: number, endsAt: number): void {
  if (endsAt <= startsAt) throw invalid('endsAt', 'must be after startsAt');
  if (endsAt - startsAt > MAX_CHAT_HOURS * 3600_000) throw invalid('endsAt', `a chat may last at most ${MAX_CHAT_HOURS} hours`);
}

/** `base`, or `base-2`, `base-3`… whichever is free in the database and not in `taken` (slugs chosen for the same batch). */
export async function uniqueSlug(db: Kysely<DB>, base: string, taken: ReadonlySet<string> = new Set()): Promise<string> {
  const free = async (slug: string) => !taken.has(slug) && !(await slugExists(db, slug)) && !RESERVED_SLUGS.has(slug);
  if (await free(base)) return base;
  for (let n = 2; n < 1000; n++) {
    const candidate = `${base}-${n}`;
    if (await free(candidate)) return candidate;
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
