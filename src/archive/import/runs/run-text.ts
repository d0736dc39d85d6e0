import { CHECKING_DOCUMENT, formatBytes, formatDuration, isCheckingDocument } from '../pipeline/progress.ts';
import type { PresentedRun, PresentedRunFile } from './import-run.presenter.ts';
import { plural } from '../../../web/plural.ts';
import { inOtherChatsText } from '../in-other-chats.ts';

/**
 * The words of the progress page, shared by the server's rendering and the
 * browser script that updates it (import-progress.ts), so both say the
 * same. Pure: no Node module, no DOM.
 */

export const n = (value: number) => value.toLocaleString('en-US');

export function bytesText(file: PresentedRunFile): string {
  return `${formatBytes(file.bytesDone)} of ${formatBytes(file.bytesTotal)}`;
}

/** "4.2 MB/s · 2,100 records/s · 0:12 left", or what the file is waiting for. */
export function rateText(file: PresentedRunFile): string {
  if (file.status === 'waiting') return file.position === 0 ? 'waiting to start' : 'waiting for the files before it';
  if (file.status === 'unreadable') return 'not imported';
  if (file.unpacking) return 'unpacking…';
  if (file.bytesPerSecond === null || file.recordsPerSecond === null) return '—';
  const checking = file.status === 'running' && isCheckingDocument(file.bytesDone, file.counts.read);
  const parts = [`${formatBytes(file.bytesPerSecond)}/s`, checking ? CHECKING_DOCUMENT : `${n(Math.round(file.recordsPerSecond))} records/s`];
  if (file.secondsLeft !== null) parts.push(`${formatDuration(file.secondsLeft)} left`);
  if (file.status === 'stopped') parts.push('stopped');
  return parts.join(' · ');
}

export function percentDone(run: Pick<PresentedRun, 'bytesDone' | 'bytesTotal'>): number {
  return run.bytesTotal > 0 ? Math.floor((100 * run.bytesDone) / run.bytesTotal) : 0;
}

/** The sentence of the page's status region (read out by screen readers as it changes). */
export function statusText(run: PresentedRun, chatTitle: string): string {
  const { totals } = run;
  switch (run.status) {
    case 'running': {
      // Nothing started yet: the import's thread is starting, or other uploads are importing (background-imports.ts).
      if (run.files.every((f) => f.status === 'waiting')) return `Waiting to start: ${plural(run.files.length, 'file')} received, imported as soon as the server has a place for them.`;
      const unpacking = run.files.filter((f) => f.unpacking).map((f) => f.fileName);
      if (unpacking.length > 0) return `Unpacking ${unpacking.join(' and ')}: taking out the files to import, which this page then lists.`;
      const current = run.files.find((f) => f.status === 'running');
      const where = current ? `file ${current.position + 1} of ${run.files.length} (${current.fileName})` : `${plural(run.files.length, 'file')}`;
      return `Importing ${where}: ${percentDone(run)} % of the upload read, ${plural(totals.imported, 'post')} imported so far.`;
    }
    case 'finished':
      if (run.files.length > 0 && run.unreadable === run.files.length) {
        return `Nothing was imported into “${chatTitle}”: ${run.files.length === 1 ? 'the file holds nothing' : 'none of the files holds anything'} that can be imported (why is below).`;
      }
      return (
        `Imported ${plural(totals.imported, 'post')} into “${chatTitle}”; ${n(totals.duplicates)} already archived` +
        `${totals.skipped > 0 ? `, ${n(totals.skipped)} skipped` : ''}${totals.deleted > 0 ? `, ${n(totals.deleted)} taken out` : ''}, ${plural(totals.rejected, 'record')} rejected` +
        `${run.unreadable > 0 ? `, ${plural(run.unreadable, 'file')} not imported` : ''}.` +
        (run.inOtherChats.length > 0 ? ` ${inOtherChatsText(run.inOtherChats, totals.duplicates, (chat) => `“${chat.title}”`)}.` : '')
      );
    case 'failed':
      return `The import failed: ${run.error ?? 'an unknown error'}. ${plural(totals.imported, 'post')} stored before that ${totals.imported === 1 ? 'is' : 'are'} kept.`;
    case 'interrupted':
      return `The import was interrupted (the server stopped) after ${plural(totals.imported, 'post')}. Import the same files again to complete it: posts already archived are skipped.`;
  }
}
