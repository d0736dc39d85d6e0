import { Type, type Static } from 'typebox';
import type { ImportReport } from './import.service.ts';

/** Largest .ics accepted, by the API and the form alike. */
export const MAX_ICS_BYTES = 1024 * 1024;

export const ImportQuery = Type.Object(
  { hashtag: Type.Optional(Type.String({ maxLength: 61, description: 'For events with no #hashtag of their own; required when there are such events' })) },
  { additionalProperties: false },
);
export type ImportQueryParams = Static<typeof ImportQuery>;

const ImportedChat = Type.Object({
  slug: Type.String(),
  title: Type.String(),
  url: Type.String(),
  startsAt: Type.String({ format: 'date-time' }),
  endsAt: Type.String({ format: 'date-time' }),
  timeZone: Type.String(),
});

export const ImportResponse = Type.Object({
  created: Type.Integer(),
  skipped: Type.Integer(),
  rejected: Type.Integer(),
  events: Type.Array(
    Type.Object({
      outcome: Type.Union([Type.Literal('created'), Type.Literal('skipped'), Type.Literal('rejected')]),
      line: Type.Integer({ description: 'Line of the file the event (or, for a rejection, the problem) is on' }),
      uid: Type.Union([Type.String(), Type.Null()]),
      title: Type.String(),
      reason: Type.Union([Type.String(), Type.Null()]),
      notes: Type.Array(Type.String()),
      chat: Type.Union([ImportedChat, Type.Null()]),
    }),
  ),
});

/** The report as JSON: instants as ISO strings, chats with their URL. */
export function presentImport(report: ImportReport, baseUrl: string): Static<typeof ImportResponse> {
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    ...report,
    events: report.events.map((event) => ({
      ...event,
      chat: event.chat ? { ...event.chat, url: `${baseUrl}/chats/${event.chat.slug}`, startsAt: iso(event.chat.startsAt), endsAt: iso(event.chat.endsAt) } : null,
    })),
  };
}
