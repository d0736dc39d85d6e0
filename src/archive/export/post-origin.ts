import type { Network } from '../../db/schema.ts';
import type { ReferencedPost } from './export.repository.ts';

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

export function originOf(post: { id: number; chatSlug: string; sourceNetwork: Network | null; sourceId: string | null; sourceUrl: string | null }, baseUrl: string): Origin {
  if (post.sourceNetwork && post.sourceId) return { network: post.sourceNetwork, id: post.sourceId, url: post.sourceUrl };
  const url = permalinkUrl(baseUrl, post.chatSlug, post.id);
  return { network: 'local', id: url, url };
}

/** The origin id of a referenced post: the archived target's, else the id the source gave (the target was never archived). */
export function referenceId(targetId: number | null, sourceId: string | null, referenced: Map<number, ReferencedPost>, baseUrl: string): string | null {
  const target = targetId === null ? undefined : referenced.get(targetId);
  if (target) return originOf({ ...target, sourceUrl: null }, baseUrl).id;
  return sourceId;
}
