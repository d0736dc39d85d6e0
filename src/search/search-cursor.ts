import { invalid } from '../errors.ts';

/**
 * Cursors are opaque to clients: base64url of a small JSON tuple whose
 * first element names the backend and order that issued it, so a cursor
 * from another order is refused rather than misread.
 */
export type CursorTuple = [string, ...Array<string | number>];

export function encodeCursor(tuple: CursorTuple): string {
  return Buffer.from(JSON.stringify(tuple)).toString('base64url');
}

/** The tuple if it has the expected tag and element types (`s` string, `n` number), else a 400 naming `cursor`. */
export function decodeCursor(cursor: string, tag: string, types: string): Array<string | number> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = null;
  }
  const ok =
    Array.isArray(value) &&
    value[0] === tag &&
    value.length === types.length + 1 &&
    [...types].every((type, i) => (type === 'n' ? Number.isFinite(value[i + 1]) : typeof value[i + 1] === 'string'));
  if (!ok) throw badCursor();
  return (value as unknown[]).slice(1) as Array<string | number>;
}

export function badCursor() {
  return invalid('cursor', 'is not a cursor this search issued (start again from the first page)');
}
