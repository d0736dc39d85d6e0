import type { Network, PostKind } from '../../../db/schema.ts';

/**
 * How an imported chat gets its questions: a host's post that starts with
 * `Q1`, `Q1:`, `Q1.` … is question 1 (answers, `A1 …`, are read by
 * answeredQuestion in src/posts/post-text.ts, as for live posts).
 */
const QUESTION_MARKER = /^Q(\d{1,2})(?=$|[\s:;,.)\-–—])/i;

export function questionMarker(text: string): number | null {
  const match = QUESTION_MARKER.exec(text.trimStart());
  if (!match) return null;
  const number = Number(match[1]);
  return number >= 1 ? number : null;
}

/** The question's own words: the post without its `Q1:` marker and trailing hashtags. */
export function questionText(text: string): string {
  const words = text.trim().replace(/^Q\d{1,2}[\s:;,.)\-–—]*/i, '').replace(/(?:(?:^|\s+)#[\p{L}\p{N}_]+)+$/u, '').trim();
  return [...words].slice(0, 500).join('') || text.trim().slice(0, 500);
}

/**
 * Whether an imported author is one of the chat's hosts. Hosts are listed
 * as `dana` (an account here), `@dana` (anywhere) or `@dana@museum.social`
 * (one Mastodon server); an imported handle is `dana` on Twitter,
 * `dana@museum.social` on Mastodon, `dana.bsky.social` on Bluesky.
 */
export function hostMatcher(hostHandles: string[]): (network: Network, handle: string) => boolean {
  const hosts = new Set(hostHandles.map((h) => h.trim().replace(/^@/, '').toLowerCase()).filter(Boolean));
  if (hosts.size === 0) return () => false;
  return (_network, handle) => hosts.has(handle.toLowerCase());
}

/** What threading needs to know of a post the new one refers to. */
export interface ThreadPlace {
  questionNumber: number | null;
  answersQuestion: number | null;
}

/**
 * Where an imported post goes, as live posting decides it
 * (src/posts/posts.service.ts): a host's `Qn` is question n; a reply is
 * under the question of the post it replies to, or else its own `An`; a
 * boost answers what the boosted post answers. Markers are 0 when absent.
 */
export function placeInThread(
  post: { kind: PostKind; byHost: boolean; questionMarker: number; answerMarker: number },
  replyTo: ThreadPlace | null,
  boostOf: ThreadPlace | null,
): ThreadPlace {
  const own = post.answerMarker || null;
  if (post.kind !== 'boost' && post.byHost && post.questionMarker > 0) return { questionNumber: post.questionMarker, answersQuestion: null };
  if (post.kind === 'boost') return { questionNumber: null, answersQuestion: boostOf?.answersQuestion ?? own };
  if (replyTo) return { questionNumber: null, answersQuestion: replyTo.questionNumber ?? replyTo.answersQuestion ?? own };
  return { questionNumber: null, answersQuestion: own };
}
