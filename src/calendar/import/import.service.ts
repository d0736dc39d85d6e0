import type { Kysely } from 'kysely';
import type { DB, NewChat, User } from '../../db/schema.ts';
import { conflict, forbidden, invalid, unauthenticated } from '../../errors.ts';
import { policies } from '../../accounts/policies.ts';
import { isUniqueViolation } from '../../accounts/accounts.service.ts';
import { normalizeHashtag, normalizeHashtags, slugify } from '../../chats/chat-input.ts';
import { insertChats, slugExists, type ChatChildren } from '../../chats/chats.repository.ts';
import { findImportedChats } from '../calendar.repository.ts';
import type { PlannedEvent } from './choose-events.ts';
import { chatFromEvent, type ChatFromEvent } from './event-to-chat.ts';
import { decodeCalendarBytes } from './ics-structure.ts';
import { readCalendar } from './ics-reader.ts';

export interface ImportInput {
  bytes: Uint8Array;
  /** For events with no #hashtag of their own. */
  hashtag?: string | undefined;
  /** How errors about the file name it: `file` on the form, `body` in the API. */
  fileField: string;
}

export interface ImportOutcome {
  outcome: 'created' | 'skipped' | 'rejected';
  /** Where the event starts in the file (for a rejection: where the problem is). */
  line: number;
  uid: string | null;
  title: string;
  reason: string | null;
  notes: string[];
  chat: { slug: string; title: string; startsAt: number; endsAt: number; timeZone: string } | null;
}

export interface ImportReport {
  created: number;
  skipped: number;
  rejected: number;
  events: ImportOutcome[];
}

/**
 * Creates a chat for each new event of an iCalendar file (see
 * choose-events.ts for which VEVENTs count). Every chat of one import is
 * inserted in one transaction; a file that cannot be read stores nothing.
 */
export async function importCalendar(db: Kysely<DB>, user: User | null, input: ImportInput, now = Date.now()): Promise<ImportReport> {
  if (!user) throw unauthenticated();
  if (!policies.createChat(user)) throw forbidden('Only organizers and admins can import chats');
  const fallback = input.hashtag?.trim() ? normalizeHashtag(input.hashtag, 'hashtag') : null;
  const plans = readCalendar(decodeCalendarBytes(input.bytes, input.fileField), input.fileField);

  const candidates = plans.map((plan) => (plan.decision.kind === 'import' ? chatFromEvent(plan.title, plan.decision.times) : null));
  const untagged = plans.filter((_, index) => candidates[index]?.hashtags.length === 0);
  if (untagged.length > 0 && !fallback) {
    const example = untagged[0]!;
    throw invalid('hashtag', `is required: ${untagged.length === 1 ? 'an event has' : `${untagged.length} events have`} no #hashtag in the title or description (e.g. "${example.title}" on line ${example.line})`);
  }

  const already = await findImportedChats(db, plans.map((p) => p.key));
  const taken = new Set<string>();
  const rows: Array<{ chat: NewChat; children: ChatChildren; index: number }> = [];
  const outcomes = plans.map((plan, index): ImportOutcome => {
    const base = { line: plan.line, uid: plan.uid, title: plan.title, notes: plan.notes, chat: null };
    if (plan.decision.kind !== 'import') return { ...base, outcome: plan.decision.kind, reason: plan.decision.reason, line: plan.decision.line };
    const existing = already.get(plan.key);
    if (existing) return { ...base, outcome: 'skipped', reason: `already imported as /chats/${existing}`, notes: [] };
    rows.push({ ...rowFor(plan, candidates[index]!, user, fallback, now), index });
    return { ...base, outcome: 'created', reason: null };
  });

  for (const row of rows) row.chat.slug = await freeSlug(db, row.chat.slug, taken);
  try {
    await insertChats(db, rows);
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(input.fileField, 'some of these events were imported by another request at the same moment; import the file again to see what is left');
    throw error;
  }
  for (const row of rows) {
    const { slug, title, startsAt, endsAt, timeZone } = row.chat;
    outcomes[row.index]!.chat = { slug, title, startsAt, endsAt, timeZone };
  }
  const count = (outcome: ImportOutcome['outcome']) => outcomes.filter((o) => o.outcome === outcome).length;
  return { created: count('created'), skipped: count('skipped'), rejected: count('rejected'), events: outcomes };
}

function rowFor(plan: PlannedEvent, event: ChatFromEvent, user: User, fallback: { display: string } | null, now: number): { chat: NewChat; children: ChatChildren } {
  const chat: NewChat = {
    slug: slugify(event.title, event.startsAt, event.timeZone),
    title: event.title,
    startsAt: event.startsAt,
    endsAt: event.endsAt,
    timeZone: event.timeZone,
    kind: event.kind,
    venueName: event.venue?.name ?? null,
    venueAddress: event.venue?.address ?? null,
    venueNotes: null,
    background: event.background,
    status: 'scheduled',
    organizerId: user.id,
    seriesKey: null,
    allowEarlyPosts: 0,
    allowLatePosts: 0,
    sourceUid: plan.key,
    createdAt: now,
    updatedAt: now,
  };
  const children: ChatChildren = {
    hashtags: normalizeHashtags(event.hashtags.length > 0 ? event.hashtags : [fallback!.display]),
    hosts: [{ handle: user.handle, userId: user.id }],
    questions: [],
    links: event.links,
  };
  return { chat, children };
}

/** The slug, or slug-2, slug-3…: free in the database and among this import's other chats. */
async function freeSlug(db: Kysely<DB>, base: string, taken: Set<string>): Promise<string> {
  for (let n = 1; n < 1000; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    if (!taken.has(candidate) && !(await slugExists(db, candidate))) {
      taken.add(candidate);
      return candidate;
    }
  }
  throw conflict('slug', `could not find a free address for "${base}"`);
}
