// Seeds the hand-checked metrics fixture (src/metrics/metrics-fixture.testdata.ts)
// into a database, with the chats around it that new/returning, the
// comparison and community growth read: an earlier date of the same series,
// a later chat with the hashtag but no series, another hashtag, and a draft.
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.ts';
import { insertPost } from '../../src/posts/posts.repository.ts';
import { extractHashtags } from '../../src/posts/post-text.ts';
import { buildChat, buildUser } from '../support/factories.ts';
import { FIXTURE_AUTHORS, FIXTURE_POSTS, T0, at } from '../../src/metrics/metrics-fixture.testdata.ts';

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

export async function seedMetrics(db: Kysely<DB>) {
  const organizer = await buildUser(db, { role: 'organizer' });
  const chat = (slug: string, startsAt: number, tags: string[], extra: Record<string, unknown> = {}) =>
    buildChat(db, organizer, { slug, title: `Chat ${slug}`, hashtags: tags, startsAt: iso(startsAt), endsAt: iso(startsAt + 3600_000), questions: [], ...extra } as never);

  const authors = new Map<string, number>();
  for (const [handle, followers] of [...FIXTURE_AUTHORS, ['zed', 5] as [string, number], ['other', 7] as [string, number]]) {
    const row = await db
      .insertInto('authors')
      .values({ network: 'twitter', handle, displayName: handle === 'ben' ? '=HYPERLINK("http://evil.example")' : handle.toUpperCase(), userId: null, sourceUserId: null, followersCount: followers, profileUrl: null, createdAt: T0 })
      .returning('id')
      .executeTakeFirstOrThrow();
    authors.set(handle, row.id);
  }
  const post = (chatId: number, author: string, minute: number, text: string, extra: Partial<Parameters<typeof insertPost>[1]> = {}) =>
    insertPost(
      db,
      {
        chatId,
        authorId: authors.get(author)!,
        text,
        kind: 'original',
        createdAt: at(minute),
        replyToId: null,
        quoteOfId: null,
        boostOfId: null,
        questionNumber: null,
        answersQuestion: null,
        sourceNetwork: null,
        sourceId: null,
        sourceUrl: null,
        hiddenAt: null,
        deletedAt: null,
        ...extra,
      },
      extractHashtags(text),
    );

  // A week before, same series: ana, ben and zed take part; dan's post is hidden.
  const earlier = await chat('week-one', T0 - 7 * DAY, ['musechat']);
  const a0 = await post(earlier.id, 'ana', -7 * 24 * 60 + 1, 'hello #musechat');
  await post(earlier.id, 'ben', -7 * 24 * 60 + 2, '@ana hi', { kind: 'reply', replyToId: a0 });
  await post(earlier.id, 'zed', -7 * 24 * 60 + 3, 'zed was here');
  await post(earlier.id, 'dan', -7 * 24 * 60 + 4, 'hidden before', { hiddenAt: T0 - DAY });
  // Three days before, same hashtag, no series: only zed.
  const between = await chat('midweek', T0 - 3 * DAY, ['musechat']);
  await post(between.id, 'zed', -3 * 24 * 60, 'midweek #musechat');
  // Another community: host took part; it does not make host returning.
  const otherTag = await chat('elsewhere', T0 - 2 * DAY, ['other']);
  await post(otherTag.id, 'host', -2 * 24 * 60, 'elsewhere #other');
  // A draft with the hashtag: cat's post there does not count.
  const draft = await chat('draft-one', T0 - DAY, ['musechat'], { status: 'draft' });
  await post(draft.id, 'cat', -24 * 60, 'draft #musechat');

  const main = await chat('week-two', T0, ['musechat'], {
    questions: [
      { text: 'What is your favourite museum?', offsetMinutes: 5 },
      { text: 'How do you measure impact?', offsetMinutes: 20 },
      { text: 'What next?', offsetMinutes: 40 },
    ],
  });
  await db.updateTable('chats').set({ seriesKey: 'musechat-weekly' }).where('id', 'in', [earlier.id, main.id]).execute();

  const ids = new Map<string, number>();
  for (const p of FIXTURE_POSTS) {
    ids.set(
      p.key,
      await post(main.id, p.author, p.minute, p.text, {
        kind: p.kind,
        replyToId: p.replyTo ? ids.get(p.replyTo)! : null,
        quoteOfId: p.quoteOf ? ids.get(p.quoteOf)! : null,
        boostOfId: p.boostOf ? ids.get(p.boostOf)! : null,
        questionNumber: p.question ?? null,
        answersQuestion: p.answers ?? null,
        hiddenAt: p.hidden ? at(p.minute) + 1000 : null,
        deletedAt: p.deleted ? at(p.minute) + 1000 : null,
      }),
    );
  }
  return { organizer, main, earlier, between, otherTag, draft, ids, authors, post };
}
