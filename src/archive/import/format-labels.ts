import type { ImportFormatName } from './imported-post.ts';

/**
 * The formats as people know them, in the order they are offered. Plain
 * data, so the progress page's browser script shows the same words.
 */
export const FORMAT_LABELS: Record<ImportFormatName, string> = {
  // The file field's hint says which of the archive's files to choose with tweets.js.
  'x-archive': 'X/Twitter archive: data/tweets.js',
  'twitter-v1': 'Twitter API v1.1, twarc1, streaming (JSON or JSONL)',
  twarc2: 'Twitter API v2, twarc2 (JSONL)',
  tags: 'TAGS sheet (CSV)',
  mastodon: 'Mastodon statuses or hashtag timeline (JSON)',
  'mastodon-outbox': 'Mastodon export: outbox.json',
  bluesky: 'Bluesky search, feeds or threads (JSON or JSONL)',
  jetstream: 'Bluesky Jetstream (JSONL)',
  jsonl: 'Musesocial export (JSONL)',
};

export function formatLabel(format: string | null, detected: boolean): string {
  if (!format) return '—';
  const label = FORMAT_LABELS[format as ImportFormatName] ?? format;
  return detected ? `${label} (detected)` : label;
}
