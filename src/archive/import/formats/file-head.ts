/**
 * What the first ~64 KB of a file say about it. Detection only ever sees
 * this head, so a JSONL line longer than the head (a twarc2 page of 100
 * tweets is ~300 KB) must be recognised from its beginning alone.
 */

/** The head without a byte-order mark and leading blank space. */
export function trimmedHead(head: string): string {
  return head.replace(/^\uFEFF/, '').trimStart();
}

export interface FirstLine {
  text: string;
  /** False when the head ends before the first line does. */
  complete: boolean;
}

export function firstLine(head: string): FirstLine {
  const text = trimmedHead(head);
  const end = text.indexOf('\n');
  if (end === -1) return { text, complete: false };
  return { text: text.slice(0, end).replace(/\r$/, ''), complete: true };
}

/** The first line as JSON, when it is whole and parses on its own (a JSONL file). */
export function firstJsonLine(head: string): unknown {
  try {
    // A line cut off by the end of the head simply fails to parse.
    return JSON.parse(firstLine(head).text);
  } catch {
    return undefined;
  }
}

export function startsLikeJson(head: string): boolean {
  const c = trimmedHead(head)[0];
  return c === '{' || c === '[';
}

/**
 * A JSON document spread over several lines (pretty-printed), as opposed to
 * JSONL or a document on one line: the first line is whole but is not JSON
 * by itself. One-line documents are read as JSONL, whose parsers accept
 * arrays and response wrappers too.
 */
export function isMultiLineJsonDocument(head: string): boolean {
  const line = firstLine(head);
  if (!line.complete || !startsLikeJson(head)) return false;
  try {
    JSON.parse(line.text);
    return false;
  } catch {
    return true;
  }
}

const MUSESOCIAL_FIELD = /^\s*\{[^\n]*"musesocial"\s*:\s*1\s*[,}]/;

/**
 * Our own lossless export (`jsonl`): every line has a top-level
 * `"musesocial": 1`. No other format may claim it, whatever else it contains.
 */
export function isMusesocialExport(head: string): boolean {
  const value = firstJsonLine(head);
  if (value !== undefined) return typeof value === 'object' && value !== null && (value as Record<string, unknown>).musesocial === 1;
  return MUSESOCIAL_FIELD.test(firstLine(head).text);
}
