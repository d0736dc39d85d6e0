import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import { DateTime } from 'luxon';
import type { DB, User } from '../../db/schema.ts';
import { conflict, forbidden, invalid, notFound, unauthenticated } from '../../errors.ts';
import { isUniqueViolation } from '../../accounts/accounts.service.ts';
import { policies } from '../../accounts/policies.ts';
import { slugify } from '../chat-input.ts';
import type { CreateChatInput } from '../chats.schema.ts';
import { findChatsBySeries, slugExists, type ChatChildren, type ChatDetails } from '../chats.repository.ts';
import { accessOf, prepareNewChat, uniqueSlug, type PreparedChat } from '../chats.service.ts';
import { occurrenceStart, ruleFor, type RecurrenceRule } from './recurrence.ts';
import { appendOccurrences, findSeriesByKey, insertSeries, type NewOccurrence, type SeriesRow } from './series.repository.ts';

/** A series has a few years of weekly dates at most; more is a typo in `count`. */
export const MAX_SERIES_DATES = 520;

export interface SeriesView {
  series: SeriesRow;
  rule: RecurrenceRule;
  /** The dates this viewer may see, earliest first. */
  occurrences: ChatDetails[];
}

/** Creates every date of a new series in one transaction: all of them, or none. */
export async function createSeries(db: Kysely<DB>, user: User | null, input: CreateChatInput, now = Date.now()): Promise<SeriesView> {
  const recurrence = input.recurrence;
  if (!recurrence) throw invalid('recurrence', 'is required to create a series');
  const prepared = await prepareNewChat(db, user, input, now);
  const rule = ruleFor(prepared.row.startsAt, prepared.row.timeZone, recurrence);
  const key = crypto.randomBytes(6).toString('hex');
  const template: PreparedChat = { ...prepared, row: { ...prepared.row, seriesKey: key } };
  const durationMs = prepared.row.endsAt - prepared.row.startsAt;
  const occurrences = await buildOccurrences(db, rule, range(0, recurrence.count), template, durationMs);
  try {
    await insertSeries(
      db,
      {
        key,
        frequency: rule.frequency,
        repeatInterval: rule.interval,
        weekdayOrdinal: rule.weekdayOrdinal,
        firstDate: rule.firstDate,
        localTime: rule.localTime,
        durationMinutes: Math.round(durationMs / 60_000),
        timeZone: rule.timeZone,
        generatedCount: recurrence.count,
        organizerId: prepared.row.organizerId ?? null,
        createdAt: now,
        updatedAt: now,
      },
      occurrences,
    );
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict('slug', 'another chat took one of the series’ slugs at the same moment; try again');
    throw error;
  }
  return getSeries(db, user, key);
}

/** Adds `count` dates after the last one generated, copying the latest date's details (its edits included). */
export async function extendSeries(db: Kysely<DB>, user: User | null, key: string, count: number, now = Date.now()): Promise<SeriesView> {
  if (!user) throw unauthenticated();
  const series = await findSeriesByKey(db, key);
  const dates = series ? await findChatsBySeries(db, key) : [];
  const latest = dates.at(-1);
  if (!series || !latest || !policies.viewChat(user, accessOf(latest))) throw notFound('Series');
  if (!policies.createChat(user) || !policies.editChat(user, accessOf(latest))) {
    throw forbidden('Only organizers who may edit this series can add dates to it');
  }
  if (!Number.isInteger(count) || count < 1 || count > 52) throw invalid('count', 'must be a whole number from 1 to 52');
  if (series.generatedCount + count > MAX_SERIES_DATES) throw invalid('count', `a series can have at most ${MAX_SERIES_DATES} dates`);

  const rule = ruleOf(series);
  const template: PreparedChat = {
    row: {
      title: latest.title,
      startsAt: 0,
      endsAt: 0,
      timeZone: series.timeZone,
      kind: latest.kind,
      venueName: latest.venueName,
      venueAddress: latest.venueAddress,
      venueNotes: latest.venueNotes,
      background: latest.background,
      // A date that already happened (live, ended) is no model for a future one's status.
      status: latest.status === 'draft' ? 'draft' : 'scheduled',
      organizerId: series.organizerId,
      seriesKey: key,
      allowEarlyPosts: latest.allowEarlyPosts,
      allowLatePosts: latest.allowLatePosts,
      createdAt: now,
      updatedAt: now,
    },
    children: childrenOf(latest),
    requestedSlug: null,
  };
  const occurrences = await buildOccurrences(db, rule, range(series.generatedCount, count), template, series.durationMinutes * 60_000);
  const appended = await appendOccurrences(db, series.id, series.generatedCount, occurrences, now);
  if (!appended) throw conflict('series', 'someone else added dates at the same moment; reload and try again');
  return getSeries(db, user, key);
}

