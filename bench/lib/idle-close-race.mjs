/**
 * True when a request failed because the server closed its kept-alive
 * socket as idle just as the request went out on it: it was sent on a
 * reused socket (`request.reusedSocket`) and the connection was reset
 * before any answer. The server never read it, so sending it once more is
 * safe; browsers do the same, and Node's documentation of `reusedSocket`
 * gives this very retry. Load processes count such resends and report them.
 */
export function closedWhileIdle(request, error) {
  return request.reusedSocket === true && (error.code === 'ECONNRESET' || error.code === 'EPIPE');
}
