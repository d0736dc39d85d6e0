import type { ChatKind } from '../../db/schema.ts';
import type { ChatLink } from '../../chats/chats.repository.ts';
import type { EventTimes } from './event-reader.ts';

/** The fields of a chat that an event provides; the service adds slug, organizer and hosts. */
export interface ChatFromEvent {
  title: string;
  background: string;
  startsAt: number;
  endsAt: number;
  timeZone: string;
  kind: ChatKind;
  venue: { name: string; address: string | null } | null;
  hashtags: string[];
  links: ChatLink[];
}

const TITLE_MAX = 200;
const BACKGROUND_MAX = 20_000;
// A # after a letter, digit, & or / is part of a word, an entity or a URL fragment, not a hashtag;
// and a hashtag needs a letter (#2 in "Person #2's birthday" is a number).
const HASHTAG = /(?<![\p{L}\p{N}_&/#])#([\p{N}_]*\p{L}[\p{L}\p{N}_]*)/gu;
// Meeting services people type as LOCATION for an online event.
const ONLINE_PLACE = /^(?:online|virtual|webinar|microsoft teams(?: meeting)?|teams meeting|zoom(?: meeting)?|google meet|skype(?: meeting)?|jitsi(?: meet)?)$/i;

export function chatFromEvent(title: string, times: EventTimes): ChatFromEvent {
  const { venue, joinUrl } = place(times.location);
  const links: ChatLink[] = [];
  if (joinUrl) links.push({ label: 'Join online', url: joinUrl });
  if (times.url && times.url !== joinUrl && times.url.length <= 2000) links.push({ label: 'Event page', url: times.url });
  return {
    title: truncate(title, TITLE_MAX),
    background: truncate(plainTextToMarkdown(times.description), BACKGROUND_MAX),
    startsAt: times.startsAt,
    endsAt: times.endsAt,
    timeZone: times.timeZone,
    kind: venue ? 'in_person' : 'online',
    venue,
    hashtags: hashtagsIn(`${title}\n${times.description}`),
    links,
  };
}

/** #tags as written, first occurrence of each (case-insensitive), at most ten. */
export function hashtagsIn(text: string): string[] {
  const seen = new Set<string>();
  const tags: string[] = [];
  for (const match of text.matchAll(HASHTAG)) {
    const tag = match[1]!.slice(0, 60);
    if (seen.has(tag.toLowerCase())) continue;
    seen.add(tag.toLowerCase());
    tags.push(tag);
  }
  return tags.slice(0, 10);
}

/** LOCATION as a venue ("Name (address)" splits, as Meetup writes it) or, for a link or meeting service, none. */
export function place(location: string): { venue: ChatFromEvent['venue']; joinUrl: string | null } {
  const text = location.trim();
  if (!text || ONLINE_PLACE.test(text)) return { venue: null, joinUrl: null };
  if (/^https?:\/\/\S+$/i.test(text)) return { venue: null, joinUrl: text.length <= 2000 ? text : null };
  const named = /^(.+?)\s*\((.+)\)$/.exec(text);
  if (named) return { venue: { name: truncate(named[1]!, 200), address: truncate(named[2]!, 500) }, joinUrl: null };
  return { venue: { name: truncate(text, 200), address: null }, joinUrl: null };
}

/** Plain text keeps its line breaks in Markdown only as hard breaks (two trailing spaces). */
export function plainTextToMarkdown(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .trim()
    .split(/\n{2,}/)
    .map((paragraph) => paragraph.split('\n').map((line) => line.trimEnd()).join('  \n'))
    .join('\n\n');
}

function truncate(text: string, max: number): string {
  const chars = [...text.trim()];
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}
