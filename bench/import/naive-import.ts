import fs from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { plainParsePass } from './plain-parse.ts';

/**
 * Reference points for issue 5's premise ("a naive single-threaded import
 * reaches about 0.7 × the plain pass"), measured in the same run as the
 * real import: one thread reads and JSON.parses the file as the yardstick
 * does, and stores each tweet (and a retweet's original) as one row of a
 * bare table in one transaction. `bare`: source id (unique), author
 * handle, text, time; nothing else. `bare + FTS5`: the same, plus each new
 * row's text into a contentless FTS5 index, the least a searchable archive
 * needs. What Musesocial's import stores beyond that (authors, chats,
 * links, questions, counts, hashtags, the search keys and the transcript
 * indexes) is the difference to its own rate.
 */
export interface NaiveImport {
  variant: string;
  seconds: number;
  cpuSeconds: number;
  rows: number;
}

interface TweetLike {
  id_str?: string;
  created_at?: string;
  text?: string;
  full_text?: string;
  extended_tweet?: { full_text?: string };
  user?: { screen_name?: string };
  retweeted_status?: TweetLike;
}

export function naiveImports(file: string, dir: string): NaiveImport[] {
  return (['bare', 'bare + FTS5'] as const).map((variant) => naiveImport(file, path.join(dir, `naive-${variant === 'bare' ? 'bare' : 'fts'}.sqlite`), variant));
}

function naiveImport(file: string, dbFile: string, variant: 'bare' | 'bare + FTS5'): NaiveImport {
  const remove = () => ['', '-wal', '-shm'].forEach((suffix) => fs.rmSync(dbFile + suffix, { force: true }));
  remove();
  const db = new DatabaseSync(dbFile);
  try {
    db.exec(`pragma journal_mode = wal; pragma synchronous = normal;
      create table posts (id integer primary key, source_id text not null unique, author text not null, text text not null, created_at integer not null)`);
    const fts = variant === 'bare + FTS5';
    if (fts) db.exec(`create virtual table posts_fts using fts5(text, content='', contentless_delete=1)`);
    const insert = db.prepare('insert or ignore into posts (source_id, author, text, created_at) values (?, ?, ?, ?)');
    const index = fts ? db.prepare('insert into posts_fts (rowid, text) values (?, ?)') : null;
    let rows = 0;
    const store = (tweet: TweetLike) => {
      const text = tweet.extended_tweet?.full_text ?? tweet.full_text ?? tweet.text ?? '';
      const result = insert.run(tweet.id_str ?? '', tweet.user?.screen_name ?? '', text, Date.parse(tweet.created_at ?? ''));
      if (result.changes === 0) return;
      rows += 1;
      index?.run(result.lastInsertRowid, text);
    };
    const cpu = process.threadCpuUsage();
    const started = performance.now();
    db.exec('begin');
    plainParsePass(file, (value) => {
      const tweet = value as TweetLike;
      if (tweet.retweeted_status) store(tweet.retweeted_status);
      store(tweet);
    });
    db.exec('commit');
    const seconds = (performance.now() - started) / 1000;
    const used = process.threadCpuUsage(cpu);
    return { variant, seconds, cpuSeconds: (used.user + used.system) / 1e6, rows };
  } finally {
    db.close();
    remove();
  }
}
