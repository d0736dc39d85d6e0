import { Type } from 'typebox';

/** The error shape every failing API route answers with, for the OpenAPI document. */
export const ErrorResponse = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String(), field: Type.Optional(Type.String()) }),
});

export const errorResponses = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
};
