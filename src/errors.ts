/**
 * Stable error codes. Clients (and our acceptance checks) match on `code`,
 * never on `message`, so codes are part of the interface: add, don't rename.
 */
export const ERROR_STATUS = {
  validation_failed: 400,
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  csrf_failed: 403,
  not_found: 404,
  conflict: 409,
  /** Posting outside the chat's live window. */
  chat_not_live: 409,
  /** The account is muted in this chat. */
  muted: 403,
  /** Slow mode: the person posted too recently. */
  slow_mode: 429,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  /** oEmbed: a response format we do not offer (the oEmbed spec's 501). */
  not_implemented: 501,
  unavailable: 503,
  /** The database's disk (or SQLite's size limit) is full: nothing was written. */
  storage_full: 507,
  /** The database refuses writes (read-only data directory or replica): nothing was written. */
  storage_read_only: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** The request field at fault, e.g. `startsAt` or `body.hashtags[1]`. */
    readonly field?: string,
    /** For 429s: when to try again, sent as Retry-After. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'AppError';
    this.status = ERROR_STATUS[code];
  }
}

export const notFound = (what: string) => new AppError('not_found', `${what} not found`);
export const forbidden = (message = 'You are not allowed to do that') => new AppError('forbidden', message);
export const unauthenticated = () => new AppError('unauthenticated', 'Sign in to do that');
export const invalid = (field: string, message: string) => new AppError('validation_failed', `${field}: ${message}`, field);
export const conflict = (field: string, message: string) => new AppError('conflict', `${field}: ${message}`, field);

export interface ErrorBody {
  error: { code: ErrorCode; message: string; field?: string };
}

export function errorBody(error: AppError): ErrorBody {
  return { error: { code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) } };
}
