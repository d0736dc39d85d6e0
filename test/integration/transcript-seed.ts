// Seeds archived chats for the transcript and export tests: authors from
// any network and posts with every field a transcript reads, written
// through the posts repository (so reply counts and hashtags are real).
import type { Kysely } from 'kysely';
import type { DB, Network, PostKind } from '../../src/db/schema.ts';
import { insertPost } from '../../src/posts/posts.repository.ts';
import { extractHashtags } from '../../src/posts/post-text.ts';
import { buildChat, buildUser } from '../support/factories.ts';

/** A chat with two questions, threads, boosts, a quote, hidden and deleted posts, and chatter. */
export async function seedChat(db: Kysely<DB>) {
  const organizer = await buildUser(db, { role: 'organizer' });
  const chat = await buildChat(db, organizer, { hashtags: ['testchat'], startsAt: new Date(CHAT_START).toISOString(), endsAt: new Date(CHAT_START + 3600_000).toISOString() });
  const [host, priya, lee, sam, troll, dana] = await Promise.all(
    ['host', 'priya', 'lee', 'sam', 'troll', 'dana'].map((h) => seedAuthor(db, h, { displayName: `${h[0]!.toUpperCase()}${h.slice(1)} Name` })),
  );
  const p = (author: number, post: Parameters<typeof seedPost>[3]) => seedPost(db, chat.id, author, post);
  const ids: Record<string, number> = {};
  ids.intro = await p(dana!, { text: 'Hello everyone, ready? #testchat', minute: 0 });
  ids.q1 = await p(host!, { text: 'Q1 First question? #testchat', minute: 1, question: 1 });
  ids.a1 = await p(priya!, { text: 'A1 We answer before they ask #testchat', minute: 2, answers: 1 });
  ids.underQ1 = await p(sam!, { text: 'Straight under the question', minute: 2.5, answers: 1, replyTo: ids.q1 });
  ids.reply = await p(lee!, { text: 'Agreed, speed matters', minute: 3, answers: 1, replyTo: ids.a1 });
  ids.replyToReply = await p(priya!, { text: 'Thanks Lee <3 & more', minute: 4, answers: 1, replyTo: ids.reply });
  ids.boost = await p(sam!, { text: 'A1 We answer before they ask #testchat', minute: 5, answers: 1, boostOf: ids.a1, counts: {} });
  ids.hidden = await p(troll!, { text: 'Buy followers now', minute: 5.5, answers: 1, hidden: true });
  ids.boostOfHidden = await p(lee!, { text: 'Buy followers now', minute: 5.7, answers: 1, boostOf: ids.hidden });
  ids.replyToHidden = await p(sam!, { text: 'Replying to a hidden post', minute: 5.8, answers: 1, replyTo: ids.hidden });
  ids.q2 = await p(host!, { text: 'Q2 Second question? #testchat', minute: 10, question: 2 });
  ids.a2 = await p(dana!, { text: 'A2 quoting Priya', minute: 11, answers: 2, quoteOf: ids.a1 });
  ids.deleted = await p(lee!, { text: 'Deleted words', minute: 12, answers: 2, deleted: true });
  ids.thanks = await p(dana!, { text: 'Thanks all, see you next week', minute: 20 });
  ids.orphanRt = await p(sam!, { text: 'RT @someone: an older tweet', minute: 21, kind: 'boost' });
  // The boost is folded into A1's count, as the live room does.
  await db.updateTable('posts').set({ boostCount: 1 }).where('id', '=', ids.a1).execute();
  return { organizer, chat, ids };
}

export const CHAT_START = Date.UTC(2026, 2, 10, 19, 0, 0);

