/**
 * How the live room lays posts out: one group per question (the released
 * question on top, its answers below), replies threaded under the post they
 * answer, and "Other conversation" for everything else. The browser client
 * (src/web/client/live-room/placement.ts) applies the same rules to posts
 * that arrive live, so a reload shows what the viewer already saw.
 */

export interface ThreadablePost {
  id: number;
  replyToId: number | null;
  questionNumber: number | null;
  answersQuestion: number | null;
}

export interface Thread<P> {
  post: P;
  replies: Thread<P>[];
}

export interface RoomGroup<P> {
  /** `other`, or `q<N>`: also the section's element id and the filter value. */
  key: string;
  number: number | null;
  /** The post that released the question, once it is released. */
  head: Thread<P> | null;
  items: Thread<P>[];
}

export const OTHER_GROUP = 'other';
export const groupKey = (number: number | null) => (number === null ? OTHER_GROUP : `q${number}`);

/**
 * Groups posts given oldest first. A reply whose parent is not shown (hidden,
 * deleted, or in another page of history) falls back to its question's group,
 * or to "Other conversation". Replies straight to a question post are that
 * question's answers, so they sit in the group, not nested under its head.
 * Groups: "Other conversation" first (pre-chat introductions come first),
 * then questions by number; a question appears once released or answered.
 */
export function groupPosts<P extends ThreadablePost>(posts: readonly P[], releasedQuestions: readonly number[]): RoomGroup<P>[] {
  const groups = new Map<string, RoomGroup<P>>();
  const group = (number: number | null) => {
    const key = groupKey(number);
    let found = groups.get(key);
    if (!found) {
      found = { key, number, head: null, items: [] };
      groups.set(key, found);
    }
    return found;
  };
  group(null);
  for (const number of releasedQuestions) group(number);

  const threads = new Map<number, { thread: Thread<P>; isHead: boolean }>();
  for (const post of posts) {
    const thread: Thread<P> = { post, replies: [] };
    if (post.questionNumber !== null) {
      group(post.questionNumber).head = thread;
      threads.set(post.id, { thread, isHead: true });
      continue;
    }
    const parent = post.replyToId === null ? undefined : threads.get(post.replyToId);
    if (parent && !parent.isHead) parent.thread.replies.push(thread);
    else group(post.answersQuestion).items.push(thread);
    threads.set(post.id, { thread, isHead: false });
  }

  return [...groups.values()].sort((a, b) => (a.number ?? 0) - (b.number ?? 0));
}

/** Every post of a thread, depth first (for counting and lookups). */
export function* postsOf<P>(threads: readonly Thread<P>[]): Generator<P> {
  for (const thread of threads) {
    yield thread.post;
    yield* postsOf(thread.replies);
  }
}
