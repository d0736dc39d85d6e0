import { stringify } from 'csv-stringify/sync';
import { DateTime } from 'luxon';
import type { ExportWriter } from './export-job.ts';
import { exportBatches, type ExportPost, type ReferencedPost } from './export.repository.ts';
import { isAnonymised, originOf, referenceId } from './post-origin.ts';
import { CSV_OPTIONS } from './spreadsheet-safety.ts';
import { write } from './sink.ts';
import { shownHandle } from '../../consent/anonymous-author.ts';

/**
 * A TAGS archive sheet ("Archive" tab of Martin Hawksey's Twitter Archiving
 * Google Sheet), column for column, so tools written for TAGS read our
 * chats. Cells we have no data for stay empty, as TAGS leaves them.
 */
export const TAGS_COLUMNS = [
  'id_str',
  'from_user',
  'text',
  'created_at',
  'time',
  'geo_coordinates',
  'user_lang',
  'in_reply_to_user_id_str',
  'in_reply_to_screen_name',
  'from_user_id_str',
  'in_reply_to_status_id_str',
  'source',
  'profile_image_url',
  'user_followers_count',
  'user_friends_count',
  'user_location',
  'status_url',
  'entities_str',
] as const;

type TagsRow = Record<(typeof TAGS_COLUMNS)[number], string>;

export const writeTagsCsv: ExportWriter = async (job, out) => {
  let written = 0;
  await write(out, stringify([], { ...CSV_OPTIONS, header: true, columns: [...TAGS_COLUMNS] }));
  for await (const batch of exportBatches(job.db, job.chat)) {
    const rows = batch.posts.map((post) => tagsRow(post, batch.referenced, job.baseUrl));
    await write(out, stringify(rows, { ...CSV_OPTIONS, columns: [...TAGS_COLUMNS] }));
    written += batch.posts.length;
    job.onProgress?.(written);
  }
  return written;
};

export function tagsRow(post: ExportPost, referenced: Map<number, ReferencedPost>, baseUrl: string): TagsRow {
  const at = DateTime.fromMillis(post.createdAt, { zone: 'utc' });
  const shown = (id: number | null) => (id === null ? undefined : referenced.get(id)?.shown ? referenced.get(id) : undefined);
  const parent = shown(post.replyToId);
  const boosted = shown(post.boostOfId);
  const anonymised = isAnonymised(post);
  const origin = originOf(post, baseUrl, anonymised);
  const text = tagsText(post, boosted);
  return {
    // TAGS keys rows by tweet id; a post from elsewhere keeps its own id (ours for local posts, and
    // for anonymised ones, whose source id would name their author).
    id_str: post.sourceNetwork && !anonymised ? origin.id : String(post.id),
    from_user: shownHandle(post.authorHandle),
    text,
    // Twitter's own format, which TAGS copies verbatim and importers trust.
    created_at: at.toFormat("ccc LLL dd HH:mm:ss '+0000' yyyy", { locale: 'en-US' }),
    // The sheet's date cell as a CSV download renders it; we write it in UTC.
    time: at.toFormat('dd/MM/yyyy HH:mm:ss'),
    geo_coordinates: '',
    user_lang: '',
    in_reply_to_user_id_str: parent?.authorSourceUserId ?? '',
    in_reply_to_screen_name: parent ? shownHandle(parent.authorHandle) : '',
    from_user_id_str: post.authorSourceUserId ?? '',
    in_reply_to_status_id_str: post.kind === 'reply' ? replyToId(post, referenced, baseUrl) : '',
    source: '',
    profile_image_url: '',
    user_followers_count: post.authorFollowers === null ? '' : String(post.authorFollowers),
    user_friends_count: '',
    user_location: '',
    status_url: origin.url ?? '',
    entities_str: JSON.stringify(entitiesOf(text)),
  };
}

/** The parent's id; for an anonymised parent ours, as its own row's id_str says, so a re-import still threads the reply. */
function replyToId(post: ExportPost, referenced: Map<number, ReferencedPost>, baseUrl: string): string {
  const parent = post.replyToId === null ? undefined : referenced.get(post.replyToId);
  if (parent?.anonymised) return String(parent.id);
  return referenceId(post.replyToId, post.replyToSourceId, referenced, baseUrl) ?? '';
}

/** Retweets read "RT @author: text" in TAGS; our boosts store the boosted text alone. */
function tagsText(post: ExportPost, boosted: ReferencedPost | undefined): string {
  if (post.kind !== 'boost' || /^RT @/.test(post.text) || !boosted) return post.text;
  const handle = shownHandle(boosted.authorHandle);
  return handle ? `RT @${handle}: ${post.text}` : `RT Anonymous: ${post.text}`;
}

/** Twitter-style entities with code point indices, as TAGS stores them in `entities_str`. */
export function entitiesOf(text: string) {
  const hashtags: Array<{ text: string; indices: [number, number] }> = [];
  const user_mentions: Array<{ screen_name: string; indices: [number, number] }> = [];
  const urls: Array<{ url: string; expanded_url: string; indices: [number, number] }> = [];
  const joined = text;
  // Offsets below are in UTF-16 units; map them to code points.
  const toCodePoint = codePointIndex(joined);
  for (const match of joined.matchAll(/(^|[^\p{L}\p{N}_&/])([#@])([\p{L}\p{N}_]+)/gu)) {
    const start = match.index + match[1]!.length;
    const end = start + 1 + match[3]!.length;
    const indices: [number, number] = [toCodePoint(start), toCodePoint(end)];
    if (match[2] === '#') {
      if (/[\p{L}_]/u.test(match[3]!)) hashtags.push({ text: match[3]!, indices });
    } else user_mentions.push({ screen_name: match[3]!, indices });
  }
  for (const match of joined.matchAll(/https?:\/\/[^\s<>"]+/g)) {
    urls.push({ url: match[0], expanded_url: match[0], indices: [toCodePoint(match.index), toCodePoint(match.index + match[0].length)] });
  }
  return { hashtags, symbols: [], user_mentions, urls };
}

function codePointIndex(text: string): (utf16: number) => number {
  return (utf16) => [...text.slice(0, utf16)].length;
}
