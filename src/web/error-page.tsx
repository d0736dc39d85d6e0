import type { FastifyRequest } from 'fastify';
import type { AppError } from '../errors.ts';
import { renderDocument } from './render.ts';

const TITLES: Partial<Record<string, string>> = {
  not_found: 'Not found',
  forbidden: 'Not allowed',
  unauthenticated: 'Please sign in',
  csrf_failed: 'Form expired',
  rate_limited: 'Slow down',
  internal: 'Something went wrong',
};

export function renderErrorPage(request: FastifyRequest, error: AppError): string {
  const title = TITLES[error.code] ?? 'Request problem';
  // CSRF token generation needs the reply; an error page has no form but the
  // layout's sign-out button, which is harmless to leave without a token.
  return renderDocument(
    { user: request.user ?? null, csrfToken: '', path: request.url, readerZone: request.user?.timeZone ?? null },
    { title },
    <section class="error-page">
      <h1>{title}</h1>
      <p>{error.message}</p>
      {error.code === 'unauthenticated' ? (
        <p>
          <a href={`/login?next=${encodeURIComponent(request.url)}`}>Sign in</a>
        </p>
      ) : (
        <p>
          <a href="/">Back to the home page</a>
        </p>
      )}
    </section>,
  );
}
