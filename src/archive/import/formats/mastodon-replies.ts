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
 * Gathered over the whole document first: in one go for a document parsed
 * whole (mastodonRecords), or in a first pass over a big one read element
 * by element (json-document.ts), where an element is a status or a page of
 * them (an array of pages, as `jq -s` joins them). Timelines come newest
 * first, so a reply usually comes before its parent.
 */
export class MastodonReplyIndex implements DocumentIndex {
  /** Every status's uri by its id while the index is gathered; only the parents of replies in a snapshot. */
  private readonly uriById: Map<string, string>;
  /** The parents replies name (`in_reply_to_id`): what a snapshot keeps. */
  private readonly parentIds = new Set<string>();

  private constructor(uriById: Map<string, string>) {
    this.uriById = uriById;
  }

  /** A new index, or (from another thread) the one a snapshot was taken of. */
  static of(snapshot?: unknown): MastodonReplyIndex {
    const taken = snapshot as { parents: Array<[string, string]> } | undefined;
    return new MastodonReplyIndex(new Map(taken?.parents ?? []));
  }

  see(element: unknown): void {
    for (const item of Array.isArray(element) ? element : [element]) {
      const top = objectOrNull(item);
      const parentId = stringOrNull(top?.in_reply_to_id);
      if (parentId) this.parentIds.add(parentId);
      // A boost's original is a status too, which a reply may answer.
      for (let status = top; status; status = objectOrNull(status.reblog)) {
        const id = stringOrNull(status.id);
        const uri = stringOrNull(status.uri);
        if (id && uri) this.uriById.set(id, uri);
      }
    }
  }

  /** The element with each reply's parent uri attached, when the document holds the parent. */
  record(element: unknown): unknown {
    return Array.isArray(element) ? element.map((item) => this.withParentUri(item)) : this.withParentUri(element);
  }

  snapshot(): unknown {
    const parents: Array<[string, string]> = [];
    for (const id of this.parentIds) {
      const uri = this.uriById.get(id);
      if (uri) parents.push([id, uri]);
    }
    return { parents };
  }

  private withParentUri(item: unknown): unknown {
    const status = objectOrNull(item);
    if (!status || REPLY_URI_FIELD in status) return item;
    const parentUri = this.uriById.get(String(status.in_reply_to_id));
    return parentUri ? ({ ...status, [REPLY_URI_FIELD]: parentUri } satisfies JsonObject) : item;
  }
}
