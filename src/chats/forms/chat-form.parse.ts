import { Type, type Static } from 'typebox';
import { invalid } from '../../errors.ts';
import type { ChatKind, ChatStatus } from '../../db/schema.ts';
import { localToInstant, validateTimeZone } from '../chat-input.ts';
import type { CreateChatInput } from '../chats.schema.ts';

/**
 * The chat form as posted (every field a string) and its translation into
 * the API's CreateChatInput, so the form and the JSON API share one
 * validation path in chats.service. Errors name the API field
 * (`questions[2].text`); chat-form.errors.ts points them at form fields.
 */

const text = (maxLength: number) => Type.Optional(Type.String({ maxLength }));

export const ChatFormBody = Type.Object({
  title: text(1000),
  slug: text(200),
  hashtags: text(2000),
  timeZone: text(100),
  startsAt: text(100),
  endsAt: text(100),
  kind: text(20),
  venueName: text(1000),
  venueAddress: text(2000),
  venueNotes: text(5000),
  background: text(40000),
  hosts: text(5000),
  questions: text(40000),
  links: text(40000),
  status: text(20),
  repeat: text(20),
  repeatInterval: text(10),
  repeatOrdinal: text(10),
  repeatCount: text(10),
  _csrf: Type.Optional(Type.String()),
});

export const FORM_FIELDS = [
  'title', 'slug', 'hashtags', 'timeZone', 'startsAt', 'endsAt', 'kind', 'venueName', 'venueAddress', 'venueNotes',
  'background', 'hosts', 'questions', 'links', 'status', 'repeat', 'repeatInterval', 'repeatOrdinal', 'repeatCount',
] as const;
export type FormField = (typeof FORM_FIELDS)[number];
export type ChatFormValues = Record<FormField, string>;

/** The posted body with every field present (missing ones empty), as the form re-renders it. */
export function formValues(body: Static<typeof ChatFormBody>): ChatFormValues {
  const values = {} as ChatFormValues;
  for (const field of FORM_FIELDS) values[field] = (body[field] ?? '').replace(/\r\n?/g, '\n');
  return values;
}

const KINDS: readonly ChatKind[] = ['online', 'in_person', 'hybrid'];
const STATUSES: readonly ChatStatus[] = ['draft', 'scheduled', 'live', 'ended'];
const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;

export function parseChatForm(values: ChatFormValues, options: { allowRepeat: boolean }): CreateChatInput {
  const title = values.title.trim();
  if (!title) throw invalid('title', 'is required');
  const hashtags = splitList(values.hashtags);
  if (hashtags.length === 0) throw invalid('hashtags', 'needs at least one hashtag, e.g. #musesocial');
  if (!values.timeZone.trim()) throw invalid('timeZone', 'choose the time zone the start and end are in');
  const timeZone = validateTimeZone(values.timeZone.trim());
  const kind = oneOf(values.kind || 'online', KINDS, 'kind', 'choose online, in person or hybrid');
  const status = oneOf(values.status || 'scheduled', STATUSES, 'status', 'choose draft, scheduled, live or ended');
  const slug = values.slug.trim().toLowerCase();
  if (slug && !/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(slug)) throw invalid('slug', 'use lower-case letters, digits and single hyphens, e.g. museums-and-ai');

  const input: CreateChatInput = {
    title,
    hashtags,
    timeZone,
    startsAt: wallClock(values.startsAt, timeZone, 'startsAt'),
    endsAt: wallClock(values.endsAt, timeZone, 'endsAt'),
    kind,
    venue: kind === 'online' ? null : parseVenue(values),
    background: values.background,
    hosts: splitList(values.hosts),
    questions: parseQuestions(values.questions),
    links: parseLinks(values.links),
    status,
    ...(slug ? { slug } : {}),
  };
  const repeat = options.allowRepeat ? values.repeat || 'none' : 'none';
  if (repeat !== 'none') input.recurrence = parseRepeat(repeat, values);
  return input;
}

