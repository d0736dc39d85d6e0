import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTargets } from '../support/databases.ts';
import { buildTestApp, type TestApp } from '../support/app.ts';
import { buildChat, buildUser, sessionCookieFor } from '../support/factories.ts';
import { seedAuthor, seedChat, seedPost } from './transcript-seed.ts';
import { transcriptPage, PAGE_ROOTS } from '../../src/archive/transcript/transcript.service.ts';
import { NO_FILTER } from '../../src/archive/transcript/transcript-query.ts';
import { findChatBySlug } from '../../src/chats/chats.repository.ts';

const sectionOf = (html: string, anchor: string) => {
  const start = html.indexOf(`<section class="transcript-group" id="${anchor}"`);
  assert.ok(start >= 0, `section ${anchor} is on the page`);
  return html.slice(start, html.indexOf('</section>', start));
};

for (const target of databaseTargets()) {
  describe(`transcript on ${target.kind}`, { skip: target.skip }, () => {
    let t: TestApp;
    beforeEach(async () => {
      t = await buildTestApp(target.kind);
    });
    afterEach(() => t.close());

    it('groups posts by question, threads replies and leaves the rest to "Other conversation"', async () => {
      const db = t.database.db;
      const { chat, ids } = await seedChat(db);
      const page = await transcriptPage(db, (await findChatBySlug(db, chat.slug))!, { filter: NO_FILTER, cursor: null });
      assert.deepEqual(page.sections.map((s) => s.key), [1, 2, 'other']);
      const [q1, q2, other] = page.sections;
      assert.deepEqual(q1!.heads.map((p) => p.id), [ids.q1]);
      // Answers in time order; a reply to the question is an answer of its own; a reply to a hidden post stands alone.
      assert.deepEqual(q1!.threads.map((th) => th.post.id), [ids.a1, ids.underQ1, ids.replyToHidden]);
      const a1 = q1!.threads[0]!;
      assert.deepEqual(a1.replies.map((r) => r.post.id), [ids.reply]);
      assert.deepEqual(a1.replies[0]!.replies.map((r) => r.post.id), [ids.replyToReply]);
      assert.deepEqual(a1.boosts, [], 'boosts are folded by default');
      assert.deepEqual(q2!.heads.map((p) => p.id), [ids.q2]);
      assert.deepEqual(q2!.threads.map((th) => th.post.id), [ids.a2]);
      assert.deepEqual(other!.threads.map((th) => th.post.id), [ids.intro, ids.thanks, ids.orphanRt], 'a boost of a post we do not have stays readable');
      assert.equal(page.total, 11, 'hidden, deleted and folded posts are not counted');
      // The boost of A1 is folded; the boost of a hidden post is not counted at all; one of a post not archived is listed.
      assert.equal(page.foldedBoosts, 1);
      assert.deepEqual(page.toc.map((e) => [e.key, e.posts]), [[1, 6], [2, 2], ['other', 3]]);

      const response = await t.app.inject({ url: `/chats/${chat.slug}/transcript`, headers: { accept: 'text/html' } });
      assert.equal(response.statusCode, 200);
      assert.match(response.body, /· 11 posts \+ 1 boost</, 'the header counts the folded boosts apart, as metrics count every post');
      const html = response.body.slice(response.body.indexOf('<section class="transcript-group"'));
      const order = ['Q1</span> First question?', 'A1 We answer', 'Agreed, speed matters', 'Q2</span> Second question?', 'A2 quoting Priya', 'Other conversation</span>', 'Hello everyone'].map((s) => html.indexOf(s));
      assert.ok(order.every((i) => i > 0), `all parts present: ${order}`);
      assert.deepEqual([...order].sort((a, b) => a - b), order, 'sections in order, Other conversation last');
      const q1Html = sectionOf(html, 'q1');
      const nested = q1Html.indexOf('<ol class="transcript-replies"');
      assert.ok(nested > q1Html.indexOf('A1 We answer') && nested < q1Html.indexOf('Agreed, speed matters'), 'the reply is nested under A1');
      assert.match(q1Html, /Thanks Lee &lt;3 &amp; more/, 'post text is escaped');
      assert.match(q1Html, /1 boost · /, 'the boost counts on A1');
      assert.doesNotMatch(html, /Boosted by/);
      assert.match(sectionOf(html, 'q2'), /Quoting <a href="\/chats\/[^"]+\/posts\/\d+">@priya<\/a>/);
      for (const id of Object.values(ids)) {
        const shown = html.includes(`id="post-${id}"`);
        const expected = ![ids.hidden, ids.boostOfHidden, ids.deleted, ids.boost].includes(id);
        assert.equal(shown, expected, `post ${id} shown: ${shown}`);
        if (expected) assert.ok(html.includes(`href="/chats/${chat.slug}/posts/${id}"`), `post ${id} has a permalink`);
      }
      assert.doesNotMatch(html, /Buy followers now|Deleted words/);
      for (const suffix of ['.csv', '.tags.csv', '.xlsx', '.jsonl', '.md', '.html']) assert.ok(html.includes(`href="/chats/${chat.slug}/transcript${suffix}"`), `download link ${suffix}`);
    });

    it('links the addresses and hashtags in post text, and dates the posts of other days', async () => {
      const db = t.database.db;
      const { chat, ids } = await seedChat(db);
      const kim = await seedAuthor(db, 'kim');
      const linked = await seedPost(db, chat.id, kim, { text: 'Slides: https://example.org/talk?x=1&y=2. #MuseumWeek javascript:alert(1) <b>', minute: 30 });
      const dayBefore = await seedPost(db, chat.id, kim, { text: 'Planning it the day before', minute: -24 * 60 });
      const html = (await t.app.inject({ url: `/chats/${chat.slug}/transcript` })).body;
      const article = (id: number) => html.slice(html.indexOf(`<article class="post" id="post-${id}"`), html.indexOf('</article>', html.indexOf(`id="post-${id}"`)));
      assert.match(
        article(linked),
        /<p class="post-text">Slides: <a href="https:\/\/example\.org\/talk\?x=1&amp;y=2" rel="nofollow ugc noopener">https:\/\/example\.org\/talk\?x=1&amp;y=2<\/a>\. <a class="post-hashtag" href="\/search\?q=%23MuseumWeek">#MuseumWeek<\/a> javascript:alert\(1\) &lt;b><\/p>/,
      );
      // A post of the chat's own day shows its time; one of another day its date too.
      assert.match(article(ids.intro!), /<time [^>]*data-local="time">\d{1,2}:\d\d [AP]M [^<]+<\/time>/);
      assert.match(article(dayBefore), /<time [^>]*data-local="full">\w{3} 9 Mar 2026, \d{1,2}:\d\d [AP]M [^<]+<\/time>/);
    });

    it('says so when a reply answers a post the archive does not hold', async () => {
      const db = t.database.db;
      const { chat, ids } = await seedChat(db);
      const kim = await seedAuthor(db, 'kim');
      const orphan = await seedPost(db, chat.id, kim, { text: 'Replying to a tweet never imported', minute: 30, replyToSource: '1251954312772812000' });
      const html = (await t.app.inject({ url: `/chats/${chat.slug}/transcript` })).body;
      const links = (id: number) => html.slice(html.indexOf('<p class="transcript-links">', html.indexOf(`id="post-${id}"`)), html.indexOf('</p>', html.indexOf('<p class="transcript-links">', html.indexOf(`id="post-${id}"`))));
      assert.match(links(orphan), /· In reply to a post that is not in this archive$/);
      assert.doesNotMatch(links(ids.reply!), /not in this archive/, 'a reply whose parent is here is threaded under it');
      const permalink = (await t.app.inject({ url: `/chats/${chat.slug}/posts/${orphan}` })).body;
      assert.match(permalink, /In reply to a post that is not in this archive/);
    });

    it('lists boosts under the posts they boost when asked, never a boost of a hidden post', async () => {
      const db = t.database.db;
      const { chat, ids } = await seedChat(db);
      const html = (await t.app.inject({ url: `/chats/${chat.slug}/transcript?boosts=show` })).body;
      const q1Html = sectionOf(html, 'q1');
      assert.match(q1Html, new RegExp(`Boosted by <a id="post-${ids.boost}" href="/chats/${chat.slug}/posts/${ids.boost}">Sam Name</a>`));
      assert.doesNotMatch(html, /Buy followers now/);
      assert.ok(html.includes('Fold boosts into counts'));
      assert.match(html, /· 12 posts</, 'boosts listed, in the count');
      const folded = (await t.app.inject({ url: `/chats/${chat.slug}/transcript` })).body;
      assert.ok(folded.includes('?boosts=show'), 'the toggle links to the shown boosts');
    });

    it('offers every question the archive answers in the filter, keeps the chosen one, and counts its posts', async () => {
      const db = t.database.db;
      const { chat, ids } = await seedChat(db);
      // An imported chat numbers questions in its posts: Q3 is answered, though the chat lists two questions.
      await db.updateTable('posts').set({ answersQuestion: 3 }).where('id', '=', ids.thanks!).execute();
      const html = (await t.app.inject({ url: `/chats/${chat.slug}/transcript?question=Q3` })).body;
      assert.match(html, /<option value="3" selected>Q3<\/option>/);
      assert.match(html, /<option value="1">Q1 First question\?<\/option>/);
      assert.match(html, /· 1 post in Q3</, 'the header counts the question shown, not the chat');
      const all = (await t.app.inject({ url: `/chats/${chat.slug}/transcript` })).body;
      assert.match(all, /· 11 posts \+ 1 boost</);
    });

    it('never says a post has fewer replies than the archive shows under it (an archive’s own count may be 0)', async () => {
      const db = t.database.db;
      const { chat, ids } = await seedChat(db);
      await db.updateTable('posts').set({ replyCount: 0, sourceNetwork: 'twitter', sourceId: '1251954312772812801' }).where('id', '=', ids.a1!).execute();
      const html = (await t.app.inject({ url: `/chats/${chat.slug}/transcript` })).body;
      const a1 = html.slice(html.indexOf(`id="post-${ids.a1}"`), html.indexOf(`id="post-${ids.reply}"`));
      assert.match(a1, /On Twitter\/X: 1 reply · 1 boost · 0 likes/, 'an imported post’s counts say whose they are');
      // A boost names whose post it boosts, and has no counts of its own.
      const boosts = (await t.app.inject({ url: `/chats/${chat.slug}/transcript?type=boost` })).body;
      const boost = boosts.slice(boosts.indexOf(`id="post-${ids.boost}"`), boosts.indexOf('</article>', boosts.indexOf(`id="post-${ids.boost}"`)));
      assert.match(boost, /<p class="post-label">Boosted a post by @priya<\/p>/);
      assert.doesNotMatch(boost, /0 replies/);
    });

    it('filters by author, question and type, and refuses bad filters next to their field', async () => {
      const db = t.database.db;
      const { chat, ids } = await seedChat(db);
      const shown = (html: string) => Object.entries(ids).filter(([, id]) => html.includes(`id="post-${id}"`)).map(([name]) => name);

      const byPriya = await t.app.inject({ url: `/chats/${chat.slug}/transcript?author=%40Priya` });
      assert.equal(byPriya.statusCode, 200);
      assert.deepEqual(shown(byPriya.body), ['a1', 'replyToReply']);
      assert.match(byPriya.body, /In reply to <a href="[^"]+">@lee<\/a>/, 'a flat list says whom a reply answers');

      assert.deepEqual(shown((await t.app.inject({ url: `/chats/${chat.slug}/transcript?question=2` })).body), ['q2', 'a2']);
      assert.deepEqual(shown((await t.app.inject({ url: `/chats/${chat.slug}/transcript?question=other` })).body), ['intro', 'thanks', 'orphanRt']);
      assert.deepEqual(shown((await t.app.inject({ url: `/chats/${chat.slug}/transcript?type=reply` })).body), ['underQ1', 'reply', 'replyToReply', 'replyToHidden']);
      assert.deepEqual(shown((await t.app.inject({ url: `/chats/${chat.slug}/transcript?type=boost` })).body), ['boost', 'orphanRt'], 'boosts, never one of a hidden post');
      // A Mastodon Announce of a status never archived: no text of its own, so it links where the status can be read.
      await t.database.db
        .updateTable('posts')
        .set({ text: '', sourceNetwork: 'mastodon', sourceId: 'https://museum.social/users/sam/statuses/1', boostOfSourceId: 'https://other.example/users/bob/statuses/999' })
        .where('id', '=', ids.orphanRt!)
        .execute();
      const announce = (await t.app.inject({ url: `/chats/${chat.slug}/transcript?type=boost` })).body;
      assert.match(announce, /Boost of a post that is not in this archive: <a href="https:\/\/other\.example\/users\/bob\/statuses\/999" rel="nofollow noopener noreferrer">the original on Mastodon<\/a>/);
      assert.deepEqual(shown((await t.app.inject({ url: `/chats/${chat.slug}/transcript?type=quote&question=2` })).body), ['a2']);
      // A Mastodon author by name alone, as search's from: finds them.
      const kim = await seedAuthor(db, 'kim@museum.social', { network: 'mastodon', displayName: 'Kim' });
      await db.updateTable('posts').set({ authorId: kim }).where('id', '=', ids.thanks!).execute();
      assert.deepEqual(shown((await t.app.inject({ url: `/chats/${chat.slug}/transcript?author=kim` })).body), ['thanks']);
      const nobody = await t.app.inject({ url: `/chats/${chat.slug}/transcript?author=nobody` });
      assert.equal(nobody.statusCode, 200);
      assert.match(nobody.body, /No posts match/);

      const bad = await t.app.inject({ url: `/chats/${chat.slug}/transcript?type=rant&question=banana`, headers: { accept: 'text/html' } });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /id="filter-type-error">Type: must be one of original, reply, quote, boost/);
      assert.match(bad.body, /id="filter-question-error">Question: must be a question number/);
      assert.match(bad.body, /aria-invalid="true" aria-describedby="filter-type-error"/);
      const noSuch = await t.app.inject({ url: `/chats/${chat.slug}/transcript?question=9`, headers: { accept: 'text/html' } });
      assert.equal(noSuch.statusCode, 400, 'a question the chat does not have is refused, not shown as an empty Q9');
      assert.match(noSuch.body, /id="filter-question-error">Question: this chat has no Q9; its questions are Q1, Q2</);
      const badCursor = await t.app.inject({ url: `/chats/${chat.slug}/transcript?cursor=nonsense` });
      assert.equal(badCursor.statusCode, 400);
      assert.match(badCursor.body, /role="alert">Position: is not a transcript position/);
    });

    it('pages through a long chat by position: every post once, in order, across groups', async () => {
      const db = t.database.db;
      const organizer = await buildUser(db, { role: 'organizer' });
      const chat = await buildChat(db, organizer, { startsInHours: -48 });
      const author = await seedAuthor(db, 'prolific');
      const expected: number[] = [];
      for (const [group, count] of [[1, PAGE_ROOTS + 7], [2, 3], [null, PAGE_ROOTS - 2]] as const) {
        for (let i = 0; i < count; i++) {
          // Same minute for many posts: ties are broken by id.
          expected.push(await seedPost(db, chat.id, author, { text: `post ${group}-${i}`, minute: (group ?? 9) * 10 + Math.floor(i / 4), answers: group ?? undefined }));
        }
      }
      const postsOn = (html: string) => [...html.matchAll(/<article class="post" id="post-(\d+)"/g)].map((m) => Number(m[1]));
      const link = (html: string, rel: 'next' | 'prev') => new RegExp(`<a href="([^"]+)" rel="${rel}">`).exec(html)?.[1]?.replaceAll('&amp;', '&');
      const forward: number[][] = [];
      let url: string | undefined = `/chats/${chat.slug}/transcript`;
      let last = '';
      while (url) {
        last = (await t.app.inject({ url })).body;
        forward.push(postsOn(last));
        url = link(last, 'next');
      }
      assert.deepEqual(forward.flat(), expected);
      assert.equal(forward.length, 3);
      assert.equal(link((await t.app.inject({ url: `/chats/${chat.slug}/transcript` })).body, 'prev'), undefined, 'the first page has no previous page');

      // Back from the last page, "Previous page" lands on the very pages the forward walk showed (page 2 starts inside Q1).
      const backward: number[][] = [postsOn(last)];
      const previousLinks: string[] = [];
      for (let html = last, previous = link(html, 'prev'); previous; previous = link(html, 'prev')) {
        previousLinks.push(previous);
        html = (await t.app.inject({ url: previous })).body;
        backward.unshift(postsOn(html));
      }
      assert.deepEqual(backward, forward);
      assert.ok(previousLinks[0]!.includes('?cursor='), 'page 3 goes back to a position inside Q1');
      assert.equal(previousLinks[1], `/chats/${chat.slug}/transcript`, 'page 2 goes back to the first page itself');

      // From a question's start (a contents link), the page before ends where that question begins.
      const otherStart = (await t.app.inject({ url: `/chats/${chat.slug}/transcript` })).body.match(/<a href="([^"]+#other)">/)![1]!.replaceAll('&amp;', '&').split('#')[0]!;
      const beforeOther = (await t.app.inject({ url: link((await t.app.inject({ url: otherStart })).body, 'prev')! })).body;
      assert.deepEqual(postsOn(beforeOther), expected.slice(PAGE_ROOTS + 10 - PAGE_ROOTS, PAGE_ROOTS + 10), 'the 50 top-level posts before Other conversation');
    });

    it('gives every post a permalink with its thread and the way back to its place', async () => {
      const db = t.database.db;
      const { chat, ids } = await seedChat(db);
      const response = await t.app.inject({ url: `/chats/${chat.slug}/posts/${ids.replyToReply}`, headers: { accept: 'text/html' } });
      assert.equal(response.statusCode, 200);
      const html = response.body;
      const ancestors = html.slice(html.indexOf('Earlier in the thread'), html.indexOf('class="permalink-post"'));
      assert.ok(ancestors.indexOf('A1 We answer') < ancestors.indexOf('Agreed, speed matters') && ancestors.indexOf('A1 We answer') > 0, 'the thread above, oldest first');
      const back = /<a href="([^"]+)">← Back to its place in the transcript/.exec(html)![1]!.replaceAll('&amp;', '&');
      assert.ok(back.endsWith(`#post-${ids.replyToReply}`));
      const place = (await t.app.inject({ url: back.split('#')[0]! })).body;
      assert.ok(place.includes(`id="post-${ids.replyToReply}"`), 'the linked page shows the post');

      const a1 = (await t.app.inject({ url: `/chats/${chat.slug}/posts/${ids.a1}` })).body;
      assert.match(a1, /Boosted by 1/);
      assert.ok(a1.indexOf('Agreed, speed matters') > a1.indexOf('id="replies-title"'), 'replies below the post');

      const boost = (await t.app.inject({ url: `/chats/${chat.slug}/posts/${ids.boost}` })).body;
      assert.match(boost, /<h1>Boost by Sam Name<\/h1>/);
      assert.match(boost, /boosts=show/);

      for (const id of [ids.hidden, ids.deleted, ids.boostOfHidden]) {
        assert.equal((await t.app.inject({ url: `/chats/${chat.slug}/posts/${id}` })).statusCode, 404, `post ${id} has no page`);
      }
      const other = await buildChat(db, (await buildUser(db, { role: 'organizer' })), {});
      assert.equal((await t.app.inject({ url: `/chats/${other.slug}/posts/${ids.a1}` })).statusCode, 404, 'a post is only found under its own chat');
      assert.equal((await t.app.inject({ url: `/chats/${chat.slug}/posts/abc` })).statusCode, 404);
    });

    it('keeps hidden posts out even for moderators, and drafts to their organizers', async () => {
      const db = t.database.db;
      const { chat, ids, organizer } = await seedChat(db);
      const admin = await buildUser(db, { role: 'admin' });
      const html = (await t.app.inject({ url: `/chats/${chat.slug}/transcript`, headers: { cookie: await sessionCookieFor(db, admin) } })).body;
      assert.ok(!html.includes(`id="post-${ids.hidden}"`));
      await db.updateTable('chats').set({ status: 'draft' }).where('id', '=', chat.id).execute();
      assert.equal((await t.app.inject({ url: `/chats/${chat.slug}/transcript` })).statusCode, 404);
      assert.equal((await t.app.inject({ url: `/chats/${chat.slug}/posts/${ids.a1}` })).statusCode, 404);
      const own = await t.app.inject({ url: `/chats/${chat.slug}/transcript`, headers: { cookie: await sessionCookieFor(db, organizer) } });
      assert.equal(own.statusCode, 200);
    });
  });
}
