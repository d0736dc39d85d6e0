import type { Network } from '../db/schema.ts';

export const NETWORKS: readonly Network[] = ['local', 'twitter', 'mastodon', 'bluesky'];

/** Who to forget, as typed: a handle and, when the form says, its network. */
export interface AuthorTarget {
  /** Lower-case, without a leading `@`, as authors.handle stores it. */
  handle: string;
  network: Network | null;
}

/**
 * Reads the ways people name an account: `dana`, `@dana`,
 * `@kim@museum.social`, `dana.bsky.social`, `did:plc:…`, or a profile URL
 * (`https://twitter.com/dana`, `https://x.com/dana`,
 * `https://museum.social/@kim`, `https://bsky.app/profile/dana.bsky.social`).
 * A URL also tells the network; a bare handle matches on every network and
 * the caller asks which one when several have it. Null when unreadable.
 */
export function parseAuthorTarget(input: string, network: Network | null = null): AuthorTarget | null {
  const raw = input.trim();
  const fromUrl = readProfileUrl(raw);
  if (fromUrl) return (network && network !== fromUrl.network) || !isHandle(fromUrl.handle) ? null : fromUrl;
  const handle = raw.replace(/^@/, '').toLowerCase();
  return isHandle(handle) ? { handle, network } : null;
}

function isHandle(handle: string): boolean {
  return /^[\p{L}\p{N}_.\-:@]{1,200}$/u.test(handle) && /[\p{L}\p{N}]/u.test(handle);
}

export function parseNetwork(value: string | undefined): Network | null | 'invalid' {
  if (!value || value === 'any') return null;
  const name = value.toLowerCase() === 'x' ? 'twitter' : value.toLowerCase();
  return (NETWORKS as readonly string[]).includes(name) ? (name as Network) : 'invalid';
}

function readProfileUrl(raw: string): { handle: string; network: Network } | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  const host = url.hostname.toLowerCase().replace(/^www\./, '');
  const segments = url.pathname.split('/').filter(Boolean).map(safeDecode);
  if ((host === 'twitter.com' || host === 'x.com' || host === 'mobile.twitter.com') && segments[0]) {
    return { handle: segments[0].replace(/^@/, '').toLowerCase(), network: 'twitter' };
  }
  if (host === 'bsky.app' && segments[0] === 'profile' && segments[1]) return { handle: segments[1].toLowerCase(), network: 'bluesky' };
  if (segments[0]?.startsWith('@') && segments[0].length > 1) return { handle: `${segments[0].slice(1).toLowerCase()}@${host}`, network: 'mastodon' };
  return null;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
