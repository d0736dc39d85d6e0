import type { Network } from '../db/schema.ts';

/**
 * Where a post that was never archived can be read on its own network,
 * from the id its source gave (a boost's or reply's target): a Mastodon
 * status's uri is its address already; a Bluesky at:// URI and a tweet id
 * become the networks' own post pages. Null for anything else, so that an
 * unexpected id never turns into a link.
 */
export function sourcePostUrl(network: Network | null, sourceId: string | null): string | null {
  if (!sourceId) return null;
  if (network === 'mastodon') return /^https?:\/\/[^\s/]+\/\S*$/.test(sourceId) ? sourceId : null;
  if (network === 'twitter') return /^\d{1,25}$/.test(sourceId) ? `https://twitter.com/i/web/status/${sourceId}` : null;
  if (network === 'bluesky') {
    const found = /^at:\/\/(did:[a-z0-9]+:[a-zA-Z0-9._:%-]+)\/app\.bsky\.feed\.post\/([a-zA-Z0-9._~:-]+)$/.exec(sourceId);
    return found ? `https://bsky.app/profile/${found[1]}/post/${found[2]}` : null;
  }
  return null;
}
