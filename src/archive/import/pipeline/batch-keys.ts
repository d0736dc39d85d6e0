import { postKey, type PostBatch } from './post-batch.ts';
import { authorIdentityKey } from './author-identity.ts';

/**
 * The writer's map keys of a batch (network + source id, the author's
 * identity: author-identity.ts), made once per batch. The writer looks each post up several
 * times (to count, to look up, to plan, to remember it); a key made anew
 * each time is a new string to concatenate, flatten and hash every time,
 * where one kept string hashes once (V8 keeps the hash in the string).
 * The lookups themselves (BoundedMap, ~9 % of the storing thread at
 * 200,000 tweets) cost about what they did: big maps miss the CPU cache.
 */
export interface BatchKeys {
  post: string[];
  /** The targets' keys; null where the post has none. */
  replyTo: Array<string | null>;
  quoteOf: Array<string | null>;
  boostOf: Array<string | null>;
  author: string[];
}

const made = new WeakMap<PostBatch, BatchKeys>();

export function keysOf(batch: PostBatch): BatchKeys {
  let keys = made.get(batch);
  if (keys) return keys;
  const n = batch.size;
  const target = (refs: Array<string | null>) => {
    const out: Array<string | null> = new Array(n);
    for (let i = 0; i < n; i++) {
      const ref = refs[i];
      out[i] = ref ? postKey(batch.network[i]!, ref) : null;
    }
    return out;
  };
  const post: string[] = new Array(n);
  for (let i = 0; i < n; i++) post[i] = postKey(batch.network[i]!, batch.sourceId[i]!);
  const author: string[] = new Array(batch.authors.size);
  for (let a = 0; a < batch.authors.size; a++) author[a] = authorIdentityKey(batch.authors.network[a]!, batch.authors.handle[a]!, batch.authors.sourceUserId[a]);
  keys = { post, replyTo: target(batch.replyTo), quoteOf: target(batch.quoteOf), boostOf: target(batch.boostOf), author };
  made.set(batch, keys);
  return keys;
}
