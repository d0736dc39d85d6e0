import { FORMAT_NOT_RECOGNISED } from '../unrecognised-format.ts';
import type { ImportFormat, ImportFormatName } from '../imported-post.ts';
import { detectFormat, formatByName, IMPORT_FORMAT_NAMES, streamedDocumentFraming } from '../formats/index.ts';
import { xArchiveWith, type XArchiveCompanions } from '../formats/x-archive.ts';
import { UnreadableFileError } from './unreadable-file.ts';

/**
 * Everything needed to rebuild a file's format on another thread: the
 * name, the head (a format's framing depends on it) and, for X archives,
 * what its other files say (the owner, the whole text of long posts).
 */
export interface FormatSpec {
  name: ImportFormatName;
  head: string;
  xArchive: XArchiveCompanions | null;
  /** A big file that is one JSON document on one line (json-array-stream.ts isOneLine): read as a document, not as JSONL. */
  oneLine?: boolean;
  /** What a first pass over a big document gathered (DocumentIndex.snapshot): parse workers turn its elements into records with it. */
  documentIndex?: unknown;
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
export function chooseFormat(fileName: string, head: string, requested: ImportFormatName | null, xArchive: XArchiveCompanions | null, options: { oneLine?: boolean } = {}): ChosenFormat {
  const found = requested ? formatByName(requested, head) : detectFormat(head, fileName);
  if (!found) {
    throw new UnreadableFileError(fileName, FORMAT_NOT_RECOGNISED);
  }
  const spec: FormatSpec = { name: found.name, head, xArchive: found.name === 'x-archive' ? xArchive : null, ...(options.oneLine ? { oneLine: true } : {}) };
  return { format: resolveFormat(spec), spec, detected: requested === null };
}

export function resolveFormat(spec: FormatSpec): ImportFormat {
  const format = baseFormat(spec);
  const index = spec.documentIndex !== undefined ? format.streamed?.index?.(spec.documentIndex) : undefined;
  return index ? { ...format, parseRecord: (record) => format.parseRecord(index.record(record)) } : format;
}

function baseFormat(spec: FormatSpec): ImportFormat {
  const format = formatByName(spec.name, spec.head);
  if (!format) throw new Error(`unknown import format ${spec.name}`);
  if (spec.xArchive) return xArchiveWith(spec.xArchive);
  // One line of JSON read as a document can be read element by element; as JSONL, only whole.
  if (spec.oneLine && format.framing === 'jsonl') return streamedDocumentFraming(format) ?? format;
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
