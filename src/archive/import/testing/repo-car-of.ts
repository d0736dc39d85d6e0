import { CarWriter } from '@ipld/car';
import * as dagCbor from '@ipld/dag-cbor';
import { CID } from 'multiformats/cid';
import { sha256 } from 'multiformats/hashes/sha2';

/**
 * A Bluesky repository export (a CAR file) holding `records` (key
 * `collection/rkey` → record), for tests of what reads one. Its tree has
 * two levels, as any real repository past a few records does: a root node
 * holding the last key, its left subtree holding the others, keys
 * prefix-compressed within each node. `omit` leaves one record's block out; `sharedSubtree` names one subtree twice.
 */
export async function repoCarOf(did: string, records: Record<string, unknown>, options: { omit?: string; sharedSubtree?: boolean } = {}): Promise<Uint8Array> {
  const blocks: Array<{ cid: CID; bytes: Uint8Array }> = [];
  const put = async (value: unknown) => {
    const bytes = dagCbor.encode(value);
    const cid = CID.create(1, dagCbor.code, await sha256.digest(bytes));
    blocks.push({ cid, bytes });
    return cid;
  };
  const keys = Object.keys(records).sort();
  const values = new Map<string, CID>();
  for (const key of keys) values.set(key, await put(records[key]));
  // A damaged export: the tree names this record, the file lacks its block.
  if (options.omit) blocks.splice(keys.indexOf(options.omit), 1);
  const entries = (list: string[]) => {
    let previous = '';
    return list.map((key) => {
      let p = 0;
      while (p < previous.length && p < key.length && previous[p] === key[p]) p++;
      previous = key;
      return { p, k: new TextEncoder().encode(key.slice(p)), v: values.get(key)!, t: null };
    });
  };
  const left = await put({ l: null, e: entries(keys.slice(0, -1)) });
  // A hostile file: the root's last entry names the left subtree again as its right one.
  const rootEntries = entries(keys.slice(-1)).map((entry) => (options.sharedSubtree ? { ...entry, t: left } : entry));
  const root = await put({ l: left, e: rootEntries });
  const commit = await put({ did, version: 3, data: root, rev: '3lbq3aaaaaa2a', prev: null, sig: new Uint8Array(64) });
  const { writer, out } = CarWriter.create([commit]);
  const chunks: Uint8Array[] = [];
  const collected = (async () => {
    for await (const chunk of out) chunks.push(chunk);
  })();
  for (const block of [blocks.at(-1)!, ...blocks.slice(0, -1)]) await writer.put(block);
  await writer.close();
  await collected;
  return Buffer.concat(chunks);
}
