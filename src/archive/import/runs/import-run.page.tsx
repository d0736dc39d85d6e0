import { onTheForm } from '../unrecognised-format.ts';
import type { ChatDetails } from '../../../chats/chats.repository.ts';
import type { PresentedRun, PresentedRunFile } from './import-run.presenter.ts';
import { bytesText, n, percentDone, rateText, statusText } from './run-text.ts';
import { ScrollingTable } from '../../../web/components/tables.tsx';
import { RejectedLines } from '../rejected-lines.tsx';

/** Seconds between reloads of the page for browsers without JavaScript (`<noscript>` refresh). */
export const RELOAD_SECONDS = 3;

const HEADINGS: Record<PresentedRun['status'], string> = {
  running: 'Importing…',
  finished: 'Import finished',
  failed: 'Import failed',
  interrupted: 'Import interrupted',
};

const NOTICE: Record<PresentedRun['status'], string> = {
  running: 'notice notice-info',
  finished: 'notice notice-success',
  failed: 'notice notice-error',
  interrupted: 'notice notice-error',
};

export function runHeading(run: PresentedRun): string {
  return HEADINGS[run.status];
}

/**
 * /chats/SLUG/imports/ID: one upload's import as it goes, then its report.
 * Complete without JavaScript (the head reloads it every few seconds while
 * it runs); import-progress.js polls the JSON beside it and updates the
 * numbers in place, then reloads once for the final report.
 */
export function ImportRunPage({ chat, run }: { chat: ChatDetails; run: PresentedRun }) {
  const running = run.status === 'running';
  const finishedEmpty = run.status === 'finished' && run.totals.imported === 0;
  return (
    <section class="import-run" data-import-run={`${run.url}.json`} data-chat-title={chat.title} data-status={run.status}>
      <p>
        <a href={`/chats/${chat.slug}/import`}>← Import archived posts into {chat.title}</a>
      </p>
      <h1>{runHeading(run)}</h1>
      <p class={finishedEmpty ? 'notice notice-warning' : NOTICE[run.status]} role="status" aria-live="polite" data-run-status>
        {statusText(run, chat.title)}
      </p>
      {running ? (
        <>
          <div class="import-run-overall">
            <label for="import-run-progress">Whole upload</label>
            <progress id="import-run-progress" data-run-overall max={Math.max(1, run.bytesTotal)} value={run.bytesDone}>
              {percentDone(run)} %
            </progress>
            <span data-run-overall-text>{percentDone(run)} %</span>
          </div>
          <p class="hint" data-run-hint>
            The import runs on the server: you may leave this page and come back to it from the import form. This page follows it by itself; if it seems stuck,{' '}
            <a href={run.url}>reload it</a>.
          </p>
          <script src="/assets/build/import-progress.js" defer></script>
        </>
      ) : null}
      {run.status === 'interrupted' ? (
        <p>
          Posts stored until then are kept. Importing the same files again completes the archive: posts already archived are left as they were, and only what is missing is added.
        </p>
      ) : null}
      {run.status === 'failed' ? <p>Posts stored before the failure are kept. Importing the same files again adds only what is missing.</p> : null}
      <h2 id="import-files">Files</h2>
      <ScrollingTable labelledBy="import-files" class="import-report import-run-files" columns={['File', 'Format', 'Progress', 'Records read', 'Imported', 'Already archived', 'Skipped', 'Rejected']}>
        {run.files.map((file) => (
          <RunFileRow file={file} />
        ))}
      </ScrollingTable>
      <p class="hint">
        Skipped: records that are not posts (profile updates, stream notices), posts not addressed to the public (followers only, direct), posts a saved thread shows as deleted or blocked, and earlier versions of posts
        edited since. Taken out: posts archived before that the file says were deleted, or replaced by an edit.
      </p>
      {run.companions.length > 0 ? <p>{run.companions.join(' and ')} {run.companions.length === 1 ? 'was' : 'were'} read with the archive’s tweets, not imported.</p> : null}
      <p class="import-actions">
        <a href={`/chats/${chat.slug}/transcript`}>Read the transcript</a> · <a href={`/chats/${chat.slug}/import`}>Import more files</a> · <a href={`/chats/${chat.slug}`}>Back to the chat</a>
      </p>
    </section>
  );
}

const COLUMNS = 8;

/** A file's row, and under it, across the table, why it was not imported and its first rejected lines. */
function RunFileRow({ file }: { file: PresentedRunFile }) {
  const unreadable = file.status === 'unreadable';
  const detail = unreadable || file.rejections.length > 0;
  return (
    <>
      <tr data-run-file={file.position} data-file-name={file.fileName}>
        <td>{file.fileName}</td>
        <td data-field="format">{file.formatLabel}</td>
        <td class="import-run-progress">
          {unreadable ? (
            <span class="badge badge-rejected">Not imported</span>
          ) : (
            <>
              <progress data-field="progress" max={Math.max(1, file.bytesTotal)} value={file.bytesDone} aria-label={`${file.fileName}: bytes read`}>
                {bytesText(file)}
              </progress>
              <span data-field="bytes">{bytesText(file)}</span>
              <span class="hint" data-field="rate">
                {rateText(file)}
              </span>
            </>
          )}
        </td>
        <td data-field="read">{n(file.counts.read)}</td>
        <td data-field="imported">{n(file.counts.imported)}</td>
        <td data-field="duplicates">{n(file.counts.duplicates)}</td>
        <td data-field="skipped">{n(file.counts.skipped)}</td>
        <td data-field="rejected">{n(file.counts.rejected)}</td>
      </tr>
      {detail ? (
        <tr class="import-run-detail">
          <td colSpan={COLUMNS}>
            {file.unreadable ? (
              <p>
                <strong>{file.fileName}</strong> was not imported: {onTheForm(file.unreadable)}
              </p>
            ) : null}
            <RejectedLines rejections={file.rejections} more={file.counts.rejected - file.rejections.length} />
          </td>
        </tr>
      ) : null}
    </>
  );
}