/** Hashtags and hosts: separated by commas, spaces or new lines. */
export function splitList(value: string): string[] {
  return value.split(/[\s,]+/).filter(Boolean);
}

/**
 * One question per line, optionally led by its planned release in minutes
 * after the start: `+15 What do you post?` or `[15] What do you post?`.
 * A leading `Q3:` is dropped, since numbering is by line.
 */
export function parseQuestions(value: string): NonNullable<CreateChatInput['questions']> {
  return value
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line, index) => {
      const match = /^(?:\+\s*(\d+)|\[\s*(\d+)\s*\])\s*(.*)$/.exec(line);
      const offset = match ? Number(match[1] ?? match[2]) : null;
      const questionText = (match ? match[3]! : line).replace(/^Q\d+\s*[:.)-]?\s+/i, '').trim();
      if (!questionText) throw invalid(`questions[${index}].text`, 'has a release time but no question');
      return offset === null ? { text: questionText } : { text: questionText, offsetMinutes: offset };
    });
}

/** One link per line: `Label | https://…`, or just the address. */
export function parseLinks(value: string): NonNullable<CreateChatInput['links']> {
  return value
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const bar = line.indexOf('|');
      if (bar === -1) return { label: line, url: line };
      const label = line.slice(0, bar).trim();
      const url = line.slice(bar + 1).trim();
      return { label: label || url, url };
    });
}

function parseVenue(values: ChatFormValues): CreateChatInput['venue'] {
  const name = values.venueName.trim();
  const address = values.venueAddress.trim();
  const notes = values.venueNotes.trim();
  if (!name && (address || notes)) throw invalid('venue.name', 'is required when an address or notes are given');
  if (!name) return null; // the service explains that in-person and hybrid chats need one
  return { name, ...(address ? { address } : {}), ...(notes ? { notes } : {}) };
}

function parseRepeat(repeat: string, values: ChatFormValues): NonNullable<CreateChatInput['recurrence']> {
  if (repeat !== 'weekly' && repeat !== 'monthly') throw invalid('recurrence', 'choose no repeat, weekly or monthly');
  const count = wholeNumber(values.repeatCount, 'recurrence.count', 'the number of dates, from 2 to 52');
  if (count === null) throw invalid('recurrence.count', 'how many dates? Enter a number from 2 to 52');
  const interval = wholeNumber(values.repeatInterval, 'recurrence.interval', 'a number of weeks or months, from 1 to 12');
  const ordinal = repeat === 'monthly' ? wholeNumber(values.repeatOrdinal, 'recurrence.weekdayOrdinal', 'first, second, third, fourth or last') : null;
  if (ordinal !== null && ![1, 2, 3, 4, -1].includes(ordinal)) throw invalid('recurrence.weekdayOrdinal', 'must be first, second, third, fourth or last');
  return {
    frequency: repeat,
    count,
    ...(interval !== null ? { interval } : {}),
    ...(ordinal !== null ? { weekdayOrdinal: ordinal as 1 | 2 | 3 | 4 | -1 } : {}),
  };
}

/** A `datetime-local` value (or `2026-03-10 15:00`) in `zone`, as the ISO instant the API takes. */
function wallClock(value: string, zone: string, field: 'startsAt' | 'endsAt'): string {
  const local = value.trim().replace(' ', 'T');
  if (!local) throw invalid(field, 'is required');
  if (!LOCAL_DATE_TIME.test(local)) throw invalid(field, 'must be a date and time like 2026-03-10T15:00');
  return new Date(localToInstant(local, zone, field)).toISOString();
}

function wholeNumber(value: string, field: string, what: string): number | null {
  const trimmed = value.trim();
  if (!trimmed) return null;
  if (!/^-?\d+$/.test(trimmed)) throw invalid(field, `must be ${what}`);
  return Number(trimmed);
}

function oneOf<T extends string>(value: string, allowed: readonly T[], field: string, message: string): T {
  if (!(allowed as readonly string[]).includes(value)) throw invalid(field, message);
  return value as T;
}
