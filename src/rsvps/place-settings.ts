import { invalid } from '../errors.ts';
import { QUESTION_MAX_LENGTH, type PlaceSettings } from './rsvp-rules.ts';
import type { PlaceMode } from './rsvps.tables.ts';

export const CAPACITY_MAX = 100_000;

export interface PlaceSettingsInput {
  capacity: number | null;
  mode: PlaceMode;
  question?: string | null;
  open?: boolean;
}

/** Validates settings from the API or the form; an empty question means none. */
export function checkPlaceSettings(input: PlaceSettingsInput): PlaceSettings {
  const { capacity } = input;
  if (capacity !== null && (!Number.isInteger(capacity) || capacity < 1 || capacity > CAPACITY_MAX)) {
    throw invalid('capacity', `must be a whole number from 1 to ${CAPACITY_MAX}, or empty for no limit`);
  }
  const question = input.question?.trim() ?? '';
  if (question.length > QUESTION_MAX_LENGTH) throw invalid('question', `must be at most ${QUESTION_MAX_LENGTH} characters`);
  return { capacity, mode: input.mode, question: question === '' ? null : question, open: input.open ?? true };
}

/** The capacity box of the form: empty for no limit, otherwise digits. */
export function capacityFromForm(raw: string | undefined): number | null {
  const value = (raw ?? '').trim();
  if (value === '') return null;
  if (!/^\d{1,9}$/.test(value)) throw invalid('capacity', 'must be a whole number, or empty for no limit');
  return Number(value);
}

const MODES: readonly PlaceMode[] = ['first_come', 'application'];

/** The place settings form (strings, an unchecked box is absent) as settings input. */
export function placeSettingsFromForm(form: { capacity?: string; mode?: string; question?: string; open?: string }): PlaceSettingsInput {
  const mode = MODES.find((m) => m === form.mode);
  if (!mode) throw invalid('mode', 'choose how places are given');
  return { capacity: capacityFromForm(form.capacity), mode, question: form.question ?? null, open: form.open !== undefined };
}
