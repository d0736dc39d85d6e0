import type { Network } from '../db/schema.ts';

/** A network as pages name it ("On Twitter/X: …", "the original on Mastodon"). */
export const NETWORK_NAME: Record<Network, string> = { local: 'this server', twitter: 'Twitter/X', mastodon: 'Mastodon', bluesky: 'Bluesky' };
