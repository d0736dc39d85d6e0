import { DateTime } from 'luxon';
import type { User } from '../../db/schema.ts';
import type { ChatDetails } from '../chats.repository.ts';
import { FORM_FIELDS, type ChatFormValues } from './chat-form.parse.ts';

const LOCAL_FORMAT = "yyyy-LL-dd'T'HH:mm";

function blank(): ChatFormValues {
  return Object.fromEntries(FORM_FIELDS.map((field) => [field, ''])) as ChatFormValues;
}

/** A new chat's form: in the organizer's own zone (or the browser's, filled in by the client script), hosted by them. */
export function newChatValues(user: User): ChatFormValues {
  return { ...blank(), timeZone: user.timeZone ?? '', kind: 'online', status: 'scheduled', hosts: `@${user.handle}`, repeat: 'none', repeatInterval: '1', repeatCount: '6' };
}

/** An existing chat written back the way the form takes it; parsing the result gives the chat again. */
export function valuesFromChat(chat: ChatDetails): ChatFormValues {
  const local = (at: number) => DateTime.fromMillis(at, { zone: chat.timeZone }).toFormat(LOCAL_FORMAT);
  return {
    ...blank(),
    title: chat.title,
    slug: chat.slug,
    hashtags: chat.hashtags.map((h) => `#${h.display}`).join(' '),
    timeZone: chat.timeZone,
    startsAt: local(chat.startsAt),
    endsAt: local(chat.endsAt),
    kind: chat.kind,
    venueName: chat.venueName ?? '',
    venueAddress: chat.venueAddress ?? '',
    venueNotes: chat.venueNotes ?? '',
    background: chat.background,
    // Local accounts are stored bare (`dana`); written as @dana they parse back to the same host.
    hosts: chat.hosts.map((h) => (h.userId !== null ? `@${h.handle}` : h.handle)).join('\n'),
    questions: chat.questions.map((q) => `${q.offsetMinutes !== null ? `+${q.offsetMinutes} ` : ''}${q.text}`).join('\n'),
    links: chat.links.map((l) => `${l.label} | ${l.url}`).join('\n'),
    status: chat.status,
    repeat: 'none',
  };
}
