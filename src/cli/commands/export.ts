import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { Command, Option } from 'commander';
import { withDatabase } from '../context.ts';
import { CliError } from '../main.ts';
import { findChatBySlug } from '../../chats/chats.repository.ts';
import { EXPORT_FORMAT_NAMES, exportFileName, exportFormat, type ExportFormatName } from '../../archive/export/export-formats.ts';
import { countExportPosts } from '../../archive/export/export.repository.ts';
import { runExport } from '../../archive/export/export.service.ts';
import { terminalProgress } from '../../archive/export/export-progress.ts';
import { plural } from '../../web/plural.ts';

/**
 * `musesocial export SLUG --format F [--out FILE]`: the whole transcript,
 * streamed (a 100,000-post chat is never in memory at once). Without --out
 * it goes to stdout; with --out it is written to FILE.partial and renamed
 * when complete, so an interrupted export never looks like a finished one.
 * An --out that names a folder gets the file the transcript's download
 * link would give (as `cp` does).
 */
export function exportCommand(): Command {
  return new Command('export')
    .description('Export a chat’s whole transcript (hidden posts are never included)')
    .argument('<slug>', 'the chat, as in /chats/SLUG')
    .addOption(new Option('--format <format>', 'output format').choices([...EXPORT_FORMAT_NAMES]).makeOptionMandatory())
    .option('--out <file>', 'write to this file (or into this folder) instead of stdout')
    .action(async (slug: string, options: { format: ExportFormatName; out?: string }) => {
      if (!options.out && options.format === 'xlsx' && process.stdout.isTTY) throw new CliError('xlsx is a binary file: give --out FILE or redirect stdout');
      await withDatabase(async (database, config) => {
        const chat = await findChatBySlug(database.db, slug);
        if (!chat) throw new CliError(`no chat "${slug}"`);
        const out = options.out ? outputPath(options.out, chat.slug, options.format) : null;
        const total = await countExportPosts(database.db, chat.id);
        const progress = terminalProgress(process.stderr, `Exporting ${chat.slug}`, total);
        const job = { db: database.db, chat, baseUrl: config.baseUrl, now: Date.now(), onProgress: (n: number) => progress.update(n) };
        let written: number;
        try {
          written = out ? await toFile(out, (stream) => runExport(job, options.format, stream)) : await toStdout((stream) => runExport(job, options.format, stream));
        } finally {
          progress.done();
        }
        console.error(`Exported ${plural(written, 'post')} of ${chat.slug} as ${options.format}${out ? ` to ${out}` : ''}.`);
      });
    });
}

/** Checked before any work: a whole export must not end in an error about where it goes. */
function outputPath(out: string, slug: string, format: ExportFormatName): string {
  const target = path.resolve(out);
  if (fs.statSync(target, { throwIfNoEntry: false })?.isDirectory()) return path.join(target, exportFileName(slug, exportFormat(format)));
  const folder = path.dirname(target);
  if (!fs.statSync(folder, { throwIfNoEntry: false })?.isDirectory()) throw new CliError(`--out: there is no folder ${folder}`);
  return target;
}

async function toFile(target: string, write: (out: fs.WriteStream) => Promise<number>): Promise<number> {
  const partial = `${target}.partial`;
  const out = fs.createWriteStream(partial);
  try {
    const written = await write(out);
    fs.renameSync(partial, target);
    return written;
  } catch (error) {
    out.destroy();
    fs.rmSync(partial, { force: true });
    // A file system's refusal (no permission, disk full) names the file; anything else is a bug to show whole.
    const code = (error as NodeJS.ErrnoException).code;
    if (code && (error as NodeJS.ErrnoException).syscall) throw new CliError(`--out: cannot write ${target} (${code})`);
    throw error;
  }
}

/**
 * Exports to stdout through a pipe that never ends stdout itself (Node
 * keeps stdout open), then waits until stdout has flushed. A reader that
 * goes away early (`| head`) ends the process quietly.
 */
async function toStdout(write: (out: PassThrough) => Promise<number>): Promise<number> {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  const out = new PassThrough();
  out.pipe(process.stdout, { end: false });
  const written = await write(out);
  await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
  return written;
}
