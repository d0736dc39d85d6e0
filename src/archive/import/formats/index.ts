import type { ImportFormat, ImportFormatName } from '../imported-post.ts';
import { isMultiLineJsonDocument } from './file-head.ts';
import { blueskyViewLines, blueskyViews } from './bluesky-views.ts';
import { jetstream } from './jetstream.ts';
import { mastodon, mastodonLines } from './mastodon.ts';
import { mastodonOutbox } from './mastodon-outbox.ts';
import { tags } from './tags.ts';
import { twarc2, twarc2Document } from './twarc2.ts';
import { twitterV1, twitterV1Document } from './twitter-v1.ts';
import { xArchive } from './x-archive.ts';
import { musesocialJsonl } from '../../export/musesocial-jsonl.ts';

/**
 * Every import format, in detection order: most specific first. A file
 * goes to the first format whose `detect` accepts its head.
 *
 *  - x-archive: starts with `window.YTD.tweets.part0 =`, nothing else does;
 *  - mastodon-outbox: an ActivityStreams OrderedCollection of activities;
 *  - jetstream: `{"did":"did:…","time_us":…,"kind":…}` lines;
 *  - bluesky: API views of posts (`"uri":"at://…/app.bsky.feed.post/…"` with `author` and `indexedAt`);
 *  - twarc2 before twitter-v1: v2 has `author_id` and never `id_str`;
 *  - mastodon: statuses (`uri`, `content`, `account.acct`), contexts, stream envelopes;
 *  - tags: a CSV whose header has id_str, from_user, text and created_at.
 */
export const IMPORT_FORMATS: ImportFormat[] = [
  // ── `jsonl` (our own lossless export, src/archive/export/musesocial-jsonl.ts) goes HERE, first:
  //    its lines carry a top-level `"musesocial": 1`, which the JSON formats below refuse to claim.
  musesocialJsonl,
  xArchive,
  mastodonOutbox,
  jetstream,
  blueskyViews,
  twarc2,
  twitterV1,
  mastodon,
  tags,
];

/**
 * Formats that come both as JSONL and as a pretty-printed JSON document:
 * the same parser, framed by lines or as one document.
 */
const FRAMINGS: Partial<Record<ImportFormatName, { jsonl: ImportFormat; json: ImportFormat }>> = {
  'twitter-v1': { jsonl: twitterV1, json: twitterV1Document },
  twarc2: { jsonl: twarc2, json: twarc2Document },
  mastodon: { jsonl: mastodonLines, json: mastodon },
  bluesky: { jsonl: blueskyViewLines, json: blueskyViews },
};

/** The framing of `format` that fits a file starting with `head`. */
function framedFor(format: ImportFormat, head: string | undefined): ImportFormat {
  const variants = FRAMINGS[format.name];
  if (!variants || head === undefined) return format;
  return isMultiLineJsonDocument(head) ? variants.json : variants.jsonl;
}

/** The document framing of a format that also comes as JSONL, when a big document of it can be read element by element. */
export function streamedDocumentFraming(format: ImportFormat): ImportFormat | null {
  const document = FRAMINGS[format.name]?.json;
  return document?.streamed ? document : null;
}

/**
 * The format called `name` (`--format`). Pass the file's head to get the
 * framing that fits it: `twitter-v1`, `twarc2` and `mastodon` files come as
 * JSON lines or as one pretty-printed document. Without a head: the usual
 * framing (JSONL for twitter-v1 and twarc2, a document for mastodon).
 */
export function formatByName(name: string, head?: string): ImportFormat | null {
  const format = IMPORT_FORMATS.find((f) => f.name === name);
  return format ? framedFor(format, head) : null;
}

/** The format of a file, from its first ~64 KB; null when none recognises it. */
export function detectFormat(head: string, fileName: string): ImportFormat | null {
  for (const format of IMPORT_FORMATS) {
    if (format.detect(head, fileName)) return framedFor(format, head);
  }
  return null;
}

export const IMPORT_FORMAT_NAMES: ImportFormatName[] = IMPORT_FORMATS.map((f) => f.name);
