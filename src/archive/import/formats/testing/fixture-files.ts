import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import type { ImportedPost, ImportFormat, RecordResult } from '../../imported-post.ts';
import { jsonOfYtdFile } from '../x-archive.ts';

/**
 * The shared sample files (../shared/fixtures) framed the way the import
 * pipeline frames them — by line, as one document, or as CSV rows — so the
 * format tests exercise parsers on the real bytes without the pipeline.
 */
export const FIXTURES = path.resolve(import.meta.dirname, '../../../../../../shared/fixtures');

export const fixturePath = (relative: string) => path.join(FIXTURES, relative);
export const fixtureText = (relative: string) => readFileSync(fixturePath(relative), 'utf8');

/** The first 64 KB, as detection sees them. */
export const headOf = (relative: string) => fixtureText(relative).slice(0, 64 * 1024);

export interface FramedLine {
  line: number;
  value?: unknown;
  error?: string;
}

/** JSONL: one value per non-empty line, CRLF tolerated; unparseable lines keep their error. */
export function jsonLines(text: string): FramedLine[] {
  const out: FramedLine[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '') return;
    try {
      out.push({ line: i + 1, value: JSON.parse(line) });
    } catch (error) {
      out.push({ line: i + 1, error: (error as Error).message });
    }
  });
  return out;
}

export function jsonDocument(text: string): unknown {
  return JSON.parse(jsonOfYtdFile(text));
}

export function csvRows(text: string): Record<string, string>[] {
  return parseCsv(text, { columns: true, skip_empty_lines: true, bom: true, relax_column_count: true }) as Record<string, string>[];
}

/** Every record of a file through `format`, framed by its own framing. */
export function parseFile(format: ImportFormat, text: string): RecordResult[] {
  if (format.framing === 'csv') return csvRows(text).map((row) => format.parseRecord(row));
  if (format.framing === 'json') {
    const document = jsonDocument(text);
    return (format.records ? format.records(document) : [document]).map((record) => format.parseRecord(record));
  }
  return jsonLines(text).map((framed) => (framed.error ? { kind: 'reject', reason: `line ${framed.line}: ${framed.error}` } : format.parseRecord(framed.value)));
}

export function postsOf(results: RecordResult[]): ImportedPost[] {
  return results.flatMap((result) => (result.kind === 'posts' ? result.posts : []));
}

export function kindsOf(results: RecordResult[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const result of results) counts[result.kind] = (counts[result.kind] ?? 0) + 1;
  return counts;
}

export function bySourceId(list: ImportedPost[], sourceId: string): ImportedPost {
  const post = list.find((p) => p.sourceId === sourceId);
  if (!post) throw new Error(`no post ${sourceId} among ${list.map((p) => p.sourceId).join(', ')}`);
  return post;
}

export const iso = (ms: number) => new Date(ms).toISOString();
