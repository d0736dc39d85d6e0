import type { FiguresChat, MetricsAuthor, MetricsPost } from './figures.types.ts';

/**
 * The small chat whose every figure is worked out by hand in
 * chat-figures.test.ts (and, seeded into a database, in
 * test/integration/metrics.test.ts). Minutes are after T0.
 */
export const T0 = Date.UTC(2026, 2, 10, 19, 0, 0);
export const at = (minute: number) => T0 + Math.round(minute * 60_000);

export const FIXTURE_CHAT: FiguresChat = {
  startsAt: T0,
  endsAt: at(60),
  hashtags: ['musechat'],
  questions: [
    { number: 1, text: 'What is your favourite museum?', offsetMinutes: 5, releasedAt: null },
    { number: 2, text: 'How do you measure impact?', offsetMinutes: 20, releasedAt: null },
    { number: 3, text: 'What next?', offsetMinutes: 40, releasedAt: null },
  ],
};

/** [handle, followers] by author id 1…6 (eve only ever posts what is hidden). */
export const FIXTURE_AUTHORS: Array<[string, number | null]> = [
  ['host', 1000],
  ['ana', 200],
  ['ben', 50],
  ['cat', null],
  ['dan', 10],
  ['eve', 30],
];

export interface FixturePost {
  key: string;
  author: string;
  minute: number;
  text: string;
  kind: MetricsPost['kind'];
  replyTo?: string;
  quoteOf?: string;
  boostOf?: string;
  question?: number;
  answers?: number;
  hidden?: boolean;
  deleted?: boolean;
}

export const FIXTURE_POSTS: FixturePost[] = [
  { key: 'welcome', author: 'host', minute: 0, kind: 'original', text: 'Welcome to #musechat tonight! Slides: https://example.org/slides.' },
  { key: 'q1', author: 'host', minute: 5, kind: 'original', question: 1, text: 'Q1 What is your favourite museum? #musechat' },
  { key: 'a1ana', author: 'ana', minute: 6, kind: 'original', answers: 1, text: 'A1 The @British_Museum, see https://www.britishmuseum.org/collection #musechat #museums' },
  { key: 'a1ben', author: 'ben', minute: 7, kind: 'reply', replyTo: 'a1ana', answers: 1, text: '@ana A1 Agreed! #museums #art' },
  { key: 'boostAna', author: 'cat', minute: 7.5, kind: 'boost', boostOf: 'a1ana', answers: 1, text: 'A1 The @British_Museum, see https://www.britishmuseum.org/collection #musechat #museums' },
  { key: 'thanksBen', author: 'ana', minute: 9, kind: 'reply', replyTo: 'a1ben', answers: 1, text: '@ben thanks! https://example.org/a' },
  { key: 'q2', author: 'host', minute: 20, kind: 'original', question: 2, text: 'Q2 How do you measure impact? #musechat' },
  { key: 'a2ben', author: 'ben', minute: 21, kind: 'original', answers: 2, text: 'A2 Visitor surveys, like https://example.org/a #evaluation' },
  { key: 'a2dan', author: 'dan', minute: 23, kind: 'quote', quoteOf: 'q2', answers: 2, text: 'A2 Quoting @host: numbers matter https://twitter.com/host/status/123 #Evaluation' },
  { key: 'a2ana', author: 'ana', minute: 26, kind: 'original', answers: 2, text: 'A2 @ben @dan depends on the goal' },
  { key: 'spam', author: 'eve', minute: 27, kind: 'original', hidden: true, text: 'spam @ana https://spam.example/buy' },
  { key: 'boostSpam', author: 'dan', minute: 28, kind: 'boost', boostOf: 'spam', text: 'spam @ana https://spam.example/buy' },
  { key: 'late', author: 'cat', minute: 30, kind: 'original', text: 'Late to the party, hi @host and @HOST' },
  { key: 'orphanRt', author: 'ben', minute: 30.5, kind: 'boost', text: 'RT @someone: old news https://old.example/' },
  { key: 'gone', author: 'dan', minute: 31, kind: 'original', answers: 2, deleted: true, text: 'A2 deleted words @ana' },
  { key: 'bye', author: 'ana', minute: 70, kind: 'reply', replyTo: 'welcome', text: 'Thanks all! #musechat' },
];

/** What postsForMetrics returns for the fixture: visible posts only, boosts without text. */
export function visibleFixturePosts(): { posts: MetricsPost[]; authors: Map<number, MetricsAuthor> } {
  const idOf = new Map(FIXTURE_POSTS.map((p, i) => [p.key, i + 1]));
  const authorId = new Map(FIXTURE_AUTHORS.map(([handle], i) => [handle, i + 1]));
  const byKey = new Map(FIXTURE_POSTS.map((p) => [p.key, p]));
  const visible = (p: FixturePost | undefined) => p !== undefined && !p.hidden && !p.deleted;
  const posts = FIXTURE_POSTS.filter((p) => visible(p) && (p.boostOf === undefined || visible(byKey.get(p.boostOf)))).map((p) => ({
    id: idOf.get(p.key)!,
    authorId: authorId.get(p.author)!,
    kind: p.kind,
    createdAt: at(p.minute),
    questionNumber: p.question ?? null,
    answersQuestion: p.answers ?? null,
    text: p.kind === 'boost' ? '' : p.text,
    replyToAuthorId: p.replyTo && visible(byKey.get(p.replyTo)) ? authorId.get(byKey.get(p.replyTo)!.author)! : null,
  }));
  const authors = new Map(FIXTURE_AUTHORS.map(([handle, followers], i) => [i + 1, { id: i + 1, handle, network: 'twitter' as const, displayName: handle.toUpperCase(), followersCount: followers, accountId: i + 1 }]));
  return { posts, authors };
}
