import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { DocumentIndex } from '../imported-post.ts';
import { eachIdAndUri, withParentUri } from './mastodon-replies.ts';

/**
 * MastodonReplyIndex for a big document read element by element: the uri
 * of every status by its id, kept in a temporary SQLite file rather than
 * in memory. A timeline of 400,000 statuses held them in a Map of ~60 MB
 * (peak 309-339 MB against 273 MB without it); the file's lookups cost a
 * few µs each, for replies only. The first pass writes it; the parse
 * workers open it read-only by its path (the snapshot); the reader that
 * made it removes it at the end (close).
 */
export class MastodonReplyFile implements DocumentIndex {
  private insert: StatementSync | null = null;
  private lookup: StatementSync | null = null;

  private constructor(
    private readonly db: DatabaseSync,
    private readonly file: string,
    /** The folder the first pass made, removed by close; null where only read. */
    private readonly folder: string | null,
  ) {}

  /** An empty index for a first pass, in a folder of its own under the system's temporary folder. */
  static create(): MastodonReplyFile {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'musesocial-replies-'));
    const file = path.join(folder, 'replies.sqlite');
    const db = new DatabaseSync(file);
    // Scratch data, thrown away after the import: no journal, no syncing.
    db.exec('pragma journal_mode = off; pragma synchronous = off; create table uris (id text primary key, uri text not null) without rowid; begin');
    const index = new MastodonReplyFile(db, file, folder);
    index.insert = db.prepare('insert or replace into uris (id, uri) values (?, ?)');
    return index;
  }

  /** The index a first pass wrote, for a parse worker. */
  static open(snapshot: unknown): MastodonReplyFile {
    const file = (snapshot as { file: string }).file;
    return new MastodonReplyFile(new DatabaseSync(file, { readOnly: true }), file, null);
  }

  /**
   * A status as Mastodon writes it gives its id and uri from its first
   * bytes (rawIdAndUri): it is stored without being parsed, which was
   * most of the first pass's time. Any other element is asked for parsed.
   */
  wants(raw: Buffer): boolean {
    const found = rawIdAndUri(raw);
    if (!found) return true;
    this.insert!.run(found.id, found.uri);
    return false;
  }

  see(element: unknown): void {
    eachIdAndUri(element, (id, uri) => this.insert!.run(id, uri));
  }

  record(element: unknown): unknown {
    this.finishWriting();
    this.lookup ??= this.db.prepare('select uri from uris where id = ?');
    const lookup = this.lookup;
    return withParentUri(element, (id) => (lookup.get(id) as { uri: string } | undefined)?.uri);
  }

  snapshot(): unknown {
    this.finishWriting();
    return { file: this.file };
  }

  close(): void {
    this.db.close();
    if (this.folder) fs.rmSync(this.folder, { recursive: true, force: true });
  }

  private finishWriting(): void {
    if (!this.insert) return;
    this.db.exec('commit');
    this.insert = null;
  }
}

/** How far into a status its uri is looked for: Mastodon writes it early, after a few short values. */
const HEAD_BYTES = 2048;
const ID_FIRST = /^\s*\{\s*"id"\s*:\s*"(\d{1,40})"\s*,/;
/** A uri without escapes or bytes past ASCII (read as latin1, those would not be the text). */
const PLAIN_URI = /"uri"\s*:\s*"([^"\\\x80-\xff]{1,2000})"/;
const REBLOG = Buffer.from('"reblog"');

/**
 * A status's id and uri read from its bytes, when it is sure to be right:
 * its id is its first member, its uri comes before any object or array
 * opens (so it is the status's own, not its account's), and no boosted
 * status is inside (which has an id and uri of its own). Null otherwise,
 * and the element is parsed.
 */
export function rawIdAndUri(raw: Buffer): { id: string; uri: string } | null {
  for (let at = raw.indexOf(REBLOG); at !== -1; at = raw.indexOf(REBLOG, at + REBLOG.length)) {
    let next = at + REBLOG.length;
    while (next < raw.length && (raw[next] === 0x20 || raw[next] === 0x0a || raw[next] === 0x0d || raw[next] === 0x09 || raw[next] === 0x3a)) next += 1;
    if (raw[next] !== 0x6e) return null; // anything but `null`
  }
  const head = raw.toString('latin1', 0, Math.min(raw.length, HEAD_BYTES));
  const id = ID_FIRST.exec(head);
  const uri = id ? PLAIN_URI.exec(head) : null;
  if (!id || !uri) return null;
  const between = head.slice(id[0].length, uri.index);
  return between.includes('{') || between.includes('[') ? null : { id: id[1]!, uri: uri[1]! };
}
