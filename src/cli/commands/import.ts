import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { AppError } from '../../errors.ts';
import { IMPORT_FORMAT_NAMES } from '../../archive/import/formats/index.ts';
import type { ImportReport } from '../../archive/import/import.service.ts';
import { importInThread } from '../../archive/import/pipeline/import-thread.ts';
import { compileImportThreadsAhead } from '../../archive/import/pipeline/compile-ahead.ts';
import { INLINE_BELOW_BYTES } from '../../archive/import/pipeline/limits.ts';
import { inOtherChatsText } from '../../archive/import/in-other-chats.ts';
import { onTheCommandLine } from '../../archive/import/unrecognised-format.ts';
import type { BulkStep, FileSummary, ImportProgress, XArchiveUse } from '../../archive/import/pipeline/import-file.ts';
import { CHECKING_DOCUMENT, estimate, formatBytes, formatDuration, isCheckingDocument } from '../../archive/import/pipeline/progress.ts';
import { plural } from '../../web/plural.ts';
import { xArchiveTweetFiles } from '../../archive/import/x-archive-folder.ts';
import { expandArchives } from '../../archive/import/downloaded-archives.ts';

interface ImportOptions {
  chat: string;
  format?: string;
  json?: boolean;
  workers?: number;
  bulkLoad?: 'auto' | 'always' | 'never';
}

export function importCommand(): Command {
  return new Command('import')
    .description('Import archived posts (X/Twitter, twarc, TAGS, Mastodon, Bluesky) into a chat. Importing a file again adds only what is missing.')
    .argument('<file...>', "files to import; an X archive, zipped as downloaded or unzipped (its folder), stands for its tweet files (data/tweets.js and its parts; data/account.js beside them names the tweets' author, data/note-tweet.js gives long posts their whole text); a Mastodon archive's zip stands for its outbox.json")
    .requiredOption('--chat <slug>', 'the chat the posts belong to')
    .addOption(new Option('--format <format>', 'the files’ format (detected when omitted)').choices(IMPORT_FORMAT_NAMES))
    .option('--json', 'print one JSON document with the results instead of text')
    .addOption(
      new Option(
        '--bulk-load <mode>',
        'auto: on SQLite, a file of 50,000 posts or more into an archive no bigger loads in one transaction (fastest; a running server cannot write until it ends); never: batch by batch, for a busy live server; always: in one transaction whatever the sizes',
      )
        .choices(['auto', 'always', 'never'])
        .default('auto'),
    )
    .addOption(new Option('--workers <n>', 'most threads parsing a big file (default: one per core but one, at most 3)').argParser(wholeNumber))
    .action(async (given: string[], options: ImportOptions) => {
      const say = (line: string) => (options.json ? process.stderr.write(`${line}\n`) : console.log(line));
      const named = given.flatMap((file) => {
        const tweets = fs.statSync(file, { throwIfNoEntry: false })?.isDirectory() ? xArchiveTweetFiles(file) : null;
        if (!tweets) return [file];
        say(`${file}: an X archive; importing ${tweets.map((tweetFile) => path.relative(file, tweetFile)).join(', ')}`);
        return tweets;
      });
      // A packed file (an X or Mastodon archive's zip, an older Mastodon archive's tarball, a gzipped file, a
      // Bluesky repo.car, a TAGS workbook) is unpacked (only the files imported) into a temporary folder,
      // removed at the end.
      const unpacked: string[] = [];
      const unpackDir = async () => {
        const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'musesocial-unpack-'));
        unpacked.push(dir);
        return dir;
      };
      const { files, expanded } = await expandArchives(named.map((file) => ({ path: path.resolve(file), fileName: file })), unpackDir, (packed, kind) => {
        // Seconds of silence otherwise: a gzip is decompressed whole, a tarball read through (~250 MB/s),
        // a workbook's sheets converted (a zip may be one: ~3 MB/s).
        const size = fs.statSync(packed.path, { throwIfNoEntry: false })?.size ?? 0;
        if (size >= (kind === 'zip' ? BIG_ZIP_BYTES : BIG_PACKED_BYTES)) say(`${packed.fileName}: unpacking…`);
      });
      for (const { packed, kind, files: inside } of expanded) say(`${packed.fileName}: ${kind}; importing ${inside.join(', ')}`);
      // A file big enough for parse workers: their modules are compiled first, in a process of their own (compile-ahead.ts).
      if (files.some((file) => (fs.statSync(file.path, { throwIfNoEntry: false })?.size ?? 0) >= INLINE_BELOW_BYTES)) await compileImportThreadsAhead();
      const progress = new ProgressLine(process.stderr);
      const report = await importInThread(
        { slug: options.chat, input: { files, format: options.format ?? null }, ...(options.workers ? { read: { workers: options.workers } } : {}), ...(options.bulkLoad ? { bulkLoad: options.bulkLoad } : {}) },
        {
          onFormat: ({ fileName, format, detected, bytes, xArchive }) => {
            progress.clear();
            say(`${fileName}: ${detected ? 'detected format' : 'format'} ${format} (${formatBytes(bytes)})${xArchive ? `; ${xArchiveReading(xArchive)}` : ''}`);
            progress.start(fileName);
          },
          onProgress: (p) => progress.update(p),
          onBulkStep: (step) => progress.bulkStep(step),
        },
      )
        .catch((error: unknown) => {
          progress.clear();
          if (options.json && error instanceof AppError) {
            process.stdout.write(`${JSON.stringify({ error: { code: error.code, message: error.message } })}\n`);
            process.exitCode = 1;
            return null;
          }
          throw error;
        })
        .finally(() => Promise.all(unpacked.map((dir) => fsp.rm(dir, { recursive: true, force: true }))));
      progress.clear();
      if (!report) return;
      if (options.json) process.stdout.write(`${JSON.stringify(jsonReport(report))}\n`);
      else printReport(report);
      // Garbage files (empty, binary, unreadable, no valid record) fail the command; rejected lines in a good file do not.
      if (report.unreadable > 0) process.exitCode = 1;
    });
}

