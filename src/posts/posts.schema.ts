import { Type } from 'typebox';

export const PostResponse = Type.Object({
  id: Type.String(),
  chat: Type.String(),
  text: Type.String(),
  author: Type.Object({ handle: Type.String(), displayName: Type.String(), network: Type.String() }),
  createdAt: Type.String({ format: 'date-time' }),
  editedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  kind: Type.Union([Type.Literal('original'), Type.Literal('reply'), Type.Literal('quote'), Type.Literal('boost')]),
  replyTo: Type.Union([Type.String(), Type.Null()]),
  quoteOf: Type.Union([Type.String(), Type.Null()]),
  boostOf: Type.Union([Type.String(), Type.Null()]),
  questionNumber: Type.Union([Type.Integer(), Type.Null()]),
  answersQuestion: Type.Union([Type.Integer(), Type.Null()]),
  hashtags: Type.Array(Type.String()),
  source: Type.Union([Type.Object({ network: Type.String(), id: Type.String(), url: Type.Union([Type.String(), Type.Null()]) }), Type.Null()]),
  counts: Type.Object({ likes: Type.Integer(), boosts: Type.Integer(), replies: Type.Integer() }),
});

export const CreatePostBody = Type.Object(
  {
    text: Type.String({ minLength: 1, maxLength: 2000 }),
    replyTo: Type.Optional(Type.Union([Type.String({ maxLength: 20 }), Type.Null()])),
    quoteOf: Type.Optional(Type.Union([Type.String({ maxLength: 20 }), Type.Null()])),
    omitHashtags: Type.Optional(Type.Boolean({ description: 'Post without the chat hashtags (an aside)' })),
  },
  { additionalProperties: false },
);

export const PostPageQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

export const PostPageResponse = Type.Object({ posts: Type.Array(PostResponse), nextCursor: Type.Union([Type.String(), Type.Null()]) });
