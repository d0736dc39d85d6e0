import type { PostView } from '../../posts/posts.repository.ts';

/**
 * How a transcript is laid out: one group per question (Q1, Q2 … in number
 * order), then "Other conversation". A post belongs to question N when it
 * released it (`questionNumber`, the group's head) or answers it
 * (`answersQuestion`: an `A1 …` post or a reply under Q1); everything else
 * is other conversation. Same rules as the live room, so a chat reads the
 * same live and archived.
 */
export type GroupKey = number | 'other';

export const OTHER = 'other' as const;

/** Question numbers in order, then "other" (always last: it is the rest). */
export function orderGroups(numbers: Iterable<number>): GroupKey[] {
  const keys: GroupKey[] = [...new Set(numbers)].sort((a, b) => a - b);
  keys.push(OTHER);
  return keys;
}

/** The section's element id (`q3`, `other`) and heading. */
export const groupTitle = (key: GroupKey): string => (key === OTHER ? 'Other conversation' : `Q${key}`);
export const groupAnchor = (key: GroupKey): string => (key === OTHER ? 'other' : `q${key}`);
export const groupOf = (post: { questionNumber: number | null; answersQuestion: number | null }): GroupKey => post.questionNumber ?? post.answersQuestion ?? OTHER;

/** A post with what was said under it: replies as threads, boosts listed (when shown at all). */
export interface Thread {
  post: PostView;
  replies: Thread[];
  boosts: PostView[];
}

/**
 * Builds threads from a page's roots (in order) and their descendants.
 * A descendant whose parent is not on the page cannot be placed and is
 * dropped: the repository only fetches descendants of these roots.
 */
export function buildThreads(roots: readonly PostView[], descendants: readonly PostView[]): Thread[] {
  const nodes = new Map<number, Thread>();
  const threads = roots.map((post) => {
    const node: Thread = { post, replies: [], boosts: [] };
    nodes.set(post.id, node);
    return node;
  });
  const ordered = [...descendants].sort((a, b) => a.createdAt - b.createdAt || a.id - b.id);
  // Parents always come before their children in time, except for imported
  // clock skew: a second pass places those.
  let pending = ordered;
  for (let pass = 0; pass < 2 && pending.length > 0; pass++) {
    const later: PostView[] = [];
    for (const post of pending) {
      const parent = nodes.get((post.kind === 'boost' ? post.boostOfId : post.replyToId) ?? -1);
      if (!parent) {
        later.push(post);
        continue;
      }
      if (post.kind === 'boost') parent.boosts.push(post);
      else {
        const node: Thread = { post, replies: [], boosts: [] };
        nodes.set(post.id, node);
        parent.replies.push(node);
      }
    }
    pending = later;
  }
  return threads;
}

/** Every post of some threads, depth first. */
export function* postsOf(threads: readonly Thread[]): Generator<PostView> {
  for (const thread of threads) {
    yield thread.post;
    yield* thread.boosts;
    yield* postsOf(thread.replies);
  }
}
