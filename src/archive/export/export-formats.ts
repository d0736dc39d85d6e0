/**
 * The export formats: what each is called on the command line, the file
 * it downloads as, and how it is labelled on the transcript page. How each
 * is written lives in its own module (see export-writers.ts).
 */
export const EXPORT_FORMAT_NAMES = ['csv', 'tags-csv', 'xlsx', 'jsonl', 'md', 'html'] as const;
export type ExportFormatName = (typeof EXPORT_FORMAT_NAMES)[number];

export interface ExportFormatInfo {
  name: ExportFormatName;
  /** After `transcript`: `/chats/SLUG/transcript.csv`, `…/transcript.tags.csv`. */
  suffix: string;
  contentType: string;
  label: string;
  description: string;
}

export const EXPORT_FORMATS: readonly ExportFormatInfo[] = [
  { name: 'csv', suffix: '.csv', contentType: 'text/csv; charset=utf-8', label: 'CSV', description: 'every post, one row each' },
  { name: 'xlsx', suffix: '.xlsx', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', label: 'Excel workbook', description: 'the same rows, with real dates and filters' },
  { name: 'tags-csv', suffix: '.tags.csv', contentType: 'text/csv; charset=utf-8', label: 'TAGS sheet', description: 'the columns of a TAGS archive, for tools that read those' },
  { name: 'jsonl', suffix: '.jsonl', contentType: 'application/x-ndjson; charset=utf-8', label: 'JSON Lines', description: 'lossless, re-importable with musesocial import' },
  { name: 'md', suffix: '.md', contentType: 'text/markdown; charset=utf-8', label: 'Markdown', description: 'readable, grouped by question' },
  { name: 'html', suffix: '.html', contentType: 'text/html; charset=utf-8', label: 'Web page', description: 'readable offline, grouped by question' },
];

export function exportFormat(name: ExportFormatName): ExportFormatInfo {
  return EXPORT_FORMATS.find((f) => f.name === name)!;
}

export const exportPath = (slug: string, format: ExportFormatInfo) => `/chats/${slug}/transcript${format.suffix}`;
export const exportFileName = (slug: string, format: ExportFormatInfo) => `${slug}-transcript${format.suffix}`;
