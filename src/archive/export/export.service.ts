import { finished } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import type { ExportFormatName } from './export-formats.ts';
import type { ExportJob, ExportWriter } from './export-job.ts';
import { writeCsv } from './csv-export.ts';
import { writeTagsCsv } from './tags-csv-export.ts';
import { writeXlsx } from './xlsx-export.ts';
import { writeJsonl } from './jsonl-export.ts';
import { writeMarkdown } from './markdown-export.ts';
import { writeHtml } from './html-export.tsx';

const WRITERS: Record<ExportFormatName, ExportWriter> = {
  csv: writeCsv,
  'tags-csv': writeTagsCsv,
  xlsx: writeXlsx,
  jsonl: writeJsonl,
  md: writeMarkdown,
  html: writeHtml,
};

/**
 * Streams a chat's export into `out` and ends it; resolves once the output
 * has taken every byte, with the number of posts written. Who may export
 * is the caller's business: the page checks the chat is visible to the
 * reader, the CLI runs as the server's operator.
 */
export async function runExport(job: ExportJob, format: ExportFormatName, out: Writable): Promise<number> {
  const written = await WRITERS[format](job, out);
  // The xlsx writer's zip ends its output itself; the text formats leave it open.
  if (!out.writableEnded) out.end();
  await finished(out);
  return written;
}
