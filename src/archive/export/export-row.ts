import { presentPost } from '../../posts/post.presenter.ts';
import type { ExportPost } from './export.repository.ts';
import { permalinkUrl } from './post-origin.ts';
import { shownHandle } from '../../consent/anonymous-author.ts';

/**
 * The columns of our CSV and XLSX exports, taken from the one post shape
 * (presentPost) so a spreadsheet says what the API and the page say. Ids
 * stay text: tweet ids do not fit in a spreadsheet number.
 */
export const ROW_COLUMNS = [
  'id',
  'created_at',
  'author_handle',
  'author_display_name',
  'author_network',
  'kind',
  'text',
  'reply_to',
  'quote_of',
  'boost_of',
  'question',
  'answers_question',
  'hashtags',
  'likes',
  'boosts',
  'replies',
  'source_network',
  'source_id',
  'source_url',
  'permalink',
] as const;

export type ExportRow = Record<(typeof ROW_COLUMNS)[number], string | number | Date | null>;

export function exportRow(post: ExportPost, baseUrl: string): ExportRow {
  const json = presentPost(post);
  return {
    id: json.id,
    created_at: new Date(post.createdAt),
    author_handle: shownHandle(json.author.handle),
    author_display_name: json.author.displayName,
    author_network: json.author.network,
    kind: json.kind,
    text: json.text,
    reply_to: json.replyTo,
    quote_of: json.quoteOf,
    boost_of: json.boostOf,
    question: json.questionNumber,
    answers_question: json.answersQuestion,
    hashtags: json.hashtags.join(' '),
    likes: json.counts.likes,
    boosts: json.counts.boosts,
    replies: json.counts.replies,
    source_network: json.source?.network ?? null,
    source_id: json.source?.id ?? null,
    source_url: json.source?.url ?? null,
    permalink: permalinkUrl(baseUrl, post.chatSlug, post.id),
  };
}
