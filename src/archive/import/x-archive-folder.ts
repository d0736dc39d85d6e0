import fs from 'node:fs';
import path from 'node:path';

/**
 * The tweet files of an unzipped X archive: `tweets.js` (`tweet.js` in
 * older archives), then `tweets-part1.js`, `tweets-part2.js` … when the
 * archive is big. Not `deleted-tweets.js` or any other of its dozens of
 * files: those are not the author's posts. (`account.js` and
 * `note-tweet.js` are read with the tweets: see x-archive-companions.ts.)
 */
const TWEET_FILE = /^tweets?(?:-part(\d+))?\.js$/;

/**
 * `musesocial import FOLDER` with an unzipped X archive: the folder (or its
 * `data/` folder) stands for its tweet files, in order. Null when it holds
 * none: the folder is then refused when read, with what to name instead.
 */
export function xArchiveTweetFiles(folder: string): string[] | null {
  for (const dir of [path.join(folder, 'data'), folder]) {
    let names: string[];
    try {
      names = fs.readdirSync(dir);
    } catch {
      continue;
    }
    const tweets = names
      .map((name) => ({ name, match: TWEET_FILE.exec(name) }))
      .filter((entry) => entry.match !== null)
      .map(({ name, match }) => ({ name, part: Number(match![1] ?? 0) }))
      .sort((a, b) => a.part - b.part || a.name.localeCompare(b.name));
    if (tweets.length > 0) return tweets.map(({ name }) => path.join(dir, name));
  }
  return null;
}
