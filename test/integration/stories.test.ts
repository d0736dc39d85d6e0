// Stories through the whole app on SQLite and PostgreSQL: the automatic
// draft, the API and the editor's forms, reordering, who may write, hidden
// and forgotten posts leaving stories, the exports, the embed and oEmbed.
import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import type { Kysely } from 'kysely';
import type { DB, User } from '../../src/db/schema.ts';
import { databaseTargets } from '../support/databases.ts';
import { buildTestApp, form, formCsrf, type TestApp } from '../support/app.ts';
import { bearerFor, buildChat, buildUser, sessionCookieFor } from '../support/factories.ts';
import { CHAT_START, seedChat, seedPost } from './transcript-seed.ts';
import { forgetAuthors, resolveAuthors } from '../../src/consent/consent.service.ts';

interface StoryJson {
  id: string;
  url: string;
  title: string;
  introduction: string;
  status: string;
  curators: string[];
  sections: Array<{ id: string; heading: string; items: Array<{ id: string; kind: string; post?: { id: string; text: string }; text?: string; html?: string }> }>;
}

for (const target of databaseTargets()) {
  describe(`stories on ${target.kind}`, { skip: target.skip }, () => {
    let t: TestApp;
    let db: Kysely<DB>;
    let organizer: User;
    let ids: Record<string, number>;
    let slug: string;
    let linkPost: number;

    beforeEach(async () => {
      t = await buildTestApp(target.kind);
      db = t.database.db;
      const seeded = await seedChat(db);
      organizer = seeded.organizer;
      ids = seeded.ids;
      slug = seeded.chat.slug;
      const lee = (await db.selectFrom('authors').select('id').where('handle', '=', 'lee').executeTakeFirstOrThrow()).id;
      linkPost = await seedPost(db, seeded.chat.id, lee, { text: 'Our guide: https://example.org/guide. And https://example.org/guide again', minute: 22 });
    });
    afterEach(() => t.close());

    const call = async (user: User | null, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) => {
      const headers = user ? await bearerFor(db, user) : {};
      const response = await t.app.inject({ method, url: `/api/v1${url}`, headers, ...(payload ? { payload } : {}) });
      return { status: response.statusCode, body: response.body ? JSON.parse(response.body) : null };
    };
    const draft = async (): Promise<StoryJson> => {
      const created = await call(organizer, 'POST', '/stories', { chat: slug, draft: true });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      return created.body;
    };
    const postIds = (story: StoryJson) => story.sections.map((s) => s.items.filter((i) => i.kind === 'post').map((i) => Number(i.post!.id)));

    it('drafts a story: a section per question with its answers, other conversation, shared links', async () => {
      const story = await draft();
      assert.equal(story.status, 'draft');
      assert.match(story.title, /^Highlights: Test chat/);
      assert.match(story.introduction, /drafted from its \d+ posts/);
      assert.deepEqual(story.sections.map((s) => s.heading), ['Q1. First question?', 'Q2. Second question?', 'Other conversation', 'Links shared']);
      const [q1, q2, other] = postIds(story);
      assert.deepEqual(q1, [ids.a1!, ids.underQ1!, ids.reply!, ids.replyToReply!, ids.replyToHidden!], 'the five answers, in time order');
      assert.deepEqual(q2, [ids.a2!]);
      assert.deepEqual(other, [ids.intro!, ids.thanks!, linkPost], 'no boosts, no hidden or deleted posts');
      const links = story.sections[3]!.items[0]!;
      assert.equal(links.kind, 'text');
      assert.equal(links.text, '- <https://example.org/guide> (shared in 1 post)');
      assert.match(links.html!, /<a href="https:\/\/example.org\/guide"/);
    });

    it('drafts a story over several chats: each chat’s questions under its title, one list of links', async () => {
      const second = await buildChat(db, organizer, { title: 'Second chat', questions: [{ text: 'Only question?' }] });
      const priya = (await db.selectFrom('authors').select('id').where('handle', '=', 'priya').executeTakeFirstOrThrow()).id;
      const answer = await seedPost(db, second.id, priya, { text: 'A1 in the second chat https://example.org/two', minute: 3, answers: 1 });
      const created = await call(organizer, 'POST', '/stories', { chats: [slug, second.slug], draft: true });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const story: StoryJson = created.body;
      const first = story.sections[0]!.heading.split(' — ')[0]!;
      assert.match(story.title, /^Highlights: .+ and 1 more$/);
      assert.match(story.introduction, /Key moments of 2 chats/);
      assert.deepEqual(story.sections.map((s) => s.heading), [
        `${first} — Q1. First question?`, `${first} — Q2. Second question?`, `${first} — Other conversation`,
        'Second chat — Q1. Only question?', 'Second chat — Other conversation', 'Links shared',
      ]);
      assert.deepEqual(postIds(story)[3], [answer]);
      assert.equal(story.sections[5]!.items[0]!.text, '- <https://example.org/guide> (shared in 1 post)\n- <https://example.org/two> (shared in 1 post)');
    });

    it('keeps drafts to their curators and lists what each viewer may read', async () => {
      const story = await draft();
      const member = await buildUser(db);
      assert.equal((await call(null, 'GET', `/stories/${story.id}`)).status, 404);
      assert.equal((await call(member, 'GET', `/stories/${story.id}`)).status, 404);
      assert.equal((await t.app.inject({ url: `/stories/${story.id}`, headers: { accept: 'text/html' } })).statusCode, 404);
      assert.equal((await call(organizer, 'GET', `/stories/${story.id}`)).status, 200);
      assert.deepEqual((await call(null, 'GET', `/stories?chat=${slug}`)).body.stories, []);
      assert.equal((await call(organizer, 'GET', `/stories?chat=${slug}`)).body.stories.length, 1);
      await call(organizer, 'PATCH', `/stories/${story.id}`, { status: 'published' });
      const listed = (await call(null, 'GET', `/stories?chat=${slug}`)).body.stories;
      assert.deepEqual(listed.map((s: { id: string; status: string }) => [s.id, s.status]), [[story.id, 'published']]);
      assert.equal((await call(null, 'GET', '/stories?chat=no-such-chat')).body.error.field, 'chat');
    });

    it('refuses writes to everyone but the organizer, co-curators and admins', async () => {
      const story = await draft();
      await call(organizer, 'PATCH', `/stories/${story.id}`, { status: 'published' });
      const [member, otherOrganizer, moderator, admin, coCurator] = await Promise.all([
        buildUser(db),
        buildUser(db, { role: 'organizer' }),
        buildUser(db, { role: 'moderator' }),
        buildUser(db, { role: 'admin' }),
        buildUser(db, { handle: 'cocurator' }),
      ]);
      const patch = (user: User | null) => call(user, 'PATCH', `/stories/${story.id}`, { title: `By ${user?.handle ?? 'nobody'}` });
      assert.equal((await patch(null)).status, 401);
      assert.equal((await patch(member)).status, 403);
      assert.equal((await patch(otherOrganizer)).status, 403);
      assert.equal((await patch(moderator)).status, 403);
      assert.equal((await patch(coCurator)).status, 403, 'not invited yet');
      assert.equal((await patch(admin)).status, 200);
      assert.equal((await call(otherOrganizer, 'POST', '/stories', { chat: slug })).status, 403, 'only the chat’s organizer starts stories');
      assert.equal((await call(member, 'DELETE', `/stories/${story.id}`)).status, 403);

      const invited = await call(organizer, 'PATCH', `/stories/${story.id}`, { curators: ['@cocurator'] });
      assert.deepEqual(invited.body.curators, ['cocurator']);
      assert.equal((await patch(coCurator)).status, 200, 'co-curators edit');
      assert.equal((await call(coCurator, 'PATCH', `/stories/${story.id}`, { status: 'draft' })).status, 200, 'and unpublish');
      assert.equal((await call(coCurator, 'PATCH', `/stories/${story.id}`, { curators: [] })).status, 403, 'but do not invite');
      assert.equal((await call(coCurator, 'DELETE', `/stories/${story.id}`)).status, 403, 'nor delete');
      await call(organizer, 'PATCH', `/stories/${story.id}`, { status: 'published' });
      await db.updateTable('users').set({ bannedAt: Date.now() }).where('id', '=', coCurator.id).execute();
      assert.equal((await patch(coCurator)).status, 403, 'banned');
      const unknown = await call(organizer, 'PATCH', `/stories/${story.id}`, { curators: ['cocurator', 'nobody_here'] });
      assert.equal(unknown.status, 400);
      assert.equal(unknown.body.error.field, 'curators[1]');
      assert.equal((await call(admin, 'DELETE', `/stories/${story.id}`)).status, 204);
      assert.equal((await call(organizer, 'GET', `/stories/${story.id}`)).status, 404);
    });

    it('reorders through the API (whole structure) and keeps ids; bad input names the field and changes nothing', async () => {
      const story = await draft();
      const [q1, q2, other, links] = story.sections;
      const moved = q1!.items[0]!;
      const sections = [
        { id: q2!.id, heading: 'Second, first', items: [{ id: moved.id }, ...q2!.items.map((i) => ({ id: i.id }))] },
        { id: q1!.id, heading: q1!.heading, items: [...q1!.items.slice(1).map((i) => ({ id: i.id })), { text: 'A note *from* the curator' }] },
        { heading: 'New section', items: [{ post: String(ids.a2) === q2!.items[0]!.post!.id ? String(ids.thanks) : String(ids.a2) }] },
      ];
      // ids.thanks is in "Other conversation", which this request removes.
      const response = await call(organizer, 'PATCH', `/stories/${story.id}`, { sections });
      assert.equal(response.status, 200, JSON.stringify(response.body));
      const updated: StoryJson = response.body;
      assert.deepEqual(updated.sections.map((s) => s.heading), ['Second, first', 'Q1. First question?', 'New section']);
      assert.equal(updated.sections[0]!.items[0]!.id, moved.id, 'the moved item keeps its id');
      assert.deepEqual(postIds(updated)[0], [ids.a1!, ids.a2!]);
      assert.equal(updated.sections[1]!.items.at(-1)!.html, '<p>A note <em>from</em> the curator</p>\n');
      assert.ok(!updated.sections.some((s) => s.id === other!.id || s.id === links!.id));

      const bad = async (body: object, field: string) => {
        const refused = await call(organizer, 'PATCH', `/stories/${story.id}`, body);
        assert.equal(refused.status, 400, JSON.stringify(refused.body));
        assert.equal(refused.body.error.field, field, refused.body.error.message);
      };
      const otherChat = await buildChat(db, organizer);
      const stranger = await seedPost(db, otherChat.id, (await db.selectFrom('authors').select('id').executeTakeFirstOrThrow()).id, { text: 'elsewhere', minute: 1 });
      await bad({ sections: [{ heading: 'X', items: [{ post: String(stranger) }] }] }, 'sections[0].items[0].post');
      await bad({ sections: [{ heading: 'X', items: [{ post: String(ids.hidden) }] }] }, 'sections[0].items[0].post');
      await bad({ sections: [{ heading: 'X', items: [{ post: String(ids.a1) }, { post: String(ids.a1) }] }] }, 'sections[0].items[1].post');
      await bad({ sections: [{ heading: ' ', items: [] }] }, 'sections[0].heading');
      await bad({ sections: [{ id: '999999', heading: 'X', items: [] }] }, 'sections[0].id');
      await bad({ sections: [{ heading: 'X', items: [{}] }] }, 'sections[0].items[0]');
      await bad({ title: '  ' }, 'title');
      await bad({ status: 'secret' }, 'status');
      await bad({ colour: 'red' }, 'colour');
      const after: StoryJson & { version: number } = (await call(organizer, 'GET', `/stories/${story.id}`)).body;
      assert.deepEqual(after.sections, updated.sections, 'refused requests changed nothing');

      // Two curators editing at once: the one who saves on an old version is told, and nothing changes.
      const first = await call(organizer, 'PATCH', `/stories/${story.id}`, { title: 'First', baseVersion: after.version });
      assert.equal(first.status, 200);
      assert.ok(first.body.version > after.version);
      const stale = await call(organizer, 'PATCH', `/stories/${story.id}`, { title: 'Second', sections: [], baseVersion: after.version });
      assert.equal(stale.status, 409);
      assert.equal(stale.body.error.field, 'baseVersion');
      const kept = (await call(organizer, 'GET', `/stories/${story.id}`)).body;
      assert.equal(kept.title, 'First');
      assert.deepEqual(kept.sections, updated.sections);
    });

    it('edits with forms that work without JavaScript: move by keyboard buttons, add, rename, remove', async () => {
      const story = await draft();
      const cookie = await sessionCookieFor(db, organizer);
      const editPath = `/stories/${story.id}/edit`;
      const submit = async (fields: Record<string, string>) => {
        const csrf = await formCsrf(t.app, editPath, cookie);
        const body = form({ ...fields, _csrf: csrf.token });
        return t.app.inject({ method: 'POST', url: editPath, payload: body.payload, headers: { ...body.headers, cookie: csrf.cookie, accept: 'text/html' } });
      };
      const [q1, q2] = story.sections;
      const first = q1!.items[0]!.id;
      const moved = await submit({ op: 'move-item', item: first, direction: 'down' });
      assert.equal(moved.statusCode, 303);
      assert.equal(moved.headers.location, `${editPath}?focus=move-item-${first}-down`);
      let now: StoryJson = (await call(organizer, 'GET', `/stories/${story.id}`)).body;
      assert.deepEqual(postIds(now)[0]!.slice(0, 2), [ids.underQ1!, ids.a1!]);
      // Up at the top of a section carries the item to the end of the previous one.
      await submit({ op: 'move-item', item: q2!.items[0]!.id, direction: 'up' });
      now = (await call(organizer, 'GET', `/stories/${story.id}`)).body;
      assert.equal(postIds(now)[0]!.at(-1), ids.a2);
      assert.deepEqual(postIds(now)[1], []);
      assert.equal((await submit({ op: 'move-section', section: q2!.id, direction: 'up' })).statusCode, 303);
      assert.equal((await submit({ op: 'rename-section', section: q2!.id, heading: 'Renamed' })).statusCode, 303);
      assert.equal((await submit({ op: 'add-text', section: q2!.id, text: 'Curator words' })).statusCode, 303);
      assert.equal((await submit({ op: 'remove-item', item: first })).statusCode, 303);
      now = (await call(organizer, 'GET', `/stories/${story.id}`)).body;
      assert.deepEqual(now.sections.slice(0, 2).map((s) => s.heading), ['Renamed', 'Q1. First question?']);
      assert.equal(now.sections[0]!.items[0]!.text, 'Curator words');
      assert.ok(!postIds(now).flat().includes(ids.a1!));
      // Find a post, then add it.
      const found = await t.app.inject({ url: `${editPath}?q=answer+before&question=1`, headers: { cookie, accept: 'text/html' } });
      assert.match(found.body, /A1 We answer before they ask/);
      assert.equal((await submit({ op: 'add-post', section: q2!.id, post: String(ids.a1) })).statusCode, 303);
      now = (await call(organizer, 'GET', `/stories/${story.id}`)).body;
      assert.deepEqual(postIds(now)[0], [ids.a1!]);
      // A refused step re-renders the editor with the message.
      const refused = await submit({ op: 'add-post', section: q2!.id, post: String(ids.hidden) });
      assert.equal(refused.statusCode, 400);
      assert.match(refused.body, /post: no such post in this story’s chats/);
      // Inviting a co-curator by handle, and a handle nobody has.
      const invitee = await buildUser(db, { handle: 'helper' });
      const post = async (path: string, fields: Record<string, string>) => {
        const csrf = await formCsrf(t.app, editPath, cookie);
        const body = form({ ...fields, _csrf: csrf.token });
        return t.app.inject({ method: 'POST', url: path, payload: body.payload, headers: { ...body.headers, cookie: csrf.cookie, accept: 'text/html' } });
      };
      assert.equal((await post(`/stories/${story.id}/curators`, { handle: '@helper' })).statusCode, 303);
      assert.deepEqual((await call(organizer, 'GET', `/stories/${story.id}`)).body.curators, ['helper']);
      const nobody = await post(`/stories/${story.id}/curators`, { handle: '@nobody_at_all' });
      assert.equal(nobody.statusCode, 400);
      assert.match(nobody.body, /handle: no member with the handle @nobody_at_all/);
      assert.equal((await call(invitee, 'PATCH', `/stories/${story.id}`, { title: 'By the helper' })).status, 200);
      assert.equal((await post(`/stories/${story.id}/curators/${invitee.id}/remove`, {})).statusCode, 303);
      assert.equal((await call(invitee, 'PATCH', `/stories/${story.id}`, { title: 'Again' })).status, 404, 'a draft again invisible to them');
      // Publishing with the form shows the story as readers see it.
      const published = await post(`/stories/${story.id}/status`, { status: 'published' });
      assert.equal(published.headers.location, `/stories/${story.id}`);
      assert.equal((await call(null, 'GET', `/stories/${story.id}`)).status, 200);
      // Other people's forms are refused.
      const member = await buildUser(db);
      const memberCookie = await sessionCookieFor(db, member);
      const csrf = await formCsrf(t.app, `/chats/${slug}`, memberCookie);
      const body = form({ op: 'remove-section', section: q2!.id, _csrf: csrf.token });
      const denied = await t.app.inject({ method: 'POST', url: editPath, payload: body.payload, headers: { ...body.headers, cookie: csrf.cookie, accept: 'text/html' } });
      assert.equal(denied.statusCode, 403, 'a member may read the published story but not edit it');
    });

    it('hides hidden posts and loses forgotten ones, everywhere the story is read', async () => {
      const story = await draft();
      await call(organizer, 'PATCH', `/stories/${story.id}`, { status: 'published' });
      await db.updateTable('posts').set({ hiddenAt: Date.now() }).where('id', '=', ids.a1!).execute();
      let now: StoryJson = (await call(null, 'GET', `/stories/${story.id}`)).body;
      assert.ok(!postIds(now).flat().includes(ids.a1!));
      const page = await t.app.inject({ url: `/stories/${story.id}`, headers: { accept: 'text/html' } });
      assert.ok(!page.body.includes('We answer before they ask'));
      assert.ok(!(await t.app.inject({ url: `/stories/${story.id}.md` })).body.includes('We answer before they ask'));
      // Saving the structure the client saw keeps the hidden item; unhiding brings it back.
      const sections = now.sections.map((s) => ({ id: s.id, heading: s.heading, items: s.items.map((i) => ({ id: i.id })) }));
      assert.equal((await call(organizer, 'PATCH', `/stories/${story.id}`, { sections })).status, 200);
      await db.updateTable('posts').set({ hiddenAt: null }).where('id', '=', ids.a1!).execute();
      now = (await call(null, 'GET', `/stories/${story.id}`)).body;
      assert.ok(postIds(now).flat().includes(ids.a1!));

      // Consent removal deletes Priya's posts: their items go with them.
      const authors = await resolveAuthors(db, 'priya');
      await forgetAuthors(db, { authors, mode: 'remove', requestedBy: '@priya', performedBy: { userId: null, label: 'test', via: 'cli' }, reason: '' });
      now = (await call(null, 'GET', `/stories/${story.id}`)).body;
      assert.ok(!postIds(now).flat().includes(ids.a1!));
      assert.ok(!postIds(now).flat().includes(ids.replyToReply!));
      const left = await db.selectFrom('storyItems').select('id').where('postId', 'in', [ids.a1!, ids.replyToReply!]).execute();
      assert.deepEqual(left, [], 'the rows are gone, not just filtered');
    });

    it('exports HTML, Markdown and JSON, and embeds with oEmbed and an iframe page', async () => {
      await db.updateTable('posts').set({ sourceUrl: 'https://twitter.com/priya/status/1' }).where('id', '=', ids.a1!).execute();
      await db.updateTable('posts').set({ sourceUrl: 'javascript:alert(1)' }).where('id', '=', ids.reply!).execute();
      const story = await draft();
      await call(organizer, 'PATCH', `/stories/${story.id}`, { status: 'published', title: 'Q&A <night> *best*' });
      const json = await t.app.inject({ url: `/stories/${story.id}.json` });
      assert.equal(json.statusCode, 200);
      assert.deepEqual(JSON.parse(json.body), (await call(null, 'GET', `/stories/${story.id}`)).body);
      const md = await t.app.inject({ url: `/stories/${story.id}.md` });
      assert.match(md.headers['content-type'] as string, /^text\/markdown/);
      assert.ok(md.body.startsWith('# Q&A \\<night\\> \\*best\\*\n'), md.body.slice(0, 80));
      assert.match(md.body, /## Q1\\?. First question\?|## Q1. First question\?/);
      assert.match(md.body, /> Thanks Lee \\<3 & more/);
      assert.match(md.body, /· \[original\]\(<https:\/\/twitter.com\/priya\/status\/1>\)/);
      assert.ok(!md.body.includes('javascript:'), 'only http(s) originals become links');
      assert.match(md.body, new RegExp(`\\[[^\\]]+\\]\\(<http://musesocial.test/chats/${slug}/posts/${ids.a1}>\\)`));
      const html = await t.app.inject({ url: `/stories/${story.id}.html` });
      assert.match(html.body, /<title>Q&amp;A &lt;night> \*best\*<\/title>/);
      assert.match(html.headers['content-security-policy'] as string, /^default-src 'none'; style-src 'sha256-/);
      assert.match(html.body, /<a href="https:\/\/twitter.com\/priya\/status\/1">original<\/a>/);
      assert.ok(!html.body.includes('javascript:'));
      assert.match(html.body, /A1 We answer before they ask <a class="post-hashtag" href="http:\/\/musesocial\.test\/search\?q=%23testchat">#testchat<\/a>/, 'hashtags lead to the site, as a downloaded file needs');
      const download = await t.app.inject({ url: `/stories/${story.id}/export?format=md` });
      assert.equal(download.headers['content-disposition'], `attachment; filename="story-${story.id}.md"`);
      assert.equal((await t.app.inject({ url: `/stories/${story.id}/export?format=pdf` })).statusCode, 400);

      const page = await t.app.inject({ url: `/stories/${story.id}`, headers: { accept: 'text/html' } });
      assert.equal(page.headers['x-frame-options'], 'SAMEORIGIN');
      assert.match(page.body, /<link rel="alternate" type="application\/json\+oembed" href="http:\/\/musesocial.test\/oembed\?url=/);
      const embed = await t.app.inject({ url: `/stories/${story.id}/embed` });
      assert.equal(embed.statusCode, 200);
      assert.equal(embed.headers['x-frame-options'], undefined);
      assert.match(embed.headers['content-security-policy'] as string, /frame-ancestors \*/);
      assert.match(embed.body, /Thanks Lee &lt;3 &amp; more/);

      const url = encodeURIComponent(`http://musesocial.test/stories/${story.id}`);
      const oembed = await t.app.inject({ url: `/oembed?url=${url}&format=json&maxwidth=400` });
      assert.equal(oembed.statusCode, 200);
      const answer = JSON.parse(oembed.body);
      assert.equal(answer.type, 'rich');
      assert.equal(answer.version, '1.0');
      assert.equal(answer.width, 400);
      assert.match(answer.html, new RegExp(`^<iframe src="http://musesocial.test/stories/${story.id}/embed" width="400" height="800" title="Q&amp;A &lt;night&gt; \\*best\\*"`));
      assert.equal((await t.app.inject({ url: `/oembed?url=${url}&format=xml` })).statusCode, 501);
      assert.equal((await t.app.inject({ url: `/oembed?url=${encodeURIComponent(`https://elsewhere.test/stories/${story.id}`)}` })).statusCode, 404);
      assert.equal((await t.app.inject({ url: '/oembed?url=not-a-url' })).statusCode, 400);
      await call(organizer, 'PATCH', `/stories/${story.id}`, { status: 'draft' });
      assert.equal((await t.app.inject({ url: `/oembed?url=${url}` })).statusCode, 404, 'drafts do not embed');
    });

    it('links stories from the chat page and transcript, with "Draft a story" for the organizer', async () => {
      const cookie = await sessionCookieFor(db, organizer);
      const chatPage = await t.app.inject({ url: `/chats/${slug}`, headers: { cookie, accept: 'text/html' } });
      assert.match(chatPage.body, new RegExp(`<form method="post" action="/chats/${slug}/stories"`));
      assert.ok(!(await t.app.inject({ url: `/chats/${slug}`, headers: { accept: 'text/html' } })).body.includes('Draft a story'));
      const csrf = await formCsrf(t.app, `/chats/${slug}`, cookie);
      const body = form({ _csrf: csrf.token });
      const drafted = await t.app.inject({ method: 'POST', url: `/chats/${slug}/stories`, payload: body.payload, headers: { ...body.headers, cookie: csrf.cookie } });
      assert.equal(drafted.statusCode, 303);
      const id = /^\/stories\/(\d+)\/edit$/.exec(drafted.headers.location as string)?.[1];
      assert.ok(id);
      const editor = await t.app.inject({ url: `/stories/${id}/edit`, headers: { cookie, accept: 'text/html' } });
      assert.match(editor.body, /How the automatic draft chose its posts/);
      assert.match(editor.body, /3 points per reply, 2 per boost and 1 per like/);
      await call(organizer, 'PATCH', `/stories/${id}`, { status: 'published' });
      const transcript = await t.app.inject({ url: `/chats/${slug}/transcript`, headers: { accept: 'text/html' } });
      assert.match(transcript.body, new RegExp(`<a href="/stories/${id}">Highlights: `));
      const publicChat = await t.app.inject({ url: `/chats/${slug}`, headers: { accept: 'text/html' } });
      assert.match(publicChat.body, new RegExp(`<a href="/stories/${id}">Highlights: `));
    });

    it('offers a series story on the chat page and drafts it over the series’ chats that have begun', async () => {
      const earlier = await buildChat(db, organizer, { title: 'Earlier chat', startsInHours: (CHAT_START - 7 * 86_400_000 - Date.now()) / 3_600_000, questions: [{ text: 'Old question?' }] });
      const future = await buildChat(db, organizer, { title: 'Future chat', startsInHours: 24 * 7 });
      const chatId = (await db.selectFrom('chats').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
      await db.updateTable('chats').set({ seriesKey: 'test-series' }).where('id', 'in', [chatId, earlier.id, future.id]).execute();
      const cookie = await sessionCookieFor(db, organizer);
      const chatPage = await t.app.inject({ url: `/chats/${slug}`, headers: { cookie, accept: 'text/html' } });
      assert.match(chatPage.body, /Draft a story of the series/);
      assert.match(chatPage.body, /series’ 2 chats so far/, 'the future chat is not counted');
      const csrf = await formCsrf(t.app, `/chats/${slug}`, cookie);
      const body = form({ _csrf: csrf.token, scope: 'series' });
      const drafted = await t.app.inject({ method: 'POST', url: `/chats/${slug}/stories`, payload: body.payload, headers: { ...body.headers, cookie: csrf.cookie } });
      assert.equal(drafted.statusCode, 303, drafted.body);
      const id = /^\/stories\/(\d+)\/edit$/.exec(drafted.headers.location as string)![1];
      const story: StoryJson = (await call(organizer, 'GET', `/stories/${id}`)).body;
      assert.deepEqual(story.sections.slice(0, 2).map((s) => s.heading), ['Earlier chat — Q1. Old question?', 'Earlier chat — Other conversation'], 'oldest chat first');
      assert.ok(story.sections.some((s) => s.heading.endsWith(' — Q2. Second question?')));
      assert.ok(!story.sections.some((s) => s.heading.startsWith('Future chat')));
    });

    it('describes the API in the OpenAPI document', async () => {
      const doc = JSON.parse((await t.app.inject({ url: '/api/openapi.json' })).body);
      assert.ok(doc.paths['/api/v1/stories'].get && doc.paths['/api/v1/stories'].post);
      const one = doc.paths['/api/v1/stories/{id}'];
      assert.ok(one.get && one.patch && one.delete);
      assert.deepEqual(one.patch.tags, ['stories']);
      const missing = await call(organizer, 'POST', '/stories', {});
      assert.equal(missing.status, 400);
      assert.equal(missing.body.error.field, 'chat');
    });
  });
}