/** What an X archive's tweets are read with, or what they lack. */
function xArchiveReading({ owner, notes }: XArchiveUse): string {
  const who = owner ? `owner @${owner} (account.js)` : 'no account.js: the owner is looked for in their photos';
  const long = notes > 0 ? `whole text of long posts from note-tweet.js (${plural(notes, 'note')})` : 'no note-tweet.js (where archives since 2023 keep the whole text of long posts)';
  return `${who}; ${long}`;
}

function wholeNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 16) throw new InvalidArgumentError('must be a whole number from 1 to 16');
  return n;
}

const n = (value: number) => value.toLocaleString('en-US');
/** A packed file this big takes seconds to open: the command says it is at work. */
const BIG_PACKED_BYTES = 64 * 1024 * 1024;
/** A zip may be a workbook, whose sheets take seconds to convert from this size. */
const BIG_ZIP_BYTES = 8 * 1024 * 1024;
const SHOWN_REJECTIONS = 10;

function printReport(report: ImportReport): void {
  for (const file of report.files) {
    if (file.unreadable) {
      console.log(`${file.fileName}: not imported: ${onTheCommandLine(file.unreadable, IMPORT_FORMAT_NAMES)}`);
      printRejections(file);
      continue;
    }
    const { read, imported, duplicates, rejected, skipped, deleted } = file.counts;
    // A rate over a fraction of a second is mostly start-up, and says nothing.
    const rate = file.seconds >= 1 ? ` (${file.seconds.toFixed(1)} s, ${n(Math.round(read / file.seconds))} records/s)` : file.seconds > 0 ? ` (${file.seconds.toFixed(1)} s)` : '';
    const extra = [skipped > 0 ? `${n(skipped)} skipped (not posts, not public, gone from the source, or an earlier version of an edited post)` : '', deleted > 0 ? `${n(deleted)} taken out (deleted at the source, or replaced by an edit)` : ''].filter(Boolean).join(', ');
    // A page of results holds many posts, a retweet its original, a quote the post it quotes: all are archived.
    const held = file.postsInRecords > read - rejected - skipped ? ` holding ${plural(file.postsInRecords, 'post')}` : '';
    console.log(`${file.fileName}: read ${plural(read, 'record')}${held}, imported ${plural(imported, 'post')}, ${n(duplicates)} already archived, ${n(rejected)} rejected${extra ? `, ${extra}` : ''}${rate}`);
    if (file.inOtherChats.length > 0) console.log(`  ${inOtherChatsText(file.inOtherChats, duplicates, (chat) => `/chats/${chat.slug}/transcript`)}`);
    printRejections(file);
  }
  if (report.companions.length > 0) console.log(`Read ${report.companions.join(' and ')} with the archive's tweets (not imported themselves).`);
  if (report.files.length > 1) {
    const t = report.totals;
    console.log(`Total: read ${n(t.read)}, imported ${n(t.imported)}, already archived ${n(t.duplicates)}, rejected ${n(t.rejected)}${report.unreadable > 0 ? `; ${plural(report.unreadable, 'file')} not imported` : ''}`);
  }
  // Posts already archived in this chat are there to read too (a second import of a file adds nothing).
  const elsewhere = report.files.reduce((sum, f) => sum + f.inOtherChats.reduce((s, c) => s + c.posts, 0), 0);
  if (report.totals.imported > 0 || report.totals.duplicates > elsewhere) console.log(`Transcript: /chats/${report.chat.slug}/transcript`);
}

