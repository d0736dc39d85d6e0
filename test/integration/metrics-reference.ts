// An independent reading of a raw API v1.1 file for the metrics tests: it
// uses JSON.parse and the tweets' own entities (not the importer, not the
// text), so it agrees with the app only if import and metrics both work.
import fs from 'node:fs';

type Tweet = Record<string, any>;

export interface Reference {
  total: number;
  kinds: { original: number; replies: number; quotes: number; boosts: number };
  participants: number;
  perAuthor: Record<string, number>;
  perMinute: Record<string, number>;
  hashtags: Record<string, number>;
  mentions: Record<string, number>;
  repliedTo: Record<string, number>;
  links: Record<string, number>;
  /** null when an author's follower count differs between their tweets (then the stored one is a choice). */
  impressions: number | null;
}

/** Tweets of a file (a JSON array, `{statuses}`, or JSON lines), with the retweeted and quoted ones they embed, once each. */
export function readTweets(file: string): Tweet[] {
  const raw = fs.readFileSync(file, 'utf8').trim();
  let top: Tweet[];
  if (raw.startsWith('[')) top = JSON.parse(raw);
  else if (raw.startsWith('{') && !raw.includes('\n{')) {
    const doc = JSON.parse(raw);
    top = doc.statuses ?? doc.results ?? [doc];
  } else {
    // JSON lines; a broken line (tweetsets' seventh is cut short) is rejected by the importer too.
    top = [];
    for (const line of raw.split(/\r?\n/)) {
      if (!line.trim()) continue;
      try {
        top.push(JSON.parse(line));
      } catch {
        // skipped, as the import skips it
      }
    }
  }
  const byId = new Map<string, Tweet>();
  const visit = (t: Tweet | undefined, depth: number) => {
    if (!t || depth > 3) return;
    if (t.retweeted_status) visit(t.retweeted_status, depth + 1);
    else if (t.quoted_status) visit(t.quoted_status, depth + 1);
    if (!byId.has(t.id_str)) byId.set(t.id_str, t);
  };
  for (const t of top) visit(t, 0);
  return [...byId.values()];
}

const bump = (o: Record<string, number>, k: string) => (o[k] = (o[k] ?? 0) + 1);
const POST_ADDRESS = /^https?:\/\/(?:(?:www\.|mobile\.)?twitter\.com|(?:www\.)?x\.com)\/[^/]+\/status(?:es)?\/\d+/i;

export function reference(tweets: Tweet[], chatTags: string[]): Reference {
  const r: Reference = { total: 0, kinds: { original: 0, replies: 0, quotes: 0, boosts: 0 }, participants: 0, perAuthor: {}, perMinute: {}, hashtags: {}, mentions: {}, repliedTo: {}, links: {}, impressions: 0 };
  const authorOf = new Map(tweets.map((t) => [t.id_str as string, (t.user.screen_name as string).toLowerCase()]));
  const followers = new Map<string, Set<number | null>>();
  for (const t of tweets) {
    const author = (t.user.screen_name as string).toLowerCase();
    r.total += 1;
    bump(r.perAuthor, author);
    const minute = new Date(Math.floor(Date.parse(t.created_at) / 60_000) * 60_000).toISOString();
    bump(r.perMinute, minute);
    const count = typeof t.user.followers_count === 'number' ? t.user.followers_count : null;
    followers.set(author, (followers.get(author) ?? new Set()).add(count));
    if (r.impressions !== null && count !== null) r.impressions += count;
    if (t.retweeted_status) {
      r.kinds.boosts += 1;
      continue;
    }
    const replyTo = t.in_reply_to_status_id_str as string | null;
    if (replyTo) r.kinds.replies += 1;
    else if (t.quoted_status || t.quoted_status_id_str) r.kinds.quotes += 1;
    else r.kinds.original += 1;
    if (replyTo && authorOf.has(replyTo) && authorOf.get(replyTo) !== author) bump(r.repliedTo, authorOf.get(replyTo)!);
    const entities = t.extended_tweet?.entities ?? t.entities ?? {};
    for (const tag of new Set<string>((entities.hashtags ?? []).map((h: Tweet) => String(h.text).toLowerCase()))) if (!chatTags.includes(tag)) bump(r.hashtags, tag);
    for (const handle of new Set<string>((entities.user_mentions ?? []).map((m: Tweet) => String(m.screen_name).toLowerCase()))) if (handle !== author) bump(r.mentions, handle);
    for (const url of new Set<string>((entities.urls ?? []).map((u: Tweet) => String(u.expanded_url ?? u.url)))) {
      if (!POST_ADDRESS.test(url)) bump(r.links, new URL(url).href);
    }
  }
  r.participants = Object.keys(r.perAuthor).length;
  if ([...followers.values()].some((s) => s.size > 1)) r.impressions = null;
  return r;
}
