import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, errorBody, type ErrorCode } from '../errors.ts';
import { describeValidationError } from './validation-errors.ts';
import { storageError } from './storage-errors.ts';
import { renderErrorPage } from '../web/error-page.tsx';

/**
 * One error handler for the whole app. Known errors keep their code and
 * message; anything unexpected is logged with its stack and answered with a
 * generic 500, so internals never reach a user. HTML pages get an HTML
 * error page, everything else the JSON error shape.
 */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const appError = toAppError(error);
    if (appError.status >= 500) {
      request.log.error({ err: error }, 'request failed');
    }
    if (appError.status === 429 && !reply.hasHeader('retry-after')) reply.header('retry-after', String(appError.retryAfterSeconds ?? 60));
    send(request, reply, appError);
  });

  app.setNotFoundHandler((request, reply) => {
    send(request, reply, new AppError('not_found', `No page at ${request.url.split('?')[0]}`));
  });
}

function send(request: FastifyRequest, reply: FastifyReply, error: AppError): void {
  reply.status(error.status);
  if (wantsHtml(request)) {
    reply.type('text/html; charset=utf-8').send(renderErrorPage(request, error));
  } else {
    reply.type('application/json; charset=utf-8').send(errorBody(error));
  }
}

export function wantsHtml(request: FastifyRequest): boolean {
  if (request.url.startsWith('/api/')) return false;
  const accept = request.headers.accept ?? '';
  return accept.includes('text/html');
}

export function toAppError(error: FastifyError | AppError | Error): AppError {
  if (error instanceof AppError) return error;
  const storage = storageError(error);
  if (storage) return storage;
  const fastifyError = error as FastifyError;
  if (fastifyError.validation && fastifyError.validation.length > 0) {
    const first = fastifyError.validation[0]!;
    const { field, message } = describeValidationError(first, fastifyError.validationContext);
    return new AppError('validation_failed', `${field}: ${message}`, field);
  }
  const byFastifyCode: Record<string, [ErrorCode, string]> = {
    FST_ERR_CTP_BODY_TOO_LARGE: ['payload_too_large', 'The request body is too large'],
    FST_ERR_CTP_INVALID_MEDIA_TYPE: ['unsupported_media_type', 'Unsupported content type'],
    FST_ERR_CTP_INVALID_CONTENT_LENGTH: ['bad_request', 'Content-Length does not match the body'],
    FST_ERR_CTP_EMPTY_JSON_BODY: ['bad_request', 'The JSON body is empty'],
    FST_ERR_CTP_INVALID_JSON_BODY: ['bad_request', 'The body is not valid JSON'],
    FST_CSRF_INVALID_TOKEN: ['csrf_failed', 'The form expired or did not come from this site; reload the page and try again'],
    FST_CSRF_MISSING_SECRET: ['csrf_failed', 'The form expired or did not come from this site; reload the page and try again'],
  };
  const known = fastifyError.code ? byFastifyCode[fastifyError.code] : undefined;
  if (known) return new AppError(known[0], known[1]);
  if (fastifyError.statusCode === 429) return new AppError('rate_limited', 'Too many requests; try again later');
  if (error instanceof SyntaxError && fastifyError.statusCode === 400) return new AppError('bad_request', 'The body is not valid JSON');
  if (fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return new AppError('bad_request', error.message);
  }
  if (fastifyError.statusCode === 503) return new AppError('unavailable', 'The service is temporarily unavailable');
  return new AppError('internal', 'Something went wrong on our side. It has been logged.');
}
