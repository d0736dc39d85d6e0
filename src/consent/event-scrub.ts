import { ANONYMOUS_HANDLE, ANONYMOUS_NAME } from './anonymous-author.ts';

/**
 * The live event log keeps each post as viewers saw it (its text, its
 * author). Forgetting an author must reach it too, or a viewer resuming an
 * old stream would be handed the posts again. These functions decide, per
 * stored event, what it becomes; consent.repository.ts reads and writes them.
 */

/** Event types whose payload carries a whole post under `post`. */
export const POST_CARRYING_EVENTS = ['post.created', 'post.updated', 'post.unhidden', 'question.released'];

export interface StoredEvent {
  type: string;
  payload: string;
}

interface PostPayload {
  post?: { id?: unknown; text?: unknown; author?: { network?: unknown }; source?: { url?: unknown } | null } | null;
}

function postIdOf(payload: string): { data: PostPayload; id: number } | null {
  try {
    const data = JSON.parse(payload) as PostPayload;
    const id = Number(data?.post?.id);
    return Number.isSafeInteger(id) ? { data, id } : null;
  } catch {
    return null;
  }
}

/**
 * A removed post's events become `post.deleted` tombstones: same sequence
 * number (resuming viewers keep their place), no text, no author.
 */
export function tombstone(event: StoredEvent, removed: ReadonlySet<number>): StoredEvent | null {
  const found = postIdOf(event.payload);
  if (!found || !removed.has(found.id)) return null;
  return { type: 'post.deleted', payload: JSON.stringify({ postId: String(found.id), removed: true }) };
}

/**
 * An anonymised post's events keep the text (less the account's own
 * addresses) and lose the author and the source: its id names the author
 * as much as its link (post.presenter.ts).
 */
export function anonymise(event: StoredEvent, anonymised: ReadonlySet<number>, texts: ReadonlyMap<number, string> = new Map()): StoredEvent | null {
  const found = postIdOf(event.payload);
  if (!found || !anonymised.has(found.id) || !found.data.post) return null;
  const post = found.data.post;
  // Its text without the account's own addresses, as stored (own-addresses.ts).
  const text = texts.get(found.id);
  if (text !== undefined && typeof post.text === 'string') post.text = text;
  post.author = { handle: ANONYMOUS_HANDLE, displayName: ANONYMOUS_NAME, network: post.author?.network ?? 'local' } as typeof post.author;
  if (post.source) post.source = null;
  return { type: event.type, payload: JSON.stringify(found.data) };
}
