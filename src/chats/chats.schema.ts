import { Type, type Static } from 'typebox';

/** Request and response shapes of the chats API; the OpenAPI document is generated from these. */

export const ChatKindSchema = Type.Enum(['online', 'in_person', 'hybrid']);
export const ChatStatusSchema = Type.Enum(['draft', 'scheduled', 'live', 'ended']);

const Venue = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    address: Type.Optional(Type.String({ maxLength: 500 })),
    notes: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);

const QuestionInput = Type.Object(
  {
    number: Type.Optional(Type.Integer({ minimum: 1, maximum: 99 })),
    text: Type.String({ minLength: 1, maxLength: 500 }),
    offsetMinutes: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 24 * 60 }), Type.Null()])),
  },
  { additionalProperties: false },
);

const LinkInput = Type.Object(
  { label: Type.String({ minLength: 1, maxLength: 200 }), url: Type.String({ format: 'uri', maxLength: 2000 }) },
  { additionalProperties: false },
);

const chatFields = {
  slug: Type.String({ pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$', maxLength: 80, description: 'URL name; generated from the title and date when omitted' }),
  title: Type.String({ minLength: 1, maxLength: 200 }),
  hashtags: Type.Array(Type.String({ minLength: 1, maxLength: 60 }), { minItems: 1, maxItems: 10, description: 'With or without #' }),
  startsAt: Type.String({ format: 'date-time' }),
  endsAt: Type.String({ format: 'date-time' }),
  timeZone: Type.String({ minLength: 1, maxLength: 64, description: 'IANA zone, e.g. America/New_York' }),
  kind: ChatKindSchema,
  venue: Type.Union([Venue, Type.Null()]),
  background: Type.String({ maxLength: 20000, description: 'Markdown' }),
  hosts: Type.Array(Type.String({ minLength: 1, maxLength: 120 }), { maxItems: 20, description: 'Local handles or @name@server' }),
  questions: Type.Array(QuestionInput, { maxItems: 50 }),
  links: Type.Array(LinkInput, { maxItems: 30 }),
  status: ChatStatusSchema,
  allowEarlyPosts: Type.Boolean({ description: 'Members may post before the start (default false)' }),
  allowLatePosts: Type.Boolean({ description: 'Members may post after the end (default false)' }),
};

/** A recurring series from one create request; see src/chats/series/. */
export const RecurrenceInput = Type.Object(
  {
    // Enums rather than unions of literals: the validator then says which values are allowed.
    frequency: Type.Enum(['weekly', 'monthly']),
    interval: Type.Optional(Type.Integer({ minimum: 1, maximum: 12, description: 'Weeks (weekly) or months (monthly) between dates; default 1' })),
    weekdayOrdinal: Type.Optional(
      Type.Enum([1, 2, 3, 4, -1], {
        description: 'Monthly only: which weekday of the month, e.g. 2 for "second Tuesday", -1 for the last. Defaults to the one startsAt falls on, which it must match.',
      }),
    ),
    count: Type.Integer({ minimum: 2, maximum: 52, description: 'How many dates to create, the first included' }),
  },
  {
    additionalProperties: false,
    description:
      'Makes a series: one chat per date, each with its own slug (title + local date) and page, at the same wall-clock time in timeZone across daylight-saving changes. The weekday is the one startsAt falls on in timeZone.',
  },
);
export type RecurrenceParams = Static<typeof RecurrenceInput>;

export const CreateChatBody = Type.Object(
  {
    ...chatFields,
    recurrence: Type.Optional(RecurrenceInput),
    slug: Type.Optional(chatFields.slug),
    kind: Type.Optional(chatFields.kind),
    venue: Type.Optional(chatFields.venue),
    background: Type.Optional(chatFields.background),
    hosts: Type.Optional(chatFields.hosts),
    questions: Type.Optional(chatFields.questions),
    links: Type.Optional(chatFields.links),
    status: Type.Optional(chatFields.status),
    allowEarlyPosts: Type.Optional(chatFields.allowEarlyPosts),
    allowLatePosts: Type.Optional(chatFields.allowLatePosts),
  },
  { additionalProperties: false },
);
export type CreateChatInput = Static<typeof CreateChatBody>;

export const UpdateChatBody = Type.Partial(Type.Object(chatFields), { additionalProperties: false });
export type UpdateChatInput = Static<typeof UpdateChatBody>;

export const ChatResponse = Type.Object({
  slug: Type.String(),
  title: Type.String(),
  hashtags: Type.Array(Type.String()),
  startsAt: Type.String({ format: 'date-time' }),
  endsAt: Type.String({ format: 'date-time' }),
  timeZone: Type.String(),
  kind: ChatKindSchema,
  venue: Type.Union([Type.Object({ name: Type.String(), address: Type.Union([Type.String(), Type.Null()]), notes: Type.Union([Type.String(), Type.Null()]) }), Type.Null()]),
  background: Type.String(),
  hosts: Type.Array(Type.String()),
  questions: Type.Array(
    Type.Object({
      number: Type.Integer(),
      text: Type.String(),
      offsetMinutes: Type.Union([Type.Integer(), Type.Null()]),
      releasedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    }),
  ),
  links: Type.Array(Type.Object({ label: Type.String(), url: Type.String() })),
  status: ChatStatusSchema,
  allowEarlyPosts: Type.Boolean(),
  allowLatePosts: Type.Boolean(),
  organizer: Type.Union([Type.String(), Type.Null()]),
  url: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const ChatListQuery = Type.Object(
  {
    when: Type.Optional(Type.Union([Type.Literal('upcoming'), Type.Literal('past'), Type.Literal('all')], { default: 'all' })),
    tag: Type.Optional(Type.String({ maxLength: 60 })),
    host: Type.Optional(Type.String({ maxLength: 120 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type ChatListParams = Static<typeof ChatListQuery>;

export const ChatListResponse = Type.Object({
  chats: Type.Array(ChatResponse),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});

export const SlugParams = Type.Object({ slug: Type.String({ maxLength: 80 }) });
