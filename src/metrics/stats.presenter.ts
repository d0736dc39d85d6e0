import type { Growth } from './growth.service.ts';
import type { ChatMetrics, ChatStats } from './metrics.service.ts';

/** Rows in each ranked list of the JSON (the CSV downloads have them all). */
export const TOP = 10;
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The stats JSON: the API, `musesocial stats --json`, and the names of the page's figures. */
export function presentStats(stats: ChatStats, baseUrl: string) {
  const { chat, figures } = stats;
  const base = `${baseUrl}/chats/${chat.slug}/stats`;
  return {
    chat: { slug: chat.slug, title: chat.title, startsAt: iso(chat.startsAt), url: `${baseUrl}/chats/${chat.slug}` },
    ...summary(stats),
    perMinute: figures.perMinute.map((m) => ({ minute: iso(m.minute), posts: m.posts })),
    questions: figures.questions.map((q) => ({ ...q, releasedAt: iso(q.releasedAt) })),
    topPosters: figures.posters.slice(0, TOP).map((p) => ({ handle: p.handle, network: p.network, displayName: p.displayName, posts: p.total, original: p.original, replies: p.replies, quotes: p.quotes, boosts: p.boosts })),
    mostRepliedTo: figures.mostRepliedTo.slice(0, TOP),
    mostMentioned: figures.mostMentioned.slice(0, TOP),
    hashtags: figures.hashtags.slice(0, TOP * 2),
    domains: figures.domains.slice(0, TOP * 2),
    links: figures.links.slice(0, TOP * 2),
    network: { nodes: figures.network.nodes.length, edges: figures.network.edges.length, gexf: `${base}/network.gexf` },
    previous: stats.previous
      ? { slug: stats.previous.chat.slug, title: stats.previous.chat.title, startsAt: iso(stats.previous.chat.startsAt), matchedBy: stats.previous.matchedBy, ...summary(stats.previous) }
      : null,
    downloads: Object.fromEntries(['participants', 'questions', 'per-minute', 'replied-to', 'mentioned', 'hashtags', 'domains', 'links', 'network-edges'].map((t) => [t, `${base}/${t}.csv`])),
  };
}

/** The headline figures, also those of the chat compared with. */
function summary({ figures, newParticipants, returningParticipants }: ChatMetrics) {
  return {
    posts: figures.posts,
    participants: figures.participants,
    newParticipants,
    returningParticipants,
    impressions: figures.impressions,
    /** Links shared, counted once per post. */
    linkCount: figures.links.reduce((sum, l) => sum + l.posts, 0),
    mentionCount: figures.mostMentioned.reduce((sum, m) => sum + m.mentions, 0),
  };
}

export function presentGrowth(growth: Growth) {
  return {
    tag: growth.tag,
    chats: growth.chats.map((c) => ({ ...c, startsAt: iso(c.startsAt) })),
    topics: growth.topics,
  };
}
