import type { Network } from '../../db/schema.ts';
import type { ReferencedPost } from './export.repository.ts';
import { isAnonymousAuthor } from '../../consent/anonymous-author.ts';

/**
 * A post's identity outside this server: its source (tweet id, Mastodon
 * uri, at:// URI) when it was imported, else its permalink here. Exports
 * name posts and their replies by it, so a re-import links them again and
 * recognises posts it already has.
 */
export interface Origin {
  network: Network;
  id: string;
  url: string | null;
}

export const permalinkUrl = (baseUrl: string, chatSlug: string, id: number) => `${baseUrl}/chats/${chatSlug}/posts/${id}`;

interface Identifiable {
  id: number;
  chatSlug: string;
  sourceNetwork: Network | null;
  sourceId: string | null;
  sourceUrl: string | null;
}

/** True for a post moved to the "Anonymous" author (consent): exports must not name where it came from. */
export const isAnonymised = (post: { authorHandle: string }) => isAnonymousAuthor({ handle: post.authorHandle });

/**
 * An anonymised post goes by its permalink, like a post made here, but
 * keeps its network, so a re-import still links the replies that name it
 * (they are looked up on their own network). Deliberately lossy, for
 * consent: its source id names its author, and a re-import of the file
 * cannot tell it is a post it already has. The database keeps the source
 * id for that (reimport-guard.ts).
 */
export function originOf(post: Identifiable, baseUrl: string, anonymised: boolean): Origin {
  const url = permalinkUrl(baseUrl, post.chatSlug, post.id);
  if (post.sourceNetwork && post.sourceId) return anonymised ? { network: post.sourceNetwork, id: url, url } : { network: post.sourceNetwork, id: post.sourceId, url: post.sourceUrl };
  return { network: 'local', id: url, url };
}

/** The origin id of a referenced post: the archived target's, else the id the source gave (the target was never archived). */
export function referenceId(targetId: number | null, sourceId: string | null, referenced: Map<number, ReferencedPost>, baseUrl: string): string | null {
  const target = targetId === null ? undefined : referenced.get(targetId);
  if (target) return originOf({ ...target, sourceUrl: null }, baseUrl, target.anonymised).id;
  return sourceId;
}
