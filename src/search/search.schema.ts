import { Type, type Static } from 'typebox';
import { PostResponse } from '../posts/posts.schema.ts';

/** The longest query searched (the API refuses longer ones; the page says so next to the field). */
export const MAX_QUERY_CHARS = 500;

const Sort = Type.Enum(['newest', 'relevance'], { description: 'The order when q has no sort: operator; newest first by default' });

export const SearchQuerystring = Type.Object(
  {
    q: Type.String({
      minLength: 1,
      maxLength: MAX_QUERY_CHARS,
      description: 'Words, "phrases", -excluded words, #hashtag, from:handle, chat:slug, since:YYYY-MM-DD, until:YYYY-MM-DD (whole days, in your time zone setting or UTC), sort:newest|relevance',
    }),
    sort: Type.Optional(Sort),
    cursor: Type.Optional(Type.String({ maxLength: 500, description: 'nextCursor of the previous page' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  },
  { additionalProperties: false },
);
export type SearchParams = Static<typeof SearchQuerystring>;

export const SearchResponse = Type.Object({
  sort: Sort,
  results: Type.Array(
    Type.Object({
      post: PostResponse,
      snippet: Type.String({ description: 'HTML: the matching part of the text, escaped, matches in <mark>' }),
      chat: Type.Object({ slug: Type.String(), title: Type.String(), url: Type.String() }),
      url: Type.String({ description: 'The post’s permalink' }),
    }),
  ),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
