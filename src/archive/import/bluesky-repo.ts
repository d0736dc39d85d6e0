import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { CarBlockIterator } from '@ipld/car';
import * as dagCbor from '@ipld/dag-cbor';
import { CID } from 'multiformats/cid';
import { write } from '../export/sink.ts';

/**
 * A Bluesky repository export (`repo.car`: Settings → Export my data), the
 * Bluesky counterpart of an X archive: every record of one account, as
 * DAG-CBOR blocks in a CAR file. The commit at its root names the account
 * (`did`) and the root of a Merkle search tree whose keys are
 * `collection/rkey`. Its profile, posts and reposts are written out as Jetstream
 * lines (`{did, time_us, kind: "commit", commit: {operation: "create",
 * collection, rkey, record}}`), which the `jetstream` format reads: one
 * reader of Bluesky records, whatever brought them.
 */

/** Posts, reposts, and the profile: the account's display name (the export has no handle: that lives in the DID's document). */
const WANTED = new Set(['app.bsky.actor.profile', 'app.bsky.feed.post', 'app.bsky.feed.repost']);
/** A tree deeper than this is not a repository (real ones are a handful of levels). */
const MAX_TREE_DEPTH = 64;
/**
 * The largest export read: its blocks are held in memory to walk the tree
 * (in the server, for an upload). An account's records, without media, are
 * a few MB; 256 MB is millions of posts.
 */
const MAX_REPO_BYTES = 256 * 1024 * 1024;

export const BLUESKY_REPO = 'a Bluesky repository export';

/** The repository's profile, posts and reposts as Jetstream lines in `into`; null when it is not a readable repository. */
export async function unpackRepoCar(file: string, into: string): Promise<{ kind: typeof BLUESKY_REPO; files: string[] } | null> {
  if ((await fsp.stat(file)).size > MAX_REPO_BYTES) return null;
  let blocks: Map<string, Uint8Array>;
  let roots: CID[];
  try {
    const car = await CarBlockIterator.fromIterable(fs.createReadStream(file));
    roots = await car.getRoots();
    blocks = new Map();
    for await (const block of car) blocks.set(block.cid.toString(), block.bytes);
  } catch {
    return null;
  }
  const read = (cid: unknown): Record<string, unknown> | null => {
    const link = CID.asCID(cid);
    const bytes = link ? blocks.get(link.toString()) : undefined;
    if (!bytes) return null;
    const value: unknown = dagCbor.decode(bytes);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  };
  let out: fs.WriteStream | null = null;
  try {
    const commit = roots[0] ? read(roots[0]) : null;
    const did = typeof commit?.did === 'string' ? commit.did : null;
    if (!commit || !did || !CID.asCID(commit.data)) return null;
    await fsp.mkdir(into, { recursive: true });
    const target = path.join(into, 'posts.jsonl');
    out = fs.createWriteStream(target);
    for (const { key, value } of treeEntries(commit.data, read)) {
      const [collection, rkey] = key.split('/');
      if (!collection || !rkey || !WANTED.has(collection)) continue;
      // A block the tree names and the file lacks: cut or damaged, refused whole rather than imported in part.
      const record = read(value) ?? missing(key);
      const createdAt = typeof record.createdAt === 'string' ? Date.parse(record.createdAt) : Number.NaN;
      const line = { did, time_us: Number.isFinite(createdAt) ? createdAt * 1000 : 0, kind: 'commit', commit: { operation: 'create', collection, rkey, cid: String(CID.asCID(value)), record: asJson(record) } };
      await write(out, `${JSON.stringify(line)}\n`);
    }
    out.end();
    await finished(out);
    return { kind: BLUESKY_REPO, files: [target] };
  } catch {
    out?.destroy();
    return null;
  }
}

/**
 * The tree's entries in key order. A node is `{l, e: [{p, k, v, t}]}`: its
 * left subtree, then entries whose key is the previous key's first `p`
 * bytes followed by `k`, each followed by its own right subtree `t`
 * (atproto's repository spec). Walked without recursion.
 */
function* treeEntries(root: unknown, read: (cid: unknown) => Record<string, unknown> | null): Generator<{ key: string; value: unknown }> {
  type Step = { node: unknown; depth: number } | { key: string; value: unknown };
  const stack: Step[] = [{ node: root, depth: 0 }];
  // A tree names each node once; a file naming one twice could make the walk repeat itself exponentially.
  const visited = new Set<string>();
  while (stack.length > 0) {
    const step = stack.pop()!;
    if ('key' in step) {
      yield step;
      continue;
    }
    if (step.depth > MAX_TREE_DEPTH) throw new Error('repository tree too deep');
    const id = String(CID.asCID(step.node));
    if (visited.has(id)) throw new Error('repository tree names a node twice');
    visited.add(id);
    const node = read(step.node) ?? missing('a tree node');
    // Built in order, then pushed reversed: the left subtree comes out first.
    const steps: Step[] = [];
    if (node.l) steps.push({ node: node.l, depth: step.depth + 1 });
    let previous = new Uint8Array();
    for (const entry of Array.isArray(node.e) ? node.e : []) {
      const { p, k, v, t } = (entry ?? {}) as { p?: unknown; k?: unknown; v?: unknown; t?: unknown };
      if (typeof p !== 'number' || !(k instanceof Uint8Array)) continue;
      const key = new Uint8Array(p + k.length);
      key.set(previous.subarray(0, p));
      key.set(k, p);
      previous = key;
      steps.push({ key: Buffer.from(key).toString('utf8'), value: v });
      if (t) steps.push({ node: t, depth: step.depth + 1 });
    }
    for (let i = steps.length - 1; i >= 0; i--) stack.push(steps[i]!);
  }
}

function missing(what: string): never {
  throw new Error(`repository block missing: ${what}`);
}

/** A DAG-CBOR value as JSON the way atproto writes it: links as `{$link}`, bytes as `{$bytes}` (base64). */
function asJson(value: unknown): unknown {
  const link = CID.asCID(value);
  if (link) return { $link: link.toString() };
  if (value instanceof Uint8Array) return { $bytes: Buffer.from(value).toString('base64').replace(/=+$/, '') };
  if (Array.isArray(value)) return value.map(asJson);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asJson(v)]));
  return value;
}
