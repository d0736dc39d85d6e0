/**
 * A file refused as a whole (empty, binary, not valid JSON, format not
 * recognised): nothing of it is stored, and the message says why in words
 * an admin can act on.
 */
export class UnreadableFileError extends Error {
  constructor(
    readonly fileName: string,
    readonly reason: string,
  ) {
    super(`${fileName}: ${reason}`);
    this.name = 'UnreadableFileError';
  }
}
