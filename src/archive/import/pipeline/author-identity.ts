import type { Network } from '../../../db/schema.ts';
import type { ImportedAuthor } from '../imported-post.ts';

/**
 * Which author an imported author is. A Bluesky account is its DID: its
 * handle can change, and Jetstream events and repository exports carry
 * the DID alone, so the handle stands in until a file that knows it (an
 * API view, a Jetstream identity event) is imported. Elsewhere the handle
 * on the network is the author (authors are unique by network + handle;
 * Bluesky ones by DID too, migration 0020).
 */
export function authorIdentityKey(network: Network, handle: string, sourceUserId: string | null | undefined): string {
  return network === 'bluesky' && sourceUserId ? `${network}\u0000${sourceUserId}` : `${network}\u0000${handle}`;
}

/** A Bluesky author known by DID only: the DID stands in for the handle. */
export function handleUnknown(author: Pick<ImportedAuthor, 'network' | 'handle' | 'sourceUserId'>): boolean {
  return author.network === 'bluesky' && author.sourceUserId !== null && author.handle === author.sourceUserId;
}

/** The handle or DID standing in for a display name nobody gave. */
export function displayNameUnknown(author: Pick<ImportedAuthor, 'network' | 'handle' | 'displayName' | 'sourceUserId'>): boolean {
  return author.network === 'bluesky' && (author.displayName === author.handle || author.displayName === author.sourceUserId);
}

/**
 * Two sightings of one author in a file, the later one last: the later
 * wins (names and follower counts change), except where it only has a
 * stand-in for what the earlier one knew.
 */
export function laterSighting(earlier: ImportedAuthor, later: ImportedAuthor): ImportedAuthor {
  const keepHandle = handleUnknown(later) && !handleUnknown(earlier);
  return {
    ...later,
    handle: keepHandle ? earlier.handle : later.handle,
    displayName: displayNameUnknown(later) && !displayNameUnknown(earlier) ? earlier.displayName : later.displayName,
    profileUrl: keepHandle ? (earlier.profileUrl ?? later.profileUrl) : (later.profileUrl ?? earlier.profileUrl),
    followersCount: later.followersCount ?? earlier.followersCount,
  };
}