function printRejections(file: FileSummary): void {
  for (const r of file.rejections.slice(0, SHOWN_REJECTIONS)) console.log(`  ${file.fileName}:${r.line}: ${r.reason}`);
  const more = file.counts.rejected - Math.min(file.rejections.length, SHOWN_REJECTIONS);
  if (more > 0) console.log(`  … and ${n(more)} more rejected`);
}

function jsonReport(report: ImportReport) {
  return {
    chat: report.chat.slug,
    files: report.files.map((f) => ({
      file: f.fileName,
      format: f.format,
      detected: f.detected,
      importId: f.importId,
      ...f.counts,
      unreadable: f.unreadable,
      rejections: f.rejections.map((r) => ({ file: f.fileName, line: r.line, reason: r.reason })),
      postsInRecords: f.postsInRecords,
      inOtherChats: f.inOtherChats,
      bytes: f.bytes,
      seconds: Number(f.seconds.toFixed(3)),
      timings: f.timings,
      bulkLoaded: f.bulkLoaded,
    })),
    companions: report.companions,
    totals: report.totals,
    unreadableFiles: report.unreadable,
  };
}

/**
 * Progress on stderr: a bar redrawn in place on a terminal, a plain line
 * every few seconds otherwise (a log file should not fill with bars).
 */
class ProgressLine {
  private started = 0;
  private lastDraw = 0;
  private drawn = false;
  private fileName = '';

  constructor(private readonly stream: NodeJS.WriteStream) {}

  start(fileName: string): void {
    this.fileName = fileName;
    this.started = performance.now();
    this.lastDraw = this.started;
  }

  update(p: ImportProgress): void {
    const now = performance.now();
    const tty = this.stream.isTTY;
    if (now - this.lastDraw < (tty ? 100 : 5000)) return;
    this.lastDraw = now;
    const e = estimate(p.bytesDone, p.bytesTotal, p.counts.read, (now - this.started) / 1000);
    const eta = e.secondsLeft === null ? '' : ` ETA ${formatDuration(e.secondsLeft)}`;
    const records = isCheckingDocument(p.bytesDone, p.counts.read) ? CHECKING_DOCUMENT : `${n(p.counts.read)} records, ${n(Math.round(e.recordsPerSecond))} records/s`;
    const numbers = `${formatBytes(p.bytesDone)}/${formatBytes(p.bytesTotal)}, ${records} (${formatBytes(e.bytesPerSecond)}/s)${eta}`;
    if (tty) this.draw(e.fraction, numbers);
    else this.stream.write(`${this.fileName}: ${(e.fraction * 100).toFixed(0)}%, ${numbers}\n`);
  }

  /**
   * Every record is read; a bulk load builds its indexes and commits, a
   * quarter of a big import's time: said step by step, on a terminal
   * after the full bar, so that the bar at 100 % does not look stuck.
   */
  bulkStep(step: BulkStep): void {
    const doing = step.name === 'commit' ? 'committing' : step.name.startsWith('trigger ') ? `putting back ${step.name}` : `building ${step.name}`;
    const text = `all records read; ${doing} (step ${step.number} of ${step.of})…`;
    if (this.stream.isTTY) this.draw(1, text);
    else this.stream.write(`${step.fileName}: ${text}\n`);
  }

  /** The bar, redrawn in place, and what follows it. */
  private draw(fraction: number, text: string): void {
    const width = 24;
    const full = Math.round(fraction * width);
    this.stream.write(`\r\x1b[2K[${'#'.repeat(full)}${'-'.repeat(width - full)}] ${(fraction * 100).toFixed(0).padStart(3)}% ${text}`);
    this.drawn = true;
  }

  clear(): void {
    if (this.drawn) this.stream.write('\r\x1b[2K');
    this.drawn = false;
  }
}
