import { stringify } from 'csv-stringify/sync';
import { CSV_OPTIONS } from '../archive/export/spreadsheet-safety.ts';
import type { ChatFigures } from './figures.types.ts';
import type { Growth } from './growth.service.ts';

/**
 * Every table of the stats pages, defined once: the page shows the first
 * rows of each, and `/chats/SLUG/stats/NAME.csv` downloads all of them
 * with the same columns.
 */

export type Cell = string | number | null;
export interface Column {
  header: string;
  label: string;
  numeric?: boolean;
}
export interface StatsTable {
  name: string;
  title: string;
  columns: Column[];
  rows: Cell[][];
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const col = (header: string, label: string, numeric = false): Column => ({ header, label, numeric });

export const CHAT_TABLES = ['participants', 'questions', 'per-minute', 'replied-to', 'mentioned', 'hashtags', 'domains', 'links', 'network-edges'] as const;
export type ChatTableName = (typeof CHAT_TABLES)[number];

export function chatTable(name: ChatTableName, f: ChatFigures): StatsTable {
  switch (name) {
    case 'participants':
      return {
        name,
        title: 'Participants',
        columns: [col('handle', 'Handle'), col('network', 'Network'), col('display_name', 'Name'), col('posts', 'Posts', true), col('original', 'Original', true), col('replies', 'Replies', true), col('quotes', 'Quotes', true), col('boosts', 'Boosts', true)],
        rows: f.posters.map((p) => [p.handle, p.network, p.displayName, p.total, p.original, p.replies, p.quotes, p.boosts]),
      };
    case 'questions':
      return {
        name,
        title: 'Questions',
        columns: [col('number', 'Question', true), col('text', 'Text'), col('released_at', 'Released (UTC)'), col('answers', 'Answers', true), col('participants', 'People answering', true), col('median_seconds_to_first_answer', 'Median seconds to first answer', true)],
        rows: f.questions.map((q) => [q.number, q.text, iso(q.releasedAt), q.answers, q.participants, q.medianSecondsToFirstAnswer]),
      };
    case 'per-minute':
      return { name, title: 'Posts per minute', columns: [col('minute', 'Minute (UTC)'), col('posts', 'Posts', true)], rows: f.perMinute.map((m) => [iso(m.minute), m.posts]) };
    case 'replied-to':
      return { name, title: 'Most replied to', columns: [col('handle', 'Handle'), col('replies', 'Replies received', true)], rows: f.mostRepliedTo.map((r) => [r.handle, r.replies]) };
    case 'mentioned':
      return { name, title: 'Most mentioned', columns: [col('handle', 'Handle'), col('mentions', 'Posts mentioning them', true)], rows: f.mostMentioned.map((r) => [r.handle, r.mentions]) };
    case 'hashtags':
      return { name, title: 'Hashtags used alongside', columns: [col('tag', 'Hashtag'), col('posts', 'Posts', true)], rows: f.hashtags.map((r) => [r.tag, r.posts]) };
    case 'domains':
      return { name, title: 'Links shared, by domain', columns: [col('domain', 'Domain'), col('posts', 'Posts', true)], rows: f.domains.map((r) => [r.domain, r.posts]) };
    case 'links':
      return { name, title: 'Links shared', columns: [col('url', 'Address'), col('domain', 'Domain'), col('posts', 'Posts', true)], rows: f.links.map((r) => [r.url, r.domain, r.posts]) };
    case 'network-edges':
      return {
        name,
        title: 'Reply and mention connections',
        columns: [col('source', 'From'), col('target', 'To'), col('kind', 'Kind'), col('weight', 'Times', true)],
        rows: f.network.edges.map((e) => [e.source, e.target, e.kind, e.weight]),
      };
  }
}

export const GROWTH_TABLES = ['growth', 'topics'] as const;
export type GrowthTableName = (typeof GROWTH_TABLES)[number];

export function growthTable(name: GrowthTableName, g: Growth): StatsTable {
  if (name === 'topics') return { name, title: 'Top topics by hashtag', columns: [col('tag', 'Hashtag'), col('posts', 'Posts', true), col('chats', 'Chats', true)], rows: g.topics.map((t) => [t.tag, t.posts, t.chats]) };
  return {
    name,
    title: 'Chats over time',
    columns: [col('slug', 'Chat'), col('title', 'Title'), col('starts_at', 'Date (UTC)'), col('posts', 'Posts', true), col('participants', 'Participants', true), col('new_participants', 'New', true), col('retained', 'Back from the chat before', true), col('retention', 'Retention', true)],
    rows: g.chats.map((c) => [c.slug, c.title, iso(c.startsAt), c.posts, c.participants, c.newParticipants, c.retained, c.retention === null ? null : Math.round(c.retention * 1000) / 1000]),
  };
}

/** The whole table as CSV; text a spreadsheet would run as a formula gets a leading apostrophe. */
export function tableCsv(table: StatsTable): string {
  return stringify(table.rows, { ...CSV_OPTIONS, header: true, columns: table.columns.map((c) => c.header), cast: { number: (n) => String(n) } });
}
