import { AppError } from '../errors.ts';

export interface FormError {
  status: number;
  /** For the summary at the top of the form. */
  message: string;
  /** Field name → message, shown next to the field. */
  fieldErrors: Record<string, string>;
}

/**
 * A service error a form can show next to its fields (validation, conflict),
 * or null for everything else (not allowed, not found…), which the error
 * page handles. Field-less conflicts show in the summary only.
 */
export function formError(error: unknown, formFields: readonly string[]): FormError | null {
  if (!(error instanceof AppError) || (error.code !== 'validation_failed' && error.code !== 'conflict')) return null;
  const status = error.code === 'conflict' ? 409 : 422;
  const bare = error.field && error.message.startsWith(`${error.field}: `) ? error.message.slice(error.field.length + 2) : error.message;
  if (error.field && formFields.includes(error.field)) {
    return { status, message: 'Please correct the marked field.', fieldErrors: { [error.field]: bare } };
  }
  return { status, message: capitalize(bare), fieldErrors: {} };
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
