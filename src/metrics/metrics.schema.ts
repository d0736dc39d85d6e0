import { Type } from 'typebox';

/** Response schemas: they document /api/v1/chats/SLUG/stats and /api/v1/stats in OpenAPI. */

const Count = Type.Integer({ minimum: 0 });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const Ranked = (key: string, count: string) => Type.Array(Type.Object({ [key]: Type.String(), [count]: Count }));

const PostCounts = Type.Object({ total: Count, original: Count, replies: Count, quotes: Count, boosts: Count });
const Impressions = Type.Object(
  { estimate: Count, postsCounted: Count, postsWithoutFollowers: Count, authorsWithFollowers: Count, authorsWithoutFollowers: Count },
  { description: 'Sum over posts of the author’s follower count where known: a theoretical maximum, not people reached' },
);
const Summary = {
  posts: PostCounts,
  participants: Count,
  newParticipants: Count,
  returningParticipants: Count,
  impressions: Impressions,
  linkCount: Count,
  mentionCount: Count,
};

export const StatsResponse = Type.Object({
  chat: Type.Object({ slug: Type.String(), title: Type.String(), startsAt: Type.String(), url: Type.String() }),
  ...Summary,
  perMinute: Type.Array(Type.Object({ minute: Type.String({ format: 'date-time' }), posts: Count })),
  questions: Type.Array(
    Type.Object({
      number: Type.Integer(),
      text: Nullable(Type.String()),
      releasedAt: Nullable(Type.String()),
      answers: Count,
      participants: Count,
      medianSecondsToFirstAnswer: Nullable(Type.Number()),
    }),
  ),
  topPosters: Type.Array(
    Type.Object({ handle: Type.String(), network: Type.String(), displayName: Type.String(), posts: Count, original: Count, replies: Count, quotes: Count, boosts: Count }),
  ),
  mostRepliedTo: Ranked('handle', 'replies'),
  mostMentioned: Ranked('handle', 'mentions'),
  hashtags: Ranked('tag', 'posts'),
  domains: Ranked('domain', 'posts'),
  links: Type.Array(Type.Object({ url: Type.String(), domain: Type.String(), posts: Count })),
  network: Type.Object({ nodes: Count, edges: Count, gexf: Type.String() }),
  previous: Nullable(
    Type.Object({ slug: Type.String(), title: Type.String(), startsAt: Type.String(), matchedBy: Type.Union([Type.Literal('series'), Type.Literal('hashtag')]), ...Summary }),
  ),
  downloads: Type.Record(Type.String(), Type.String()),
});

export const GrowthQuery = Type.Object({ tag: Type.Optional(Type.String({ maxLength: 101 })) }, { additionalProperties: false });

export const GrowthResponse = Type.Object({
  tag: Nullable(Type.String()),
  chats: Type.Array(
    Type.Object({
      slug: Type.String(),
      title: Type.String(),
      startsAt: Type.String(),
      posts: Count,
      participants: Count,
      newParticipants: Count,
      retained: Count,
      retention: Nullable(Type.Number()),
    }),
  ),
  topics: Type.Array(Type.Object({ tag: Type.String(), posts: Count, chats: Count })),
});
