/**
 * Reading fields out of untyped JSON without trusting its shape. Every
 * reader returns null (or a neutral value) for the wrong type, so format
 * parsers can say *which* field is missing instead of crashing on it.
 */

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function objectOrNull(value: unknown): JsonObject | null {
  return isObject(value) ? value : null;
}

export function arrayOrEmpty(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A string with something in it; TAGS writes missing cells as "" or the R-ism "NA". */
export function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

const DIGITS = /^\d{1,20}$/;

/**
 * An id as an exact decimal string. Numbers are accepted only while they are
 * exact (≤ 2^53): a larger JSON number has already lost its last digits
 * (872836479608733700 for id_str "872836479608733696").
 */
export function idOrNull(value: unknown): string | null {
  if (typeof value === 'string') return DIGITS.test(value) ? value : null;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  return null;
}

/**
 * A count as a non-negative integer. X archives write numbers as strings
 * ("favorite_count": "3"); anything unreadable counts as 0.
 */
export function count(value: unknown): number {
  return countOrNull(value) ?? 0;
}

export function countOrNull(value: unknown): number | null {
  const n = typeof value === 'string' && DIGITS.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : null;
}

/** Adds each value once, keeping first-seen order. */
export function pushUnique(into: string[], value: string | null | undefined): void {
  if (value && !into.includes(value)) into.push(value);
}
