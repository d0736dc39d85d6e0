import type { NamedAccount } from './consent.repository.ts';

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
    const places: Array<{ host: string; user: string }> = [];
    const at = handle.lastIndexOf('@');
    if (at > 0) places.push({ user: handle.slice(0, at), host: handle.slice(at + 1) });
    const uri = account.sourceUserId ? URL.parse(account.sourceUserId) : null;
    const user = uri?.pathname.split('/').filter(Boolean).at(-1)?.replace(/^@/, '');
    if (uri?.host && user) places.push({ user, host: uri.host });
    return {
      addresses: places.map(({ host, user }) => `https?://${escape(host)}/(?:@|users/)${escape(user)}${AFTER_NAME}`),
      names: places.map(({ host, user }) => `${escape(user)}@${escape(host)}`),
    };
  }
  if (account.network === 'bluesky') {
    const ids = [handle, ...(account.sourceUserId?.startsWith('did:') ? [account.sourceUserId] : [])].map(escape);
    return { addresses: [`https?://bsky\\.app/profile/(?:${ids.join('|')})(?![\\p{L}\\p{N}_.:-])`], names: [escape(handle)] };
  }
  return { addresses: [], names: [] };
}

/** The text without the account's own addresses and @-names (unchanged when it has none). */
export function withoutOwnAddresses(text: string, account: NamedAccount): string {
  const { addresses, names } = patternsOf(account);
  let out = text;
  if (addresses.length > 0) out = out.replace(new RegExp(`(?:${addresses.join('|')})${REST_OF_ADDRESS}`, 'giu'), ADDRESS_REMOVED);
  if (names.length > 0) out = out.replace(new RegExp(`${BEFORE_NAME}@(?:${names.join('|')})${AFTER_NAME}`, 'giu'), NAME_REMOVED);
  return out;
}
