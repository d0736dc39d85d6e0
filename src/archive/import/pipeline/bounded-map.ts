/**
 * A Map that forgets its oldest entries beyond `limit`: the writer's
 * memory of authors and posts seen must not grow with the file. What it
 * forgets is looked up in the database again when needed.
 *
 * Two generations rather than a strict LRU: entries go into `young`; when
 * it is full it becomes `old` and the previous `old` is dropped whole. It
 * keeps between limit/2 and limit entries, the most recently set ones, in
 * O(1) per call. (Deleting a Map's first entry on every insert, as a
 * strict version does, leaves holes V8 scans past on every next delete:
 * it cost an import more than a tenth of its storing time.)
 */
export class BoundedMap<K, V> {
  private young = new Map<K, V>();
  private old = new Map<K, V>();
  private readonly half: number;

  constructor(limit: number) {
    this.half = Math.max(1, Math.floor(limit / 2));
  }

  get(key: K): V | undefined {
    return this.young.get(key) ?? this.old.get(key);
  }

  has(key: K): boolean {
    return this.young.has(key) || this.old.has(key);
  }

  delete(key: K): void {
    this.young.delete(key);
    this.old.delete(key);
  }

  set(key: K, value: V): void {
    this.old.delete(key);
    this.young.set(key, value);
    if (this.young.size >= this.half) {
      this.old = this.young;
      this.young = new Map();
    }
  }
}
