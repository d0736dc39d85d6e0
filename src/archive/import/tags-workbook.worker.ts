import { parentPort, workerData } from 'node:worker_threads';
import { unpackTagsWorkbook } from './tags-workbook.ts';

/** A workbook's TAGS sheets to CSV, in a thread of its own (tags-workbook-thread.ts). */
const { file, into } = workerData as { file: string; into: string };
parentPort!.postMessage(await unpackTagsWorkbook(file, into));
