/**
 * Words the server views and the browser client both write, so a post
 * updated live reads exactly like one rendered by the server.
 * (Bundled into public/build/live.js: keep it free of server imports.)
 */
const WORDS = {
  likes: ['like', 'likes'],
  boosts: ['boost', 'boosts'],
  replies: ['reply', 'replies'],
} as const;

export type CountKind = keyof typeof WORDS;

export function countLabel(kind: CountKind, n: number): string {
  return `${n} ${WORDS[kind][n === 1 ? 0 : 1]}`;
}

export function watchingLabel(n: number): string {
  return `${n} watching`;
}

export function postersLabel(n: number): string {
  return n === 1 ? '1 has posted' : `${n} have posted`;
}

/**
 * The handle beside a post's author name: `@dana` here, `@dana (twitter)`
 * from elsewhere. An account known only by its handle (a Bluesky account
 * known by DID, whose name is the DID too) is named once, by its name.
 */
export function handleLabel(author: { network: string; handle: string; displayName: string }): string {
  if (author.network === 'local') return `@${author.handle}`;
  return author.displayName === author.handle ? `(${author.network})` : `@${author.handle} (${author.network})`;
}

export function contextLabel(post: { kind: string; replyToHandle: string | null; boostOfHandle: string | null }): string | null {
  if (post.kind === 'boost') return post.boostOfHandle ? `Boosted a post by @${post.boostOfHandle}` : 'Boosted a post';
  if (post.replyToHandle) return `Replying to @${post.replyToHandle}`;
  return null;
}

/** What a group is called: "Q2" with its text once released, "Answers to Q2" before. */
export function groupTitle(number: number | null, released: boolean): string {
  if (number === null) return 'Other conversation';
  return released ? `Q${number}` : `Answers to Q${number}`;
}

export const STATUS_WORDS = { draft: 'Draft', scheduled: 'Scheduled', live: 'Live now', ended: 'Ended' } as const;

export const CLOSED_NOTICE = {
  scheduled: 'Posting opens when the chat starts.',
  ended: 'This chat has ended; posting is closed.',
  draft: 'This chat is a draft.',
  live: '',
} as const;
