import { filterParams, type TranscriptFilter } from './transcript-query.ts';

export const transcriptPath = (slug: string) => `/chats/${slug}/transcript`;
export const permalinkPath = (slug: string, id: number) => `/chats/${slug}/posts/${id}`;

/** The transcript with a filter, and optionally a position. */
export function transcriptUrl(slug: string, filter: TranscriptFilter, extra: Record<string, string> = {}): string {
  const query = new URLSearchParams({ ...filterParams(filter), ...extra }).toString();
  return query ? `${transcriptPath(slug)}?${query}` : transcriptPath(slug);
}
