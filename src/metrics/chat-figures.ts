import { hashtagsIn, mentionedHandles, sharedLinks } from './post-references.ts';
import type { ChatFigures, FiguresChat, MetricsAuthor, MetricsPost, NetworkEdge, PostCounts, PosterRow, QuestionRow } from './figures.types.ts';
import { answerQuestions } from './question-figures.ts';
import { perMinute } from './per-minute.ts';

/**
 * Every figure of one chat from its visible posts, in one pass plus a few
 * sorts: the same code on SQLite and PostgreSQL, and a 100,000-post chat
 * takes a few hundred milliseconds. Definitions (shown on the page too):
 * - a participant is an account with at least one visible post, boosts
 *   included (boosting is taking part); an X account renamed between
 *   archives is two author rows and one participant, shown by the handle
 *   of its latest post in the chat;
 * - hashtags, mentions and links are read from posts people wrote, not from
 *   boosts (which repeat someone else's words);
 * - replies to oneself and mentions of oneself are not part of the network.
 */
export function chatFigures(chat: FiguresChat, posts: MetricsPost[], authors: ReadonlyMap<number, MetricsAuthor>): ChatFigures {
  const counts = zeroCounts();
  const byAuthor = new Map<number, PostCounts>();
  const repliesTo = new Map<string, number>();
  const mentions = new Map<string, number>();
  // Per kind, source, target: no key strings to build for each of 100,000 posts.
  const edges = { reply: new Map<string, Map<string, NetworkEdge>>(), mention: new Map<string, Map<string, NetworkEdge>>() };
  const hashtags = new Map<string, number>();
  const domains = new Map<string, number>();
  const links = new Map<string, { url: string; domain: string; posts: number }>();
  const ownTags = new Set(chat.hashtags);
  let estimate = 0;
  let postsCounted = 0;
  let firstPostAt: number | null = null;
  let lastPostAt: number | null = null;

  const accountOf = (authorId: number) => authors.get(authorId)?.accountId ?? authorId;
  // Each account is shown as the row of its latest post here: the handle it had last.
  const shownAs = new Map<number, { authorId: number; at: number }>();
  for (const post of posts) {
    const account = accountOf(post.authorId);
    const shown = shownAs.get(account);
    if (!shown || post.createdAt >= shown.at) shownAs.set(account, { authorId: post.authorId, at: post.createdAt });
  }
  const shownRow = (authorId: number) => shownAs.get(accountOf(authorId))?.authorId ?? authorId;
  const handleOf = (authorId: number) => {
    const row = shownRow(authorId);
    return authors.get(row)?.handle ?? `#${row}`;
  };
  const edge = (source: string, target: string, kind: NetworkEdge['kind']) => {
    let from = edges[kind].get(source);
    if (!from) edges[kind].set(source, (from = new Map()));
    const existing = from.get(target);
    if (existing) existing.weight += 1;
    else from.set(target, { source, target, kind, weight: 1 });
  };

  for (const post of posts) {
    addKind(counts, post.kind);
    const account = accountOf(post.authorId);
    let own = byAuthor.get(account);
    if (!own) byAuthor.set(account, (own = zeroCounts()));
    addKind(own, post.kind);
    if (firstPostAt === null || post.createdAt < firstPostAt) firstPostAt = post.createdAt;
    if (lastPostAt === null || post.createdAt > lastPostAt) lastPostAt = post.createdAt;
    const followers = authors.get(post.authorId)?.followersCount ?? null;
    if (followers !== null) {
      estimate += followers;
      postsCounted += 1;
    }

    const author = handleOf(post.authorId);
    if (post.kind === 'reply' && post.replyToAuthorId !== null && accountOf(post.replyToAuthorId) !== account) {
      const target = handleOf(post.replyToAuthorId);
      bump(repliesTo, target);
      edge(author, target, 'reply');
    }
    if (post.kind === 'boost') continue;
    for (const handle of mentionedHandles(post.text)) {
      if (handle === author) continue;
      bump(mentions, handle);
      edge(author, handle, 'mention');
    }
    for (const tag of hashtagsIn(post.text)) if (!ownTags.has(tag)) bump(hashtags, tag);
    const seenDomains = new Set<string>();
    for (const link of sharedLinks(post.text)) {
      if (isPostAddress(link.url)) continue;
      const row = links.get(link.url);
      if (row) row.posts += 1;
      else links.set(link.url, { ...link, posts: 1 });
      if (!seenDomains.has(link.domain)) bump(domains, link.domain);
      seenDomains.add(link.domain);
    }
  }

  const posters = [...byAuthor].map(([account, c]) => posterRow(authors.get(shownRow(account)), shownRow(account), c)).sort((a, b) => b.total - a.total || byText(a.handle, b.handle));
  const withFollowers = [...byAuthor.keys()].filter((account) => (authors.get(shownRow(account))?.followersCount ?? null) !== null).length;
  const nodePosts = new Map(posters.map((p) => [p.handle, p.total]));
  const allEdges = [...edges.mention.values(), ...edges.reply.values()].flatMap((from) => [...from.values()]);
  const nodeIds = new Set<string>();
  for (const e of allEdges) nodeIds.add(e.source).add(e.target);

  return {
    posts: counts,
    participants: byAuthor.size,
    participantIds: [...byAuthor.keys()].sort((a, b) => a - b),
    firstPostAt,
    lastPostAt,
    perMinute: perMinute(chat, posts),
    questions: answerQuestions(chat, posts, accountOf) satisfies QuestionRow[],
    posters,
    mostRepliedTo: ranked(repliesTo).map(([handle, replies]) => ({ handle, replies })),
    mostMentioned: ranked(mentions).map(([handle, n]) => ({ handle, mentions: n })),
    network: {
      nodes: [...nodeIds].sort(byText).map((id) => ({ id, posts: nodePosts.get(id) ?? 0 })),
      edges: allEdges.sort((a, b) => b.weight - a.weight || byText(a.kind, b.kind) || byText(a.source, b.source) || byText(a.target, b.target)),
    },
    hashtags: ranked(hashtags).map(([tag, n]) => ({ tag, posts: n })),
    domains: ranked(domains).map(([domain, n]) => ({ domain, posts: n })),
    links: [...links.values()].sort((a, b) => b.posts - a.posts || byText(a.url, b.url)),
    impressions: {
      estimate,
      postsCounted,
      postsWithoutFollowers: counts.total - postsCounted,
      authorsWithFollowers: withFollowers,
      authorsWithoutFollowers: byAuthor.size - withFollowers,
    },
  };
}

export const zeroCounts = (): PostCounts => ({ total: 0, original: 0, replies: 0, quotes: 0, boosts: 0 });

function addKind(counts: PostCounts, kind: MetricsPost['kind']): void {
  counts.total += 1;
  if (kind === 'original') counts.original += 1;
  else if (kind === 'reply') counts.replies += 1;
  else if (kind === 'quote') counts.quotes += 1;
  else counts.boosts += 1;
}

function posterRow(author: MetricsAuthor | undefined, id: number, counts: PostCounts): PosterRow {
  return { handle: author?.handle ?? `#${id}`, network: author?.network ?? 'local', displayName: author?.displayName ?? '', ...counts };
}

const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

/** Most first; ties in alphabetical order, so the same data always gives the same table. */
const ranked = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1] || byText(a[0], b[0]));

/** Code-point order: the same everywhere, and far cheaper than localeCompare over 100,000 rows. */
export const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A link to a post on a network is a quote or a media attachment, not a link shared. */
const POST_ADDRESS = /^https?:\/\/(?:(?:www\.|mobile\.)?twitter\.com|(?:www\.)?x\.com)\/[^/]+\/status(?:es)?\/\d+/i;
const isPostAddress = (url: string) => POST_ADDRESS.test(url);
