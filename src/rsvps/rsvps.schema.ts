import { Type } from 'typebox';
import { CAPACITY_MAX } from './place-settings.ts';
import { ANSWER_MAX_LENGTH, QUESTION_MAX_LENGTH } from './rsvp-rules.ts';

/** Request and response shapes of the RSVP API; the OpenAPI document is generated from these. */

const PlaceMode = Type.Enum(['first_come', 'application'], { description: 'first_come: places go in order, then a waitlist; application: organizers decide' });
const RsvpStatus = Type.Enum(['going', 'interested', 'confirmed', 'accepted', 'waitlisted', 'applied', 'declined', 'cancelled']);
const Attendance = Type.Union([Type.Enum(['in_person', 'online']), Type.Null()]);
const Instant = Type.String({ format: 'date-time' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

export const HandleParams = Type.Object({ slug: Type.String({ maxLength: 80 }), handle: Type.String({ maxLength: 60 }) });

export const PlacesBody = Type.Object(
  {
    // One `type` list rather than anyOf: Fastify's Ajv coerces types, and in an
    // anyOf it would turn 0 into null (no limit) instead of refusing it.
    capacity: Type.Unsafe<number | null>({ type: ['integer', 'null'], minimum: 1, maximum: CAPACITY_MAX, description: 'null: no limit' }),
    mode: PlaceMode,
    question: Type.Optional(Nullable(Type.String({ maxLength: QUESTION_MAX_LENGTH, description: 'Asked of everyone who requests a place' }))),
    open: Type.Optional(Type.Boolean({ description: 'false stops new requests for places (default true)' })),
  },
  { additionalProperties: false },
);

export const RsvpBody = Type.Object(
  {
    response: Type.Enum(['going', 'interested', 'place'], { description: 'going/interested: online (online and hybrid chats); place: a place at the venue' }),
    answer: Type.Optional(Nullable(Type.String({ maxLength: ANSWER_MAX_LENGTH, description: 'Answer to the place question' }))),
  },
  { additionalProperties: false },
);

export const DecisionBody = Type.Object({ decision: Type.Enum(['accept', 'decline', 'waitlist']) }, { additionalProperties: false });

export const PlacesResponse = Type.Object({
  capacity: Nullable(Type.Integer()),
  mode: PlaceMode,
  question: Nullable(Type.String()),
  open: Type.Boolean(),
  taken: Type.Integer(),
  left: Nullable(Type.Integer({ description: 'null: no limit' })),
  waitlisted: Type.Integer(),
  applied: Type.Integer(),
});

export const SummaryResponse = Type.Object({
  kind: Type.Enum(['online', 'in_person', 'hybrid']),
  places: Nullable(PlacesResponse),
  online: Nullable(Type.Object({ going: Type.Integer(), interested: Type.Integer() })),
});

export const MyRsvpResponse = Type.Object({
  status: RsvpStatus,
  attendance: Attendance,
  answer: Nullable(Type.String()),
  waitlistPosition: Nullable(Type.Integer()),
  createdAt: Instant,
  updatedAt: Instant,
});

export const AttendeeResponse = Type.Object({
  handle: Type.String(),
  displayName: Type.String(),
  status: RsvpStatus,
  attendance: Attendance,
  answer: Nullable(Type.String()),
  waitlistPosition: Nullable(Type.Integer()),
  createdAt: Instant,
  updatedAt: Instant,
  decidedBy: Nullable(Type.String()),
  decidedAt: Nullable(Instant),
});

export const RsvpStateResponse = Type.Object({ summary: SummaryResponse, mine: Nullable(MyRsvpResponse) });

export const RsvpListResponse = Type.Object({
  summary: SummaryResponse,
  mine: Nullable(MyRsvpResponse),
  canManage: Type.Boolean(),
  rsvps: Type.Array(AttendeeResponse, { description: 'Everyone’s RSVP, for the people who manage attendees (canManage); empty for everyone else, who see their own in `mine`' }),
});

export const DecisionResponse = Type.Object({ summary: SummaryResponse, rsvp: AttendeeResponse });