export async function seedAuthor(db: Kysely<DB>, handle: string, options: { displayName?: string; network?: Network; followers?: number | null } = {}): Promise<number> {
  const row = await db
    .insertInto('authors')
    .values({
      network: options.network ?? 'twitter',
      handle: handle.toLowerCase(),
      displayName: options.displayName ?? handle,
      userId: null,
      sourceUserId: options.network === 'local' ? null : `${handle.length}${handle.charCodeAt(0)}`,
      followersCount: options.followers === undefined ? 100 : options.followers,
      profileUrl: null,
      createdAt: CHAT_START,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface SeedPost {
  text: string;
  /** Minutes after CHAT_START (fractions allowed). */
  minute: number;
  kind?: PostKind;
  replyTo?: number;
  quoteOf?: number;
  boostOf?: number;
  question?: number;
  answers?: number;
  hidden?: boolean;
  deleted?: boolean;
  source?: { network: Network; id: string; url: string | null };
  /** The source id of a post replied to that is not in the archive. */
  replyToSource?: string;
  counts?: { likes?: number; boosts?: number; replies?: number };
}

export async function seedPost(db: Kysely<DB>, chatId: number, authorId: number, post: SeedPost): Promise<number> {
  const kind = post.kind ?? (post.boostOf !== undefined ? 'boost' : post.replyTo !== undefined || post.replyToSource !== undefined ? 'reply' : post.quoteOf !== undefined ? 'quote' : 'original');
  const createdAt = CHAT_START + Math.round(post.minute * 60_000);
  return insertPost(
    db,
    {
      chatId,
      authorId,
      text: post.text,
      kind,
      createdAt,
      replyToId: post.replyTo ?? null,
      replyToSourceId: post.replyToSource ?? null,
      quoteOfId: post.quoteOf ?? null,
      boostOfId: post.boostOf ?? null,
      questionNumber: post.question ?? null,
      answersQuestion: post.answers ?? null,
      sourceNetwork: post.source?.network ?? null,
      sourceId: post.source?.id ?? null,
      sourceUrl: post.source?.url ?? null,
      likeCount: post.counts?.likes ?? 0,
      boostCount: post.counts?.boosts ?? 0,
      replyCount: post.counts?.replies ?? 0,
      hiddenAt: post.hidden ? createdAt + 1000 : null,
      deletedAt: post.deleted ? createdAt + 1000 : null,
    },
    extractHashtags(post.text),
  );
}

/**
 * A big, realistic chat for streaming tests and the benchmark: hosts ask
 * `questions` questions at even intervals; of the rest, about a quarter is
 * other conversation, the others answer the current question (`A3 …`),
 * reply to an earlier post of it (threads several deep), boost one or quote
 * one. Deterministic for a given seed. Written through insertPostIn, a
 * thousand posts per transaction.
 */
export async function generateChat(db: Kysely<DB>, chatId: number, options: { posts: number; questions?: number; participants?: number; seed?: number; onProgress?: (n: number) => void }): Promise<void> {
  const { insertPostIn } = await import('../../src/posts/posts.repository.ts');
  const questions = options.questions ?? 8;
  const participants = options.participants ?? 1500;
  let state = options.seed ?? 42;
  const random = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

  const authorIds: number[] = [];
  for (let start = 0; start < participants; start += 500) {
    const rows = Array.from({ length: Math.min(500, participants - start) }, (_, i) => ({
      network: 'twitter' as const,
      handle: `person${start + i}`,
      displayName: `Person ${start + i}`,
      userId: null,
      sourceUserId: String(10_000_000 + start + i),
      followersCount: Math.floor(random() * 5000),
      profileUrl: null,
      createdAt: CHAT_START,
    }));
    // The same community across chats: people already known are reused.
    await db.insertInto('authors').values(rows).onConflict((oc) => oc.columns(['network', 'handle']).doNothing()).execute();
    const found = await db.selectFrom('authors').select(['id', 'handle']).where('network', '=', 'twitter').where('handle', 'in', rows.map((r) => r.handle)).execute();
    const ids = new Map(found.map((r) => [r.handle, r.id]));
    authorIds.push(...rows.map((r) => ids.get(r.handle)!));
  }
  const host = authorIds[0]!;
  const byGroup = new Map<number | null, number[]>();
  const span = 60 * 60_000;
  let written = 0;
  let nextQuestion = 1;
  while (written < options.posts) {
    await db.transaction().execute(async (trx) => {
      const end = Math.min(options.posts, written + 1000);
      for (; written < end; written++) {
        const at = CHAT_START + Math.floor((written / options.posts) * span);
        const current = Math.min(questions, Math.floor((written / options.posts) * questions) + 1);
        const sourceId = String(1_800_000_000_000_000_000n + BigInt(chatId) * 1_000_000_000n + BigInt(written));
        const base = { chatId, createdAt: at, sourceNetwork: 'twitter' as const, sourceId, sourceUrl: `https://twitter.com/i/web/status/${sourceId}`, likeCount: Math.floor(random() * 20) };
        if (current >= nextQuestion && nextQuestion <= questions) {
          const id = await insertPostIn(trx, { ...base, authorId: host, text: `Q${nextQuestion} What do we think about topic ${nextQuestion}? #bigchat`, kind: 'original', questionNumber: nextQuestion }, ['bigchat']);
          byGroup.set(nextQuestion, [id]);
          nextQuestion++;
          continue;
        }
        const group = random() < 0.25 ? null : current;
        const earlier = byGroup.get(group) ?? [];
        const author = pick(authorIds);
        const roll = random();
        let id: number;
        if (roll < 0.45 && earlier.length > 0) {
          const parent = earlier.length > 50 ? earlier[earlier.length - 1 - Math.floor(random() * 50)]! : pick(earlier);
          id = await insertPostIn(trx, { ...base, authorId: author, text: `@someone I agree, and here is a longer thought about it number ${written} #bigchat`, kind: 'reply', replyToId: parent, answersQuestion: group }, ['bigchat']);
        } else if (roll < 0.6 && earlier.length > 0) {
          const target = pick(earlier);
          id = await insertPostIn(trx, { ...base, authorId: author, text: `RT @person: a post worth sharing ${written} #bigchat`, kind: 'boost', boostOfId: target, answersQuestion: group }, ['bigchat']);
        } else if (roll < 0.65 && earlier.length > 0) {
          id = await insertPostIn(trx, { ...base, authorId: author, text: `Quoting this, because it matters ${written} #bigchat`, kind: 'quote', quoteOfId: pick(earlier), answersQuestion: group }, ['bigchat']);
        } else {
          const text = group === null ? `Hello from the museum, post ${written}, #bigchat is great` : `A${group} Our answer is that visitors come first, post ${written} #bigchat`;
          id = await insertPostIn(trx, { ...base, authorId: author, text, kind: 'original', answersQuestion: group }, ['bigchat']);
        }
        // Boosts are not replied to or boosted again.
        if (roll >= 0.45 && roll < 0.6 && earlier.length > 0) continue;
        earlier.push(id);
        byGroup.set(group, earlier);
      }
    });
    options.onProgress?.(written);
  }
}
