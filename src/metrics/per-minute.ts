import type { FiguresChat, MetricsPost } from './figures.types.ts';

const MINUTE = 60_000;
/** A scheduled window longer than this (a day) is not filled with empty minutes. */
const MAX_FILLED = 24 * 60;

/**
 * Posts per minute (epoch ms of the minute's start, UTC). Every minute of
 * the scheduled window is listed, with 0 when nobody posted, so a chart
 * shows the lulls; minutes outside it appear only when someone posted.
 */
export function perMinute(chat: FiguresChat, posts: MetricsPost[]): Array<{ minute: number; posts: number }> {
  const buckets = new Map<number, number>();
  const first = Math.floor(chat.startsAt / MINUTE) * MINUTE;
  const span = Math.ceil((chat.endsAt - first) / MINUTE);
  if (span > 0 && span <= MAX_FILLED) for (let i = 0; i < span; i++) buckets.set(first + i * MINUTE, 0);
  for (const post of posts) {
    const minute = Math.floor(post.createdAt / MINUTE) * MINUTE;
    buckets.set(minute, (buckets.get(minute) ?? 0) + 1);
  }
  return [...buckets].sort((a, b) => a[0] - b[0]).map(([minute, n]) => ({ minute, posts: n }));
}
