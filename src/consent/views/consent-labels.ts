import type { ConsentMode } from '../consent.tables.ts';

export const MODE_LABEL: Record<ConsentMode, string> = { remove: 'Remove the posts', anonymise: 'Keep the posts, anonymously' };

export const MODE_OPTIONS = [
  { value: 'remove', label: MODE_LABEL.remove },
  { value: 'anonymise', label: MODE_LABEL.anonymise },
];

export const NETWORK_OPTIONS = [
  { value: 'any', label: 'Any network' },
  { value: 'local', label: 'This server' },
  { value: 'twitter', label: 'Twitter / X' },
  { value: 'mastodon', label: 'Mastodon' },
  { value: 'bluesky', label: 'Bluesky' },
];
