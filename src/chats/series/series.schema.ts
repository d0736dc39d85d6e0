import { Type } from 'typebox';
import { ChatResponse, ChatStatusSchema } from '../chats.schema.ts';

/** Shapes of recurring series in the API (the request side, `recurrence`, is part of CreateChatBody). */

export const SeriesResponse = Type.Object({
  key: Type.String(),
  frequency: Type.Union([Type.Literal('weekly'), Type.Literal('monthly')]),
  interval: Type.Integer(),
  weekdayOrdinal: Type.Union([Type.Integer(), Type.Null()]),
  timeZone: Type.String(),
  localTime: Type.String({ description: 'Start time in timeZone, HH:mm' }),
  description: Type.String({ description: 'The rule in words, e.g. "Every 2 weeks on Tuesday at 3:00 PM"' }),
  occurrences: Type.Array(
    Type.Object({ slug: Type.String(), url: Type.String(), startsAt: Type.String({ format: 'date-time' }), status: ChatStatusSchema }),
  ),
});

/** The created chat; with `recurrence`, the first date plus the whole series. */
export const CreatedChatResponse = Type.Object({ ...ChatResponse.properties, series: Type.Optional(SeriesResponse) });

export const SeriesKeyParams = Type.Object({ key: Type.String({ maxLength: 40 }) });

export const ExtendSeriesBody = Type.Object(
  { count: Type.Integer({ minimum: 1, maximum: 52, description: 'How many more dates to add after the last one' }) },
  { additionalProperties: false },
);
