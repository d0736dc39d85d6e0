import fs from 'node:fs/promises';
import path from 'node:path';
import type { ImportFormat, ImportFormatName } from '../imported-post.ts';
import { detectFormat, formatByName, IMPORT_FORMAT_NAMES } from '../formats/index.ts';
import { readXArchiveAccount, xArchiveWithAccount, YTD_ASSIGNMENT, type XArchiveAccount } from '../formats/x-archive.ts';
import { UnreadableFileError } from './unreadable-file.ts';

/**
 * Everything needed to rebuild a file's format on another thread: the
 * name, the head (a format's framing depends on it) and, for X archives,
 * the account that owns the tweets.
 */
export interface FormatSpec {
  name: ImportFormatName;
  head: string;
  xArchiveAccount: XArchiveAccount | null;
}

export interface ChosenFormat {
  format: ImportFormat;
  spec: FormatSpec;
  /** False when the caller named the format (`--format`). */
  detected: boolean;
}

export function isFormatName(name: string): name is ImportFormatName {
  return (IMPORT_FORMAT_NAMES as string[]).includes(name);
}

/** The named format, or the detected one; a file no format recognises is refused. */
export function chooseFormat(fileName: string, head: string, requested: ImportFormatName | null, xArchiveAccount: XArchiveAccount | null): ChosenFormat {
  const found = requested ? formatByName(requested, head) : detectFormat(head, fileName);
  if (!found) {
    throw new UnreadableFileError(fileName, `the format was not recognised; name it with --format (one of ${IMPORT_FORMAT_NAMES.join(', ')})`);
  }
  const spec: FormatSpec = { name: found.name, head, xArchiveAccount: found.name === 'x-archive' ? xArchiveAccount : null };
  return { format: resolveFormat(spec), spec, detected: requested === null };
}

export function resolveFormat(spec: FormatSpec): ImportFormat {
  const format = formatByName(spec.name, spec.head);
  if (!format) throw new Error(`unknown import format ${spec.name}`);
  if (spec.xArchiveAccount) return xArchiveWithAccount(spec.xArchiveAccount);
  return format.framing === 'json' && jsonLinesWithBadFirstLine(spec.head) && formatByName(spec.name, '{}\n')?.framing === 'jsonl' ? { ...format, framing: 'jsonl' } : format;
}

/**
 * A JSONL file whose first line is broken looks like a pretty-printed
 * document to a test that only asks whether the first line parses. Lines
 * that each open an object at the left margin are JSON lines, though: the
 * broken first line is then one rejected record, not a refused file.
 */
function jsonLinesWithBadFirstLine(head: string): boolean {
  const lines = head.replace(/^\uFEFF/, '').split('\n', 3);
  if (lines.length < 3) return false;
  const [first, second] = [lines[0]!.trim(), lines[1]!];
  return first.length > 1 && first.startsWith('{') && second.startsWith('{"');
}

const ACCOUNT_FILE = /^\s*window\.YTD\.account\.part\d+\s*=/;

/** data/account.js of an X archive: it names the owner of tweets.js and is not imported itself. */
export function isXArchiveAccountFile(head: string): boolean {
  return ACCOUNT_FILE.test(head.replace(/^\uFEFF/, ''));
}

export async function readXArchiveAccountFile(file: string): Promise<XArchiveAccount | null> {
  try {
    const text = await fs.readFile(file, 'utf8');
    if (!isXArchiveAccountFile(text)) return null;
    return readXArchiveAccount(JSON.parse(text.replace(/^\uFEFF/, '').replace(YTD_ASSIGNMENT, '').replace(/;\s*$/, '')));
  } catch {
    return null;
  }
}

/** tweets.js lies in data/ next to account.js: use it without being asked. */
export async function xArchiveAccountBeside(file: string): Promise<XArchiveAccount | null> {
  return readXArchiveAccountFile(path.join(path.dirname(file), 'account.js'));
}
