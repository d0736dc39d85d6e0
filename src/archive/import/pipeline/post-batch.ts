import type { Network, PostKind } from '../../../db/schema.ts';
import type { ImportedAuthor, ImportedPost } from '../imported-post.ts';
import { answeredQuestion } from '../../../posts/post-text.ts';
import { questionMarker } from './qa-threading.ts';
import { authorIdentityKey, laterSighting } from './author-identity.ts';

/**
 * The posts of one batch as columns. Parse workers hand batches to the
 * writing thread: a few arrays clone far faster than a thousand objects
 * with nested authors, and the writer reads them in place.
 */
export interface PostBatch {
  size: number;
  network: Network[];
  sourceId: string[];
  sourceUrl: Array<string | null>;
  /** Index into `authors`. */
  author: Int32Array;
  text: string[];
  createdAt: Float64Array;
  kind: PostKind[];
  replyTo: Array<string | null>;
  quoteOf: Array<string | null>;
  boostOf: Array<string | null>;
  likes: Float64Array;
  boosts: Float64Array;
  replies: Float64Array;
  /** Hashtags of post i: tags[tagStart[i] … tagStart[i + 1]). */
  tagStart: Int32Array;
  tags: string[];
  /** Read from the text off the writing thread; 0 = none. `A3 …` → 3. */
  answerMarker: Uint8Array;
  /** `Q2: …` → 2 (a question only when a host wrote it; the writer knows the hosts). */
  questionMarker: Uint8Array;
  authors: AuthorColumns;
}

export interface AuthorColumns {
  size: number;
  network: Network[];
  /** Lower-case, without '@': the authors table's key with the network. */
  handle: string[];
  displayName: string[];
  sourceUserId: Array<string | null>;
  /** -1 when unknown. */
  followers: Float64Array;
  profileUrl: Array<string | null>;
}

export const postKey = (network: Network, sourceId: string) => `${network}\u0000${sourceId}`;
/** A post key's parts again. */
export function splitKey(key: string): { sourceNetwork: Network; sourceId: string } {
  const cut = key.indexOf('\u0000');
  return { sourceNetwork: key.slice(0, cut) as Network, sourceId: key.slice(cut + 1) };
}

export class PostBatchBuilder {
  private readonly posts: ImportedPost[] = [];
  private readonly postAuthor: number[] = [];
  private readonly authorIndex = new Map<string, number>();
  private readonly authors: ImportedAuthor[] = [];

  get size(): number {
    return this.posts.length;
  }

  add(post: ImportedPost): void {
    this.posts.push(post);
    this.postAuthor.push(this.addAuthor(post.author));
  }

  /** An author seen with a post, or alone (a profile or identity record): its index in `authors`. */
  addAuthor(author: ImportedAuthor): number {
    const sighting = { ...author, handle: normalizeHandle(author.handle) };
    const key = authorIdentityKey(sighting.network, sighting.handle, sighting.sourceUserId);
    let index = this.authorIndex.get(key);
    if (index === undefined) {
      index = this.authors.length;
      this.authorIndex.set(key, index);
      this.authors.push(sighting);
    } else {
      this.authors[index] = laterSighting(this.authors[index]!, sighting);
    }
    return index;
  }

  /** Authors seen, with or without posts. */
  get authorCount(): number {
    return this.authors.length;
  }

  build(): PostBatch {
    const posts = this.posts;
    const n = posts.length;
    const author = new Int32Array(n);
    const createdAt = new Float64Array(n);
    const likes = new Float64Array(n);
    const boosts = new Float64Array(n);
    const replies = new Float64Array(n);
    const tagStart = new Int32Array(n + 1);
    const answer = new Uint8Array(n);
    const question = new Uint8Array(n);
    const tags: string[] = [];
    const text: string[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const post = posts[i]!;
      text[i] = withoutNul(post.text);
      author[i] = this.postAuthor[i]!;
      createdAt[i] = post.createdAt;
      likes[i] = post.counts.likes;
      boosts[i] = post.counts.boosts;
      replies[i] = post.counts.replies;
      tagStart[i] = tags.length;
      for (const tag of new Set(post.hashtags.map((t) => t.toLowerCase()))) tags.push(tag);
      answer[i] = answeredQuestion(text[i]!) ?? 0;
      question[i] = questionMarker(text[i]!) ?? 0;
    }
    tagStart[n] = tags.length;
    return {
      size: n,
      network: posts.map((p) => p.network),
      sourceId: posts.map((p) => p.sourceId),
      sourceUrl: posts.map((p) => withoutNul(p.sourceUrl)),
      author,
      text,
      createdAt,
      kind: posts.map((p) => p.kind),
      replyTo: posts.map((p) => p.replyToSourceId),
      quoteOf: posts.map((p) => p.quoteOfSourceId),
      boostOf: posts.map((p) => p.boostOfSourceId),
      likes,
      boosts,
      replies,
      tagStart,
      tags,
      answerMarker: answer,
      questionMarker: question,
      authors: {
        size: this.authors.length,
        network: this.authors.map((a) => a.network),
        handle: this.authors.map((a) => a.handle),
        displayName: this.authors.map((a) => withoutNul(a.displayName)),
        sourceUserId: this.authors.map((a) => a.sourceUserId),
        followers: Float64Array.from(this.authors, (a) => a.followersCount ?? -1),
        profileUrl: this.authors.map((a) => withoutNul(a.profileUrl)),
      },
    };
  }
}

/**
 * Free text (a post's text, display names, links) loses its NUL characters
 * (U+0000): never meaningful there, and PostgreSQL stores none in text
 * (SQLite would), so both store the rest. Keys with one are rejected
 * instead (parsed-piece.ts): dropping it could make them another key.
 */
function withoutNul<T extends string | null>(value: T): T {
  return value !== null && value.includes('\u0000') ? (value.replaceAll('\u0000', '') as T) : value;
}

export function normalizeHandle(handle: string): string {
  return handle.trim().replace(/^@/, '').toLowerCase();
}

/** The buffers a batch can hand over instead of copying. */
export function transferablesOf(batch: PostBatch | null): ArrayBuffer[] {
  if (!batch) return [];
  const arrays = [batch.author, batch.createdAt, batch.likes, batch.boosts, batch.replies, batch.tagStart, batch.answerMarker, batch.questionMarker, batch.authors.followers];
  return arrays.map((a) => a.buffer as ArrayBuffer);
}
