import type { FastifySchemaValidationError } from 'fastify';

/** Friendlier wording for the formats our schemas use. */
const FORMAT_MESSAGES: Record<string, string> = {
  'date-time': 'must be an ISO 8601 date-time, e.g. 2026-03-03T15:00:00-05:00',
  uri: 'must be an absolute URL',
  email: 'must be an e-mail address',
};

/**
 * Turns the validator's first error into the field it is about and a
 * sentence a person can act on: `startsAt: must be an ISO 8601 date-time`.
 */
export function describeValidationError(
  error: FastifySchemaValidationError,
  part: string | undefined,
): { field: string; message: string } {
  const params = (error.params ?? {}) as Record<string, unknown>;
  const segments = (error.instancePath ?? '').split('/').filter(Boolean).map(unescapePointer);
  if (typeof params.missingProperty === 'string') segments.push(params.missingProperty);
  if (typeof params.additionalProperty === 'string') segments.push(params.additionalProperty);
  const field = segments.reduce((path, segment) => (/^\d+$/.test(segment) ? `${path}[${segment}]` : path ? `${path}.${segment}` : segment), '') || part || 'body';

  let message = error.message ?? 'is invalid';
  if (error.keyword === 'required') message = 'is required';
  else if (error.keyword === 'format' && typeof params.format === 'string') message = FORMAT_MESSAGES[params.format] ?? message;
  else if (error.keyword === 'additionalProperties') message = 'is not a known field';
  else if (error.keyword === 'enum' && Array.isArray(params.allowedValues)) {
    message = `must be one of ${params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return { field, message };
}

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}
