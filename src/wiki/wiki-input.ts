import { invalid } from '../errors.ts';

/** Limits and normalizers for what people type into a wiki page, shared by the API and the forms. */

export const TITLE_MAX = 200;
export const BODY_MAX = 100_000;
export const SUMMARY_MAX = 300;

export function cleanTitle(raw: string): string {
  const title = raw.replace(/\s+/g, ' ').trim();
  if (!title) throw invalid('title', 'must not be empty');
  if (title.length > TITLE_MAX) throw invalid('title', `must be at most ${TITLE_MAX} characters`);
  return title;
}

export function cleanBody(raw: string): string {
  // Browsers submit textareas with CRLF; store one line ending so diffs compare text, not platforms.
  const body = raw.replace(/\r\n?/g, '\n');
  if (!body.trim()) throw invalid('body', 'must not be empty');
  if (body.length > BODY_MAX) throw invalid('body', `must be at most ${BODY_MAX.toLocaleString('en')} characters`);
  return body;
}

export function cleanSummary(raw: string | undefined): string {
  const summary = (raw ?? '').replace(/\s+/g, ' ').trim();
  if (summary.length > SUMMARY_MAX) throw invalid('summary', `must be at most ${SUMMARY_MAX} characters`);
  return summary;
}
