import fs from 'node:fs/promises';
import path from 'node:path';
import type { Database } from '../../../db/database.ts';
import type { User } from '../../../db/schema.ts';
import { AppError } from '../../../errors.ts';
import { expandArchives, packedKindOf, type InputFile } from '../downloaded-archives.ts';
import { planImport, type ImportPlan } from '../import.service.ts';
import { markUnpacking, replaceRunFiles } from './import-runs.repository.ts';
import type { TrackedRun } from './run-tracker.ts';

/**
 * Packed uploads (an archive's zip or tarball, a gzipped file, a workbook)
 * up to this size in all are opened while the form waits, so a file that
 * holds nothing to import is refused next to the field at once. Bigger
 * ones are opened by the run, after the response: an X archive's zip of a
 * gigabyte (its media) or a gzipped JSONL file of several took longer
 * than a proxy waits for an answer, with the browser showing nothing.
 */
export const UNPACK_WHILE_WAITING_BYTES = 8 * 1024 * 1024;

/** The bytes of packed files among the uploads: more than UNPACK_WHILE_WAITING_BYTES, the run opens them. */
export async function packedBytes(uploads: InputFile[]): Promise<number> {
  let bytes = 0;
  for (const upload of uploads) if (await packedKindOf(upload.path)) bytes += (await fs.stat(upload.path)).size;
  return bytes;
}

/**
 * Where a packed upload is unpacked: beside it, in the upload's own
 * folder, which goes when the run ends.
 */
export const unpackedDirOf = async (packed: InputFile) => path.join(path.dirname(packed.path), 'unpacked');

/**
 * A run's first step when its uploads are packed: opens them (the page
 * says "unpacking" meanwhile), plans the import of what they hold as the
 * form would have (companions beside tweets.js, the format asked for),
 * and puts the files inside in the run's place of the uploads. A packed
 * file that cannot be read fails the run, saying why.
 */
export async function unpackUploads(
  database: Database,
  run: TrackedRun,
  user: User,
  input: { plan: ImportPlan; uploads: InputFile[]; requestedFormat: string | null },
): Promise<{ plan: ImportPlan; run: TrackedRun }> {
  const packed = await Promise.all(input.uploads.map((upload) => packedKindOf(upload.path)));
  const rowOf = new Map(run.fileNames.map((name, i) => [name, run.fileIds[i]!]));
  const packedRows = input.uploads.flatMap((upload, i) => (packed[i] && rowOf.has(upload.fileName) ? [rowOf.get(upload.fileName)!] : []));
  await markUnpacking(database.db, run.id, packedRows, Date.now());
  let plan: ImportPlan;
  try {
    const { files } = await expandArchives(input.uploads, unpackedDirOf);
    plan = await planImport(database, { via: 'web', user }, input.plan.chat.slug, { files, format: input.requestedFormat ?? '' });
  } catch (error) {
    // As the form says it, without the field's name (the page names the run's files).
    if (error instanceof AppError && error.field) throw new Error(error.message.slice(error.field.length + 2));
    throw error;
  }
  const sizes = await Promise.all(plan.files.map(async (f) => (await fs.stat(f.path)).size));
  const fileIds = await replaceRunFiles(
    database.db,
    run.id,
    plan.companions,
    plan.files.map((f, i) => ({ fileName: f.fileName, bytesTotal: sizes[i]! })),
    Date.now(),
  );
  return { plan, run: { ...run, fileIds, fileNames: plan.files.map((f) => f.fileName) } };
}
