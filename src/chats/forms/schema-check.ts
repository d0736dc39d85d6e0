import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';
import type { FastifySchemaValidationError } from 'fastify';
import { invalid } from '../../errors.ts';
import { describeValidationError } from '../../http/validation-errors.ts';

/**
 * Checks a value built from a form against the API's request schema, so a
 * form cannot store what the API would refuse (lengths, counts, URL format),
 * and words the first problem exactly as the API would.
 */
export function assertMatchesSchema(schema: TSchema, value: unknown): void {
  const [first] = Value.Errors(schema, value);
  if (!first) return;
  const { field, message } = describeValidationError(first as unknown as FastifySchemaValidationError, 'body');
  throw invalid(field, message);
}
