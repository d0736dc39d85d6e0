import type { FastifyInstance } from 'fastify';
import { invalid } from '../errors.ts';

/**
 * Refuses a NUL character (U+0000) anywhere in a request's query, path or
 * parsed body, naming the field. PostgreSQL stores no NUL in text and
 * fails the statement (a 500, and on the live room's shared commits other
 * people's posts with it); SQLite would store it. No form or API field has
 * a use for one, so both databases refuse it alike, before any handler
 * runs. Uploaded files are streams, not parsed here: imports handle NULs
 * in their records (parsed-piece.ts).
 */
export function refuseNulCharacters(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    for (const value of [request.params, request.query, request.body]) {
      const field = nulField(value, '');
      if (field !== null) throw invalid(field || 'body', 'must not contain NUL characters (U+0000)');
    }
  });
}

/**
 * The path of the first string holding a NUL (`text`, `hashtags[1]`), ''
 * for the value itself, or null. Walked with a stack of its own, not by
 * recursion: a body of 5,000 nested arrays is the schema's to refuse, not
 * a stack overflow here. Fields are walked, never bytes or a stream (an
 * upload's file), and an object that refers back to itself once.
 */
export function nulField(root: unknown, rootPath = ''): string | null {
  const stack: Array<[unknown, string]> = [[root, rootPath]];
  const seen = new Set<object>();
  while (stack.length > 0) {
    const [value, at] = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return at;
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push([value[i], `${at}[${i}]`]);
    } else if (isFields(value) && !seen.has(value)) {
      seen.add(value);
      const entries = Object.entries(value);
      for (const [key] of entries) if (key.includes('\u0000')) return at ? `${at}.${key.replaceAll('\u0000', '')}` : key.replaceAll('\u0000', '');
      for (let i = entries.length - 1; i >= 0; i--) stack.push([entries[i]![1], at ? `${at}.${entries[i]![0]}` : entries[i]![0]]);
    }
  }
  return null;
}

/** An object of fields (a parsed body or query string: their prototypes vary), not bytes nor a stream. */
function isFields(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return false;
  return typeof (value as { pipe?: unknown }).pipe !== 'function';
}
