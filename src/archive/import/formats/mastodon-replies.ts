import type { DocumentIndex } from '../imported-post.ts';
import { objectOrNull, stringOrNull, type JsonObject } from './json-values.ts';
import { REPLY_URI_FIELD } from './mastodon-status.ts';

/**
 * What the statuses of one saved document tell about each other: replies
 * name their parent by `in_reply_to_id`, an id of the server that answered
 * (the same post has another id on every other server), while archives know
 * posts by `uri`. A parent in the same document gives its uri, which is
 * attached to the reply (REPLY_URI_FIELD).
 *
 * Gathered over the whole document first. This index keeps the uris in
 * memory, for a document parsed whole (mastodonRecords); a big one, read
 * element by element, keeps them in a file (mastodon-reply-file.ts). There
 * an element is a status or a page of them (an array of pages, as `jq -s`
 * joins them). Timelines come newest first, so a reply usually comes
 * before its parent.
 */
export class MastodonReplyIndex implements DocumentIndex {
  private readonly uriById = new Map<string, string>();

  see(element: unknown): void {
    eachIdAndUri(element, (id, uri) => this.uriById.set(id, uri));
  }

  record(element: unknown): unknown {
    return withParentUri(element, (id) => this.uriById.get(id));
  }

  /** Not taken: a document parsed whole is read on one thread. */
  snapshot(): unknown {
    return null;
  }
}

/** Every status of an element (itself, or a page's) with its id and uri, boosted originals too: a reply may answer one. */
export function eachIdAndUri(element: unknown, found: (id: string, uri: string) => void): void {
  for (const item of Array.isArray(element) ? element : [element]) {
    for (let status = objectOrNull(item); status; status = objectOrNull(status.reblog)) {
      const id = stringOrNull(status.id);
      const uri = stringOrNull(status.uri);
      if (id && uri) found(id, uri);
    }
  }
}

/** The element with each reply's parent uri attached, when `uriOf` knows the parent. */
export function withParentUri(element: unknown, uriOf: (id: string) => string | undefined): unknown {
  const attach = (item: unknown) => {
    const status = objectOrNull(item);
    const parentId = stringOrNull(status?.in_reply_to_id);
    if (!status || !parentId || REPLY_URI_FIELD in status) return item;
    const parentUri = uriOf(parentId);
    return parentUri ? ({ ...status, [REPLY_URI_FIELD]: parentUri } satisfies JsonObject) : item;
  };
  return Array.isArray(element) ? element.map(attach) : attach(element);
}
