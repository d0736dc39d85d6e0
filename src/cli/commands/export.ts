import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { Command, Option } from 'commander';
import { withDatabase } from '../context.ts';
import { CliError } from '../main.ts';
import { findChatBySlug } from '../../chats/chats.repository.ts';
import { EXPORT_FORMAT_NAMES, type ExportFormatName } from '../../archive/export/export-formats.ts';
import { countExportPosts } from '../../archive/export/export.repository.ts';
import { runExport } from '../../archive/export/export.service.ts';
import { terminalProgress } from '../../archive/export/export-progress.ts';

/**
 * `musesocial export SLUG --format F [--out FILE]`: the whole transcript,
 * streamed (a 100,000-post chat is never in memory at once). Without --out
 * it goes to stdout; with --out it is written to FILE.partial and renamed
 * when complete, so an interrupted export never looks like a finished one.
 */
export function exportCommand(): Command {
  return new Command('export')
    .description('Export a chat’s whole transcript (hidden posts are never included)')
    .argument('<slug>', 'the chat, as in /chats/SLUG')
    .addOption(new Option('--format <format>', 'output format').choices([...EXPORT_FORMAT_NAMES]).makeOptionMandatory())
    .option('--out <file>', 'write to this file instead of stdout')
    .action(async (slug: string, options: { format: ExportFormatName; out?: string }) => {
      if (!options.out && options.format === 'xlsx' && process.stdout.isTTY) throw new CliError('xlsx is a binary file: give --out FILE or redirect stdout');
      await withDatabase(async (database, config) => {
        const chat = await findChatBySlug(database.db, slug);
        if (!chat) throw new CliError(`no chat "${slug}"`);
        const total = await countExportPosts(database.db, chat.id);
        const progress = terminalProgress(process.stderr, `Exporting ${chat.slug}`, total);
        const job = { db: database.db, chat, baseUrl: config.baseUrl, now: Date.now(), onProgress: (n: number) => progress.update(n) };
        let written: number;
        try {
          written = options.out ? await toFile(options.out, (out) => runExport(job, options.format, out)) : await toStdout((out) => runExport(job, options.format, out));
        } finally {
          progress.done();
        }
        console.error(`Exported ${written.toLocaleString('en-US')} posts of ${chat.slug} as ${options.format}${options.out ? ` to ${options.out}` : ''}.`);
      });
    });
}

async function toFile(file: string, write: (out: fs.WriteStream) => Promise<number>): Promise<number> {
  const target = path.resolve(file);
  const partial = `${target}.partial`;
  const out = fs.createWriteStream(partial);
  try {
    const written = await write(out);
    fs.renameSync(partial, target);
    return written;
  } catch (error) {
    out.destroy();
    fs.rmSync(partial, { force: true });
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
