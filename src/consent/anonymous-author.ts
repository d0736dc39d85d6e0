/**
 * Anonymised posts keep their text and lose their author: they move to one
 * "Anonymous" author per network. Its handle can never be a real one (no
 * network allows `~`), so an import of a real account called "anonymous"
 * never merges with it, and views can tell it apart to show no handle or
 * profile link.
 */
export const ANONYMOUS_HANDLE = '~anonymous';
export const ANONYMOUS_NAME = 'Anonymous';

export function isAnonymousAuthor(author: { handle: string }): boolean {
  return author.handle === ANONYMOUS_HANDLE;
}

/** The handle to show, or '' for Anonymous (exports: a blank cell, not a made-up account). */
export function shownHandle(handle: string): string {
  return handle === ANONYMOUS_HANDLE ? '' : handle;
}
