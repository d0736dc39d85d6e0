import type { ExportWriter } from './export-job.ts';
import { exportBatches } from './export.repository.ts';
import { chatLine, postLine } from './jsonl-line.ts';
import { write } from './sink.ts';

/** JSON Lines: the chat, then every post (hidden ones never), oldest first. */
export const writeJsonl: ExportWriter = async (job, out) => {
  await write(out, `${JSON.stringify(chatLine(job.chat, job.baseUrl, job.now))}\n`);
  let written = 0;
  for await (const batch of exportBatches(job.db, job.chat)) {
    const lines = batch.posts.map((post) => `${JSON.stringify(postLine(post, batch.referenced, job.baseUrl))}\n`);
    await write(out, lines.join(''));
    written += batch.posts.length;
    job.onProgress?.(written);
  }
  return written;
};
