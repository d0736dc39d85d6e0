import path from 'node:path';
import type { PageContext } from '../../web/context.ts';
import type { ChatDetails } from '../../chats/chats.repository.ts';
import { CsrfField, ErrorSummary } from '../../web/components/forms.tsx';
import { LocalTime } from '../../web/components/time.tsx';
import type { ImportHistoryEntry } from './import.service.ts';
import { formatBytes } from './pipeline/progress.ts';
import { FORMAT_LABELS, formatLabel } from './format-labels.ts';
import type { PresentedRun } from './runs/import-run.presenter.ts';
import { percentDone } from './runs/run-text.ts';
import { ScrollingTable } from '../../web/components/tables.tsx';
import { RejectedLines } from './rejected-lines.tsx';
import { plural } from '../../web/plural.ts';

export interface ImportFormState {
  format: string;
  error?: string | null;
  fieldErrors?: { file?: string; format?: string };
}

export function ImportFormPage({ ctx, chat, form, history, runs, maxFileBytes }: { ctx: PageContext; chat: ChatDetails; form: ImportFormState; history: ImportHistoryEntry[]; runs: PresentedRun[]; maxFileBytes: number }) {
  const fileError = form.fieldErrors?.file;
  const formatError = form.fieldErrors?.format;
  return (
    <>
      <section class="narrow">
        <p>
          <a href={`/chats/${chat.slug}`}>← {chat.title}</a>
        </p>
        <h1>Import archived posts</h1>
        <p class="lead">
          Add posts saved before — with twarc, TAGS, an X archive, Mastodon or Bluesky — to the archive of <strong>{chat.title}</strong>. They appear in its transcript, threaded under
          their questions.
        </p>
        <ErrorSummary message={form.error} />
        <form method="post" action={`/chats/${chat.slug}/import`} enctype="multipart/form-data" class="stack">
          <CsrfField token={ctx.csrfToken} />
          <div class={fileError ? 'field field-invalid' : 'field'}>
            <label for="field-file">Files</label>
            <p class="hint" id="field-file-hint">
              One or more files, each at most {formatBytes(maxFileBytes)}. For bigger files, an admin can run <code>musesocial import FILE --chat {chat.slug}</code> on the server. An X or Mastodon archive’s zip, an older Mastodon archive’s <code>.tar.gz</code> or a Bluesky <code>repo.car</code> can be chosen as downloaded, a TAGS sheet as CSV or as the workbook (<code>.xlsx</code>) Google Drive downloads, and a gzipped file as it is. From an unzipped X archive, choose <code>data/tweets.js</code> with <code>data/account.js</code> (its owner) and <code>data/note-tweet.js</code> (the whole text of long posts).
            </p>
            {fileError ? (
              <p class="field-error" id="field-file-error">
                {fileError}
              </p>
            ) : null}
            <input
              id="field-file"
              name="file"
              type="file"
              multiple
              required
              accept=".json,.jsonl,.js,.csv,.xlsx,.txt,.zip,.gz,.tgz,.car,application/json,text/csv,application/zip,application/gzip,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              aria-invalid={fileError ? 'true' : undefined}
              aria-describedby={fileError ? 'field-file-hint field-file-error' : 'field-file-hint'}
            />
          </div>
          <div class={formatError ? 'field field-invalid' : 'field'}>
            <label for="field-format">Format</label>
            <p class="hint" id="field-format-hint">
              Detected from each file’s contents unless you choose one.
            </p>
            {formatError ? (
              <p class="field-error" id="field-format-error">
                {formatError}
              </p>
            ) : null}
            <select id="field-format" name="format" aria-invalid={formatError ? 'true' : undefined} aria-describedby={formatError ? 'field-format-hint field-format-error' : 'field-format-hint'}>
              <option value="" selected={form.format === ''}>
                Detect automatically
              </option>
              {Object.entries(FORMAT_LABELS).map(([name, label]) => (
                <option value={name} selected={form.format === name}>
                  {label}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" class="button">
            Import
          </button>
        </form>
        <h2>What happens</h2>
        <ul>
          <li>Each post keeps where it came from: its network, link, author, time and counts of likes, boosts and replies.</li>
          <li>Posts already in the archive are left as they were, so importing a file again, or an overlapping one, adds only what is missing.</li>
          <li>A host’s posts starting “Q1”, “Q2” … become the chat’s questions; “A1 …” answers and replies are threaded under them.</li>
          <li>Lines that cannot be read are skipped and listed with their line number; the rest of the file is imported.</li>
          <li>The import runs on the server: a page follows its progress file by file, and you may leave it meanwhile.</li>
        </ul>
      </section>
      {runs.length > 0 ? <RecentUploads ctx={ctx} chat={chat} runs={runs} /> : null}
      {/* The full width of the page: the table has five columns. */}
      {history.length > 0 ? <ImportHistory ctx={ctx} chat={chat} history={history} /> : null}
    </>
  );
}

function ImportHistory({ ctx, chat, history }: { ctx: PageContext; chat: ChatDetails; history: ImportHistoryEntry[] }) {
  return (
    <section aria-labelledby="import-history">
      <h2 id="import-history">Earlier imports</h2>
      <ScrollingTable labelledBy="import-history" class="import-report" columns={['File', 'When', 'Imported', 'Already archived', 'Rejected']}>
        {history.map((entry) => (
          <tr>
            <td>
              {entry.runId !== null ? (
                <a href={`/chats/${chat.slug}/imports/${entry.runId}`}>{entry.fileName}</a>
              ) : (
                // A command-line import is named by its path on the server: its last part says which file it was.
                <span class="import-file-name" title={entry.fileName}>
                  {path.basename(entry.fileName)}
                </span>
              )}
              <br />
              <span class="hint">
                {formatLabel(entry.format, false)}
                {entry.userHandle ? ` · by @${entry.userHandle}` : entry.via === 'cli' ? ' · command line' : ''}
                {entry.status === 'interrupted' ? ' · interrupted' : entry.status !== 'finished' ? ' · did not finish' : ''}
              </span>
              <RejectedLines rejections={entry.rejections} />
            </td>
            <td class="import-when">
              <LocalTime at={entry.startedAt} zone={chat.timeZone} readerZone={ctx.readerZone} />
            </td>
            <td>{entry.imported.toLocaleString('en-US')}</td>
            <td>{entry.duplicates.toLocaleString('en-US')}</td>
            <td>{entry.rejected.toLocaleString('en-US')}</td>
          </tr>
        ))}
      </ScrollingTable>
    </section>
  );
}

const RUN_STATES: Record<PresentedRun['status'], (run: PresentedRun) => string> = {
  running: (run) => `importing, ${percentDone(run)} % read`,
  finished: (run) => (run.totals.imported > 0 || run.unreadable < run.files.length ? `finished: ${plural(run.totals.imported, 'post')} imported` : 'nothing imported'),
  failed: () => 'failed',
  interrupted: () => 'interrupted: import the files again to complete it',
};

/** The latest uploads, each linking to its run's page (progress, then the report). */
function RecentUploads({ ctx, chat, runs }: { ctx: PageContext; chat: ChatDetails; runs: PresentedRun[] }) {
  return (
    <section class="narrow" aria-labelledby="import-runs">
      <h2 id="import-runs">Latest uploads</h2>
      <ul class="import-runs">
        {runs.map((run) => (
          <li>
            <a href={run.url}>{run.files.map((f) => f.fileName).join(', ')}</a>: {RUN_STATES[run.status](run)}
            <span class="hint">
              {' · '}
              <LocalTime at={Date.parse(run.startedAt)} zone={chat.timeZone} readerZone={ctx.readerZone} />
              {run.uploadedBy ? ` · by @${run.uploadedBy}` : ''}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