/** The series with the dates this viewer may see; hidden entirely when they may see none. */
export async function getSeries(db: Kysely<DB>, viewer: User | null, key: string): Promise<SeriesView> {
  const series = await findSeriesByKey(db, key);
  const occurrences = series ? (await findChatsBySeries(db, key)).filter((chat) => policies.viewChat(viewer, accessOf(chat))) : [];
  if (!series || occurrences.length === 0) throw notFound('Series');
  return { series, rule: ruleOf(series), occurrences };
}

/** For a chat page: the other dates of its series, or null when it has none. */
export async function seriesOfChat(db: Kysely<DB>, viewer: User | null, chat: ChatDetails): Promise<(SeriesView & { canExtend: boolean }) | null> {
  if (!chat.seriesKey) return null;
  const series = await findSeriesByKey(db, chat.seriesKey);
  if (!series) return null;
  const occurrences = (await findChatsBySeries(db, chat.seriesKey)).filter((c) => policies.viewChat(viewer, accessOf(c)));
  const canExtend = policies.createChat(viewer) && policies.editChat(viewer, accessOf(chat));
  return { series, rule: ruleOf(series), occurrences, canExtend };
}

export function ruleOf(series: SeriesRow): RecurrenceRule {
  return {
    frequency: series.frequency,
    interval: series.repeatInterval,
    weekdayOrdinal: series.weekdayOrdinal,
    firstDate: series.firstDate,
    localTime: series.localTime,
    timeZone: series.timeZone,
  };
}

/** One chat per index: the template at that date's wall-clock start, with a slug carrying its local date. */
async function buildOccurrences(
  db: Kysely<DB>,
  rule: RecurrenceRule,
  indices: number[],
  template: PreparedChat,
  durationMs: number,
): Promise<NewOccurrence[]> {
  const taken = new Set<string>();
  const occurrences: NewOccurrence[] = [];
  for (const index of indices) {
    const startsAt = occurrenceStart(rule, index);
    let slug: string;
    if (template.requestedSlug) {
      // A chosen slug is a promise to the organizer: refuse rather than silently renumber.
      slug = `${template.requestedSlug}-${DateTime.fromMillis(startsAt, { zone: rule.timeZone }).toISODate()}`;
      if (taken.has(slug) || (await slugExists(db, slug))) throw conflict('slug', `"${slug}" is already used by another chat`);
    } else {
      slug = await uniqueSlug(db, slugify(template.row.title, startsAt, rule.timeZone), taken);
    }
    taken.add(slug);
    occurrences.push({ chat: { ...template.row, slug, startsAt, endsAt: startsAt + durationMs }, children: template.children });
  }
  return occurrences;
}

function childrenOf(chat: ChatDetails): ChatChildren {
  return {
    hashtags: chat.hashtags,
    hosts: chat.hosts,
    questions: chat.questions.map(({ number, text, offsetMinutes }) => ({ number, text, offsetMinutes })),
    links: chat.links,
  };
}

function range(start: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => start + i);
}
