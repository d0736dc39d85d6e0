/** A refusal from the JSON API, with its stable code and the field at fault. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/**
 * Calls the JSON API with the session cookie. Writes with a body send
 * application/json or X-Requested-With, which is what protects them from
 * cross-site forms (see src/http/authentication.ts).
 */
export async function api<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      credentials: 'same-origin',
      // X-Requested-With proves to the server that this came from our own page (CSRF).
      headers: body === undefined ? { accept: 'application/json', 'x-requested-with': 'fetch' } : { accept: 'application/json', 'content-type': 'application/json', 'x-requested-with': 'fetch' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new ApiError(0, 'network', 'Could not reach the server. Check your connection and try again.');
  }
  const json = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string; field?: string } } | null;
  if (!response.ok) {
    const error = json?.error;
    const message = response.status === 401 ? 'Your session has ended: sign in again to do that.' : (error?.message ?? `The server answered ${response.status}.`);
    throw new ApiError(response.status, error?.code ?? 'error', message, error?.field);
  }
  return json as T;
}
