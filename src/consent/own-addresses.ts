import type { NamedAccount } from './consent.repository.ts';
import { mastodonPlaces } from './mastodon-places.ts';

/**
 * An anonymised post keeps its words and loses its author. Its own words
 * can still name the account: a link to its profile or to its own earlier
 * posts (a quote of itself reads `https://twitter.com/sferik/status/…`),
 * or its handle. Those are replaced; what other people wrote about the
 * account is theirs, and stays.
 */
export const ADDRESS_REMOVED = '[link removed]';
export const NAME_REMOVED = '[name removed]';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
/** Not inside a longer name or address. */
const BEFORE_NAME = '(?<![\\p{L}\\p{N}_@/.])';
const AFTER_NAME = '(?![\\p{L}\\p{N}_-]|\\.[\\p{L}\\p{N}])';
/** The rest of the address, not the punctuation after it. */
const REST_OF_ADDRESS = '(?:[^\\s]*[^\\s.,;:!?)\\]\'"»])?';

/** The account's own addresses (profile and posts) and its @-names, as patterns. */
function patternsOf(account: NamedAccount): { addresses: string[]; names: string[] } {
  const handle = account.handle.replace(/^@/, '');
  if (account.network === 'twitter') {
    return { addresses: [`https?://(?:www\\.|mobile\\.)?(?:twitter|x)\\.com/${escape(handle)}${AFTER_NAME}`], names: [escape(handle)] };
  }
  if (account.network === 'mastodon') {
    const places = mastodonPlaces(handle, account.sourceUserId);
    return {
      addresses: places.map(({ host, name }) => `https?://${escape(host)}/(?:@|users/)${escape(name)}${AFTER_NAME}`),
      names: places.map(({ host, name }) => `${escape(name)}@${escape(host)}`),
    };
  }
  if (account.network === 'bluesky') {
    const ids = [handle, ...(account.sourceUserId?.startsWith('did:') ? [account.sourceUserId] : [])].map(escape);
    return { addresses: [`https?://bsky\\.app/profile/(?:${ids.join('|')})(?![\\p{L}\\p{N}_.:-])`], names: [escape(handle)] };
  }
  return { addresses: [], names: [] };
}

/** What takes the account's own addresses and @-names out of a text (the text unchanged when it has none). */
export function ownAddressScrubber(account: NamedAccount): (text: string) => string {
  const { addresses, names } = patternsOf(account);
  const address = addresses.length > 0 ? new RegExp(`(?:${addresses.join('|')})${REST_OF_ADDRESS}`, 'giu') : null;
  const name = names.length > 0 ? new RegExp(`${BEFORE_NAME}@(?:${names.join('|')})${AFTER_NAME}`, 'giu') : null;
  return (text) => {
    let out = text;
    if (address) out = out.replace(address, ADDRESS_REMOVED);
    if (name) out = out.replace(name, NAME_REMOVED);
    return out;
  };
}
