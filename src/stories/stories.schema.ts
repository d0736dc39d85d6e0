import { Type, type Static } from 'typebox';
import { PostResponse } from '../posts/posts.schema.ts';

/** Request and response shapes of /api/v1/stories; the OpenAPI document is generated from these. */

const StoryStatusSchema = Type.Enum(['draft', 'published']);

export const StoryParams = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,15}$', description: 'The story id' }) });

export const StoryListQuery = Type.Object(
  {
    chat: Type.Optional(Type.String({ maxLength: 80, description: 'Only stories of this chat (slug)' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  },
  { additionalProperties: false },
);

export const CreateStoryBody = Type.Object(
  {
    chat: Type.Optional(Type.String({ minLength: 1, maxLength: 80, description: 'The chat the story tells (slug)' })),
    chats: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 80 }), { minItems: 1, maxItems: 52, description: 'Several chats (e.g. a series), main chat first' })),
    title: Type.Optional(Type.String({ maxLength: 200 })),
    introduction: Type.Optional(Type.String({ maxLength: 20000, description: 'Markdown' })),
    draft: Type.Optional(Type.Boolean({ description: 'Draft the sections automatically from the (first) chat: key answers per question, other conversation, links' })),
  },
  { additionalProperties: false },
);

const ItemInput = Type.Object(
  {
    id: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}$', description: 'An existing item (kept and moved); omit for a new one' })),
    post: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}$', description: 'A post of the story’s chats' })),
    text: Type.Optional(Type.String({ maxLength: 10000, description: 'The curator’s Markdown' })),
  },
  { additionalProperties: false },
);

const SectionInput = Type.Object(
  {
    id: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}$' })),
    heading: Type.String({ maxLength: 200 }),
    items: Type.Array(ItemInput, { maxItems: 600 }),
  },
  { additionalProperties: false },
);

export const UpdateStoryBody = Type.Object(
  {
    title: Type.Optional(Type.String({ maxLength: 200 })),
    introduction: Type.Optional(Type.String({ maxLength: 20000, description: 'Markdown' })),
    status: Type.Optional(StoryStatusSchema),
    sections: Type.Optional(Type.Array(SectionInput, { maxItems: 60, description: 'The whole structure in order; items and sections left out are removed' })),
    curators: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 120 }), { maxItems: 50, description: 'Co-curators’ handles (replaces the list; organizer or admin only)' })),
    baseVersion: Type.Optional(Type.Integer({ minimum: 0, description: 'The `version` the edit was made on: when the story changed since, the answer is 409 conflict and nothing is saved' })),
  },
  { additionalProperties: false },
);

const ItemResponse = Type.Object({
  id: Type.String(),
  kind: Type.Enum(['post', 'text']),
  post: Type.Optional(PostResponse),
  text: Type.Optional(Type.String()),
  html: Type.Optional(Type.String({ description: 'The text rendered to sanitized HTML' })),
});

export const StoryResponse = Type.Object({
  id: Type.String(),
  url: Type.String(),
  title: Type.String(),
  introduction: Type.String(),
  status: StoryStatusSchema,
  version: Type.Integer({ description: 'Changes with every save; send it back as baseVersion' }),
  chats: Type.Array(Type.Object({ slug: Type.String(), title: Type.String(), url: Type.String() })),
  curators: Type.Array(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  publishedAt: Type.Union([Type.String(), Type.Null()]),
  sections: Type.Array(Type.Object({ id: Type.String(), heading: Type.String(), items: Type.Array(ItemResponse) })),
});

export const StoryListResponse = Type.Object({
  stories: Type.Array(Type.Object({ id: Type.String(), url: Type.String(), title: Type.String(), status: StoryStatusSchema, chats: Type.Array(Type.String()), updatedAt: Type.String(), publishedAt: Type.Union([Type.String(), Type.Null()]) })),
});

export type CreateStoryInput = Static<typeof CreateStoryBody>;
export type UpdateStoryInput = Static<typeof UpdateStoryBody>;
