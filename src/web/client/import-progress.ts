/**
 * Bundle import-progress.js (an import run's page while it runs). Without
 * it the page reloads itself every few seconds (a `<noscript>` refresh in
 * the head) and has a reload link. With it, the page polls the run's JSON
 * (`/chats/SLUG/imports/ID.json`) every second and updates the numbers in
 * place, with the same words as the server (run-text.ts); the status
 * region is `aria-live`, so a screen reader hears it. When the run ends,
 * the page is reloaded once for the server's final report.
 */
import type { PresentedRun, PresentedRunFile } from '../../archive/import/runs/import-run.presenter.ts';
import { bytesText, n, percentDone, rateText, statusText } from '../../archive/import/runs/run-text.ts';

const POLL_MS = 1000;
/** After a failed poll, waits double up to this (a restarting server, a dropped connection). */
const MAX_BACKOFF_MS = 15_000;

function start(): void {
  const root = document.querySelector<HTMLElement>('[data-import-run]');
  const status = root?.querySelector<HTMLElement>('[data-run-status]');
  if (!root || !status || root.dataset.status !== 'running') return;
  const url = root.dataset.importRun!;
  const chatTitle = root.dataset.chatTitle ?? '';
  let wait = POLL_MS;
  let lastStatus = status.textContent ?? '';

  const say = (text: string) => {
    // Only when the words change: an aria-live region repeats whatever is written to it.
    if (text === lastStatus) return;
    lastStatus = text;
    status.textContent = text;
  };

  const poll = async () => {
    try {
      const response = await fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' });
      if (!response.ok) throw new Error(`status ${response.status}`);
      const run = (await response.json()) as PresentedRun;
      // The final report (rejections, unreadable files) is the server's to render; so are the files
      // a packed upload held, once they take its place.
      if (run.status !== 'running' || !sameFiles(root, run)) {
        window.location.reload();
        return;
      }
      show(root, run);
      say(statusText(run, chatTitle));
      wait = POLL_MS;
    } catch {
      say('The server could not be reached; trying again. The import goes on on the server.');
      wait = Math.min(wait * 2, MAX_BACKOFF_MS);
    }
    setTimeout(poll, wait);
  };
  setTimeout(poll, POLL_MS);
}

/** Whether the page lists the run's files as they are now (an unpacked upload is replaced by what it held). */
function sameFiles(root: HTMLElement, run: PresentedRun): boolean {
  const rows = [...root.querySelectorAll<HTMLElement>('[data-run-file]')];
  return rows.length === run.files.length && rows.every((row, i) => row.dataset.fileName === run.files[i]!.fileName);
}

function show(root: HTMLElement, run: PresentedRun): void {
  const overall = root.querySelector<HTMLProgressElement>('[data-run-overall]');
  if (overall) {
    overall.max = Math.max(1, run.bytesTotal);
    overall.value = run.bytesDone;
    overall.textContent = `${percentDone(run)} %`;
  }
  const overallText = root.querySelector<HTMLElement>('[data-run-overall-text]');
  if (overallText) overallText.textContent = `${percentDone(run)} %`;
  for (const file of run.files) {
    const row = root.querySelector<HTMLElement>(`[data-run-file="${file.position}"]`);
    if (row) showFile(row, file);
  }
}

function showFile(row: HTMLElement, file: PresentedRunFile): void {
  const set = (field: string, text: string) => {
    const cell = row.querySelector<HTMLElement>(`[data-field="${field}"]`);
    if (cell && cell.textContent !== text) cell.textContent = text;
  };
  const progress = row.querySelector<HTMLProgressElement>('progress[data-field="progress"]');
  if (progress) {
    progress.max = Math.max(1, file.bytesTotal);
    progress.value = file.bytesDone;
    progress.textContent = bytesText(file);
  }
  set('format', file.formatLabel);
  set('bytes', bytesText(file));
  set('read', n(file.counts.read));
  set('imported', n(file.counts.imported));
  set('duplicates', n(file.counts.duplicates));
  set('skipped', n(file.counts.skipped));
  set('rejected', n(file.counts.rejected));
  set('rate', rateText(file));
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
