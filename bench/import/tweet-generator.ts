import fs from 'node:fs';

/**
 * Writes a twarc1-style JSONL file: one Twitter API v1.1 tweet per line,
 * shaped like the streaming tweets in ../shared/fixtures/twitter-v1.1 (full
 * `user` object, `entities`, `extended_tweet` on long texts, retweets with
 * their original embedded, replies and quotes), 3–5 KB each. The content is
 * a chat: hosts post Q1…Q8, people answer "A1 …", reply, retweet and quote.
 * Deterministic (seeded), so two runs produce the same file.
 */
export interface GeneratedFile {
  path: string;
  tweets: number;
  bytes: number;
}

const HOSTS = ['museumhost', 'cohost_sam'];
const PEOPLE = 20_000;
const BASE_ID = 1_200_000_000_000_000_000n;
const START = Date.UTC(2019, 9, 21, 19, 0, 0);

/** In the generated file's name: a file made by an earlier generator is not reused. */
export const GENERATOR_VERSION = 2;

export async function generateTweetFile(path: string, tweets: number, onProgress?: (done: number) => void): Promise<GeneratedFile> {
  const random = seeded(0x5eed);
  const out = fs.createWriteStream(path, { highWaterMark: 1 << 20 });
  const recent: Array<{ line: Record<string, unknown>; id: string }> = [];
  let buffer = '';
  let bytes = 0;
  for (let i = 0; i < tweets; i++) {
    const tweet = makeTweet(i, random, recent);
    const line = JSON.stringify(tweet.value).replace(/"(\w*id)":"(\d+)n"/g, '"$1":$2') + '\n';
    buffer += line;
    if (recent.length >= 64) recent[Math.floor(random() * 64)] = { line: tweet.original, id: tweet.id };
    else recent.push({ line: tweet.original, id: tweet.id });
    if (buffer.length > 1 << 20) {
      bytes += Buffer.byteLength(buffer);
      if (!out.write(buffer)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      buffer = '';
      onProgress?.(i + 1);
    }
  }
  bytes += Buffer.byteLength(buffer);
  out.end(buffer);
  await new Promise<void>((resolve, reject) => out.once('finish', resolve).once('error', reject));
  return { path, tweets, bytes };
}

function makeTweet(i: number, random: () => number, recent: Array<{ line: Record<string, unknown>; id: string }>) {
  const id = (BASE_ID + BigInt(i) * 4096n + BigInt(Math.floor(random() * 4000))).toString();
  const createdAt = START + Math.floor((i / 50) * 1000) + Math.floor(random() * 1000);
  const roll = random();
  const question = 1 + (Math.floor(i / 2000) % 8);
  if (i % 2000 === 0) {
    const host = HOSTS[(i / 2000) % 2]!;
    const text = `Q${question}: What is the one thing your museum learned from social media this year, and what would you change? #benchchat`;
    const original = status(id, createdAt, user(host, random), text, random, {});
    return { value: original, original, id };
  }
  if (roll < 0.18 && recent.length > 0) {
    // A retweet embeds the whole original, as the streaming API delivers it.
    const target = recent[Math.floor(random() * recent.length)]!;
    const origUser = target.line.user as { screen_name: string };
    const who = user(`person${Math.floor(random() * PEOPLE)}`, random);
    const text = `RT @${origUser.screen_name}: ${String(target.line.text).slice(0, 110)}`;
    const value = status(id, createdAt, who, text, random, { retweeted_status: target.line });
    // What later tweets may answer or quote is the original, by its own id (not the retweet's).
    return { value, original: target.line, id: target.id };
  }
  const who = user(`person${Math.floor(random() * PEOPLE)}`, random);
  const extra: Record<string, unknown> = {};
  let prefix = '';
  if (roll < 0.3 && recent.length > 0) {
    const target = recent[Math.floor(random() * recent.length)]!;
    const targetUser = target.line.user as { screen_name: string; id_str: string };
    extra.in_reply_to_status_id = `${target.id}n`;
    extra.in_reply_to_status_id_str = target.id;
    extra.in_reply_to_user_id_str = targetUser.id_str;
    extra.in_reply_to_screen_name = targetUser.screen_name;
    prefix = `@${targetUser.screen_name} `;
  } else if (roll < 0.35 && recent.length > 0) {
    const target = recent[Math.floor(random() * recent.length)]!;
    extra.is_quote_status = true;
    extra.quoted_status_id_str = target.id;
    extra.quoted_status = target.line;
  }
  const answer = roll < 0.7 ? `A${question} ` : '';
  const long = random() < 0.4;
  const body = long ? LONG_TEXTS[i % LONG_TEXTS.length]! : SHORT_TEXTS[i % SHORT_TEXTS.length]!;
  const value = status(id, createdAt, who, `${prefix}${answer}${body} &amp; more #benchchat #museums`, random, extra);
  // The API embeds one level only: a quote inside a retweet carries no quote of its own.
  const { quoted_status: _quoted, ...original } = value;
  return { value, original, id };
}

function status(id: string, at: number, author: Record<string, unknown>, text: string, random: () => number, extra: Record<string, unknown>): Record<string, unknown> {
  const chars = [...text];
  const truncated = chars.length > 140;
  const shown = truncated ? `${chars.slice(0, 116).join('')}… https://t.co/abcdEFGH12` : text;
  const entities = {
    hashtags: hashtagEntities(shown),
    urls: truncated ? [{ url: 'https://t.co/abcdEFGH12', expanded_url: `https://twitter.com/i/web/status/${id}`, display_url: 'twitter.com/i/web/status/1…', indices: [117, 140] }] : [],
    user_mentions: [],
    symbols: [],
  };
  const media = random() < 0.35 ? [photo(id)] : null;
  return {
    created_at: twitterDate(at),
    id: `${id}n`,
    id_str: id,
    text: shown,
    source: '<a href="http://twitter.com/download/iphone" rel="nofollow">Twitter for iPhone</a>',
    truncated,
    in_reply_to_status_id: null,
    in_reply_to_status_id_str: null,
    in_reply_to_user_id: null,
    in_reply_to_user_id_str: null,
    in_reply_to_screen_name: null,
    user: author,
    geo: null,
    coordinates: null,
    place: null,
    contributors: null,
    is_quote_status: false,
    quote_count: Math.floor(random() * 3),
    reply_count: Math.floor(random() * 5),
    retweet_count: Math.floor(random() * 20),
    favorite_count: Math.floor(random() * 40),
    entities: media ? { ...entities, media } : entities,
    ...(media ? { extended_entities: { media } } : {}),
    ...(truncated ? { extended_tweet: { full_text: text, display_text_range: [0, chars.length], entities: { ...entities, hashtags: hashtagEntities(text), urls: [] } } } : {}),
    favorited: false,
    retweeted: false,
    filter_level: 'low',
    lang: 'en',
    timestamp_ms: String(at),
    ...extra,
  };
}

function photo(id: string) {
  const mediaId = String(BigInt(id) + 1n);
  return {
    id: `${mediaId}n`,
    id_str: mediaId,
    indices: [0, 0],
    media_url: `http://pbs.twimg.com/media/${mediaId.slice(0, 12)}.jpg`,
    media_url_https: `https://pbs.twimg.com/media/${mediaId.slice(0, 12)}.jpg`,
    url: 'https://t.co/xyZ1234567',
    display_url: 'pic.twitter.com/xyZ1234567',
    expanded_url: `https://twitter.com/someone/status/${id}/photo/1`,
    type: 'photo',
    sizes: {
      thumb: { w: 150, h: 150, resize: 'crop' },
      medium: { w: 1200, h: 900, resize: 'fit' },
      small: { w: 680, h: 510, resize: 'fit' },
      large: { w: 2048, h: 1536, resize: 'fit' },
    },
  };
}

function user(handle: string, random: () => number): Record<string, unknown> {
  const n = handle.length * 7919 + handle.charCodeAt(handle.length - 1);
  const userId = String(100_000_000 + n * 13 + handle.length);
  return {
    id: Number(userId),
    id_str: userId,
    name: `${handle.replace(/\d+$/, '')} ${handle.slice(-3)} — Museum educator`,
    screen_name: handle,
    location: 'Madrid, Espagne',
    url: 'https://example.org/about',
    description: 'Museum educator, digital engagement, collections online. Views my own. Tweets about #musesocial #museums #edchat and the occasional cat. Formerly at the city history museum; now running the learning team, the volunteer programme and, somehow, the gift shop newsletter. He/him.',
    translator_type: 'none',
    protected: false,
    verified: false,
    followers_count: Math.floor(random() * 20_000),
    friends_count: Math.floor(random() * 2000),
    listed_count: Math.floor(random() * 200),
    favourites_count: Math.floor(random() * 50_000),
    statuses_count: Math.floor(random() * 90_000),
    created_at: 'Wed Aug 09 11:59:46 +0000 2017',
    utc_offset: null,
    time_zone: null,
    geo_enabled: false,
    lang: null,
    contributors_enabled: false,
    is_translator: false,
    profile_background_color: 'F5F8FA',
    profile_background_image_url: '',
    profile_background_image_url_https: '',
    profile_background_tile: false,
    profile_link_color: '1DA1F2',
    profile_sidebar_border_color: 'C0DEED',
    profile_sidebar_fill_color: 'DDEEF6',
    profile_text_color: '333333',
    profile_use_background_image: true,
    profile_image_url: `http://pbs.twimg.com/profile_images/111111111111111113/${handle}_normal.jpg`,
    profile_image_url_https: `https://pbs.twimg.com/profile_images/111111111111111113/${handle}_normal.jpg`,
    profile_banner_url: `https://pbs.twimg.com/profile_banners/${userId}/1502280000`,
    default_profile: true,
    default_profile_image: false,
    following: null,
    follow_request_sent: null,
    notifications: null,
  };
}

function hashtagEntities(text: string) {
  const chars = [...text];
  const joined = chars.join('');
  const found: Array<{ text: string; indices: number[] }> = [];
  for (const match of joined.matchAll(/#(\w+)/g)) {
    const start = [...joined.slice(0, match.index)].length;
    found.push({ text: match[1]!, indices: [start, start + 1 + match[1]!.length] });
  }
  return found;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

function twitterDate(at: number): string {
  const d = new Date(at);
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000 ${d.getUTCFullYear()}`;
}

const SHORT_TEXTS = [
  'We started a weekly object-of-the-week thread and engagement doubled',
  'Honestly? Listening more than broadcasting. Replies beat announcements',
  'Our visitors found us through Instagram stories, not the website',
  'Behind-the-scenes conservation videos were our surprise hit',
];

const LONG_TEXTS = [
  'We learned that our audience wants the people behind the collection: curators, conservators, guards. When we posted a day-in-the-life series the replies were warmer than anything our campaigns ever got, and it cost nothing but time.',
  'Accessibility first: alt text on every image, captions on every video, and plain-language labels. It took a while to build the habit but now it is simply how we post, and more people share because they can actually use it.',
  'Measure less, talk more. We stopped chasing follower counts and started counting conversations, and it changed what we post. Fewer announcements, more questions, more “what would you ask this object?” prompts that people love.',
];

/** A small, fast PRNG (mulberry32): the same seed gives the same file. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
