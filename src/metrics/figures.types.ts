import type { Network, PostKind } from '../db/schema.ts';

/** What the figures are computed from: one visible post of the chat (see metrics.repository.ts). */
export interface MetricsPost {
  id: number;
  authorId: number;
  kind: PostKind;
  createdAt: number;
  questionNumber: number | null;
  answersQuestion: number | null;
  /** Empty for boosts: a boost repeats someone else's words. */
  text: string;
  /** Author of the post this one replies to, when that post is archived and visible. */
  replyToAuthorId: number | null;
}

export interface MetricsAuthor {
  id: number;
  handle: string;
  network: Network;
  displayName: string;
  followersCount: number | null;
  /** The account the row belongs to (author-accounts.ts): an X account renamed between archives is two rows, one participant. */
  accountId: number;
}

export interface FiguresChat {
  startsAt: number;
  endsAt: number;
  /** The chat's own hashtags, lower-case: "hashtags used alongside" leaves them out. */
  hashtags: string[];
  questions: Array<{ number: number; text: string; offsetMinutes: number | null; releasedAt: number | null }>;
}

export interface PostCounts {
  total: number;
  original: number;
  replies: number;
  quotes: number;
  boosts: number;
}

export interface PosterRow extends PostCounts {
  handle: string;
  network: Network;
  displayName: string;
}

export interface QuestionRow {
  number: number;
  text: string | null;
  /** When the question went out (release, else its post, else its planned time); null when unknown. */
  releasedAt: number | null;
  answers: number;
  participants: number;
  medianSecondsToFirstAnswer: number | null;
}

export interface NetworkEdge {
  source: string;
  target: string;
  kind: 'reply' | 'mention';
  weight: number;
}

export interface Impressions {
  /** Sum over posts of the author's follower count: the theoretical maximum reach. */
  estimate: number;
  postsCounted: number;
  postsWithoutFollowers: number;
  authorsWithFollowers: number;
  authorsWithoutFollowers: number;
}

/** A chat's own figures: everything that depends on its posts alone. Cached as JSON. */
export interface ChatFigures {
  posts: PostCounts;
  participants: number;
  /** Account ids (author-accounts.ts: an account's first author row), for new vs returning and retention (not presented). */
  participantIds: number[];
  firstPostAt: number | null;
  lastPostAt: number | null;
  perMinute: Array<{ minute: number; posts: number }>;
  questions: QuestionRow[];
  /** Every participant, most posts first. */
  posters: PosterRow[];
  mostRepliedTo: Array<{ handle: string; replies: number }>;
  mostMentioned: Array<{ handle: string; mentions: number }>;
  network: { nodes: Array<{ id: string; posts: number }>; edges: NetworkEdge[] };
  hashtags: Array<{ tag: string; posts: number }>;
  domains: Array<{ domain: string; posts: number }>;
  links: Array<{ url: string; domain: string; posts: number }>;
  impressions: Impressions;
}
