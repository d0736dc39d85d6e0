import type { Writable } from 'node:stream';
import { DateTime } from 'luxon';
import type { PostView } from '../../posts/posts.repository.ts';
import { formatInstant, sameLocalDay } from '../../web/components/time.tsx';
import { NO_FILTER } from '../transcript/transcript-query.ts';
import { allTranscriptPages, type TranscriptSection } from '../transcript/transcript.service.ts';
import { groupTitle, postsOf } from '../transcript/transcript-groups.ts';
import type { ExportJob } from './export-job.ts';
import { write } from './sink.ts';
import { plural } from '../../web/plural.ts';

/**
 * What the Markdown and HTML exports share: the transcript as a reader
 * sees it by default (grouped by question, threads nested, boosts folded
 * into counts), walked page by page so only one page is in memory, and
 * times written in the chat's own zone.
 */
export interface ReadableTotals {
  /** Posts listed; `boosts` more are folded into their posts' counts. */
  posts: number;
  boosts: number;
  questions: Array<{ title: string; text: string | null; posts: number }>;
}

/** "37 posts + 11 boosts": what is listed, and the boosts folded into counts (together, the chat's posts in its metrics). */
export function postsAndBoosts(totals: ReadableTotals): string {
  return `${plural(totals.posts, 'post')}${totals.boosts > 0 ? ` + ${plural(totals.boosts, 'boost')}` : ''}`;
}

export interface ReadableRenderer {
  start(job: ExportJob, totals: ReadableTotals): string;
  section(job: ExportJob, section: TranscriptSection): string;
  end(job: ExportJob): string;
}

export async function writeReadable(job: ExportJob, out: Writable, renderer: ReadableRenderer): Promise<number> {
  let written = 0;
  let started = false;
  for await (const page of allTranscriptPages(job.db, job.chat, NO_FILTER)) {
    if (!started) {
      const questions = page.toc.map((entry) => ({ title: groupTitle(entry.key), text: entry.question?.text ?? null, posts: entry.posts }));
      await write(out, renderer.start(job, { posts: page.total, boosts: page.foldedBoosts, questions }));
      started = true;
    }
    for (const section of page.sections) {
      await write(out, renderer.section(job, section));
      written += section.heads.length + [...postsOf(section.threads)].length;
    }
    job.onProgress?.(written);
  }
  await write(out, renderer.end(job));
  return written;
}

/** A post's time, with its date when it is not of the chat's own day (imported archives span days and years). */
export const postTime = (post: PostView, chat: { timeZone: string; startsAt: number }) =>
  formatInstant(DateTime.fromMillis(post.createdAt, { zone: chat.timeZone }), sameLocalDay(post.createdAt, chat.startsAt, chat.timeZone) ? 'time' : 'full');
export const chatTime = (at: number, zone: string) => formatInstant(DateTime.fromMillis(at, { zone }), 'full');
export const countsText = (post: PostView) =>
  `${plural(post.replyCount, 'reply', 'replies')} · ${plural(post.boostCount, 'boost', 'boosts')} · ${plural(post.likeCount, 'like', 'likes')}`;
