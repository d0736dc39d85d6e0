import { AppError } from '../../errors.ts';
import { FORM_FIELDS, type FormField } from './chat-form.parse.ts';

/** A problem to show on the re-rendered form: next to `field` when there is one, else at the top. */
export interface FormProblem {
  field: FormField | null;
  message: string;
  status: number;
}

/** API field (as errors name it) → the form control that holds it. */
const BY_PREFIX: Array<[RegExp, FormField]> = [
  [/^venue(\.name)?$/, 'venueName'],
  [/^venue\.address$/, 'venueAddress'],
  [/^venue\.notes$/, 'venueNotes'],
  [/^recurrence\.count$/, 'repeatCount'],
  [/^recurrence\.interval$/, 'repeatInterval'],
  [/^recurrence\.weekdayOrdinal$/, 'repeatOrdinal'],
  [/^recurrence$/, 'repeat'],
];

/** Lists typed one item per line or word: the message says which item. */
const LIST_NOUN: Partial<Record<FormField, string>> = { hashtags: 'Hashtag', hosts: 'Host', questions: 'Question', links: 'Link' };

/** The form's view of a service or parse error; null for errors that are not about the input (403, 404…). */
export function formProblem(error: unknown): FormProblem | null {
  if (!(error instanceof AppError) || (error.code !== 'validation_failed' && error.code !== 'conflict')) return null;
  const status = error.code === 'conflict' ? 409 : 422;
  const apiField = error.field ?? '';
  const raw = apiField && error.message.startsWith(`${apiField}: `) ? error.message.slice(apiField.length + 2) : error.message;
  // The form's labels say "Starts" and "Ends"; API field names would read like code.
  const message = raw.replace(/\bstartsAt\b/g, 'the start').replace(/\bendsAt\b/g, 'the end');
  const listed = /^(hashtags|hosts|questions|links)(?:\[(\d+)\])?/.exec(apiField);
  if (listed) {
    const field = listed[1] as FormField;
    const item = listed[2] === undefined ? '' : `${LIST_NOUN[field]} ${Number(listed[2]) + 1}: `;
    return { field, message: `${item}${message}`, status };
  }
  const mapped = BY_PREFIX.find(([pattern]) => pattern.test(apiField))?.[1];
  if (mapped) return { field: mapped, message, status };
  if ((FORM_FIELDS as readonly string[]).includes(apiField)) return { field: apiField as FormField, message, status };
  return { field: null, message: error.message, status };
}
