import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import type { User } from '../../src/db/schema.ts';
import { databaseTargets } from '../support/databases.ts';
import { buildTestApp, form, formCsrf, type TestApp } from '../support/app.ts';
import { bearerFor, buildChat, buildUser, sessionCookieFor } from '../support/factories.ts';

const venue = { name: 'The Met', address: '1000 5th Ave, New York' };

for (const target of databaseTargets()) {
  describe(`RSVPs and places on ${target.kind}`, { skip: target.skip }, () => {
    let t: TestApp;
    let tokens: Map<number, { authorization: string }>;
    beforeEach(async () => {
      t = await buildTestApp(target.kind);
      tokens = new Map();
    });
    afterEach(() => t.close());

    /** A JSON API call as `user` (anonymous when null); returns the status and parsed body. */
    async function api(method: 'GET' | 'PUT' | 'POST' | 'DELETE', url: string, user: User | null, payload?: object) {
      let headers = {};
      if (user) {
        if (!tokens.has(user.id)) tokens.set(user.id, await bearerFor(t.database.db, user));
        headers = tokens.get(user.id)!;
      }
      const response = await t.app.inject({ method, url: `/api/v1${url}`, headers, ...(payload ? { payload } : {}) });
      return { status: response.statusCode, body: JSON.parse(response.body) };
    }

    async function members(count: number, prefix = 'member'): Promise<User[]> {
      const users: User[] = [];
      for (let i = 0; i < count; i++) users.push(await buildUser(t.database.db, { handle: `${prefix}_${i}` }));
      return users;
    }

    /** A hybrid (or in-person) chat by a fresh organizer, with place settings applied through the API. */
    async function chatWithPlaces(settings: object, kind: 'hybrid' | 'in_person' = 'hybrid', hosts?: string[]) {
      const organizer = await buildUser(t.database.db, { handle: `org_${kind}`, role: 'organizer' });
      const chat = await buildChat(t.database.db, organizer, { kind, venue, ...(hosts ? { hosts } : {}) });
      const put = await api('PUT', `/chats/${chat.slug}/places`, organizer, settings);
      assert.equal(put.status, 200, JSON.stringify(put.body));
      return { organizer, chat, slug: chat.slug };
    }

    const takePlace = (slug: string, user: User, answer?: string) => api('POST', `/chats/${slug}/rsvp`, user, { response: 'place', ...(answer ? { answer } : {}) });
    const statusOf = async (slug: string, user: User) => (await api('GET', `/chats/${slug}/rsvps`, user)).body.mine;

    it('gives first-come places while they last, waitlists the rest in order, and promotes on cancel', async () => {
      const { slug } = await chatWithPlaces({ capacity: 2, mode: 'first_come' });
      const [a, b, c, d] = await members(4);
      const results = [];
      for (const member of [a!, b!, c!, d!]) results.push(await takePlace(slug, member));
      assert.deepEqual(
        results.map((r) => [r.status, r.body.mine.status, r.body.mine.waitlistPosition]),
        [
          [200, 'confirmed', null],
          [200, 'confirmed', null],
          [200, 'waitlisted', 1],
          [200, 'waitlisted', 2],
        ],
      );
      const places = await api('GET', `/chats/${slug}/places`, null);
      assert.deepEqual(places.body, { capacity: 2, mode: 'first_come', question: null, open: true, taken: 2, left: 0, waitlisted: 2, applied: 0 });

      // Asking again changes nothing (no second row, no new waitlist position).
      assert.equal((await takePlace(slug, d!)).body.mine.waitlistPosition, 2);

      const cancelled = await api('DELETE', `/chats/${slug}/rsvp`, a!);
      assert.equal(cancelled.status, 200);
      assert.equal(cancelled.body.mine.status, 'cancelled');
      assert.equal((await statusOf(slug, c!)).status, 'confirmed', 'the head of the waitlist got the freed place');
      assert.deepEqual(await statusOf(slug, d!).then((m) => [m.status, m.waitlistPosition]), ['waitlisted', 1]);
      assert.equal(cancelled.body.summary.places.taken, 2);

      // Leaving the waitlist frees no place and promotes nobody.
      await api('DELETE', `/chats/${slug}/rsvp`, d!);
      const after = await api('GET', `/chats/${slug}/places`, null);
      assert.deepEqual([after.body.taken, after.body.waitlisted], [2, 0]);

      // Coming back after cancelling goes to the end of the line.
      assert.equal((await takePlace(slug, a!)).body.mine.status, 'waitlisted');
    });

    it('never evicts anybody when the capacity is lowered, and promotes the waitlist when it is raised', async () => {
      const { slug, organizer } = await chatWithPlaces({ capacity: 2, mode: 'first_come' });
      const [a, b, c, d] = await members(4);
      for (const member of [a!, b!, c!, d!]) await takePlace(slug, member);

      const lowered = await api('PUT', `/chats/${slug}/places`, organizer, { capacity: 1, mode: 'first_come' });
      assert.deepEqual([lowered.body.taken, lowered.body.left, lowered.body.waitlisted], [2, 0, 2]);
      assert.equal((await statusOf(slug, b!)).status, 'confirmed');

      // Still over the new capacity after one cancellation: nobody moves up.
      await api('DELETE', `/chats/${slug}/rsvp`, a!);
      assert.equal((await statusOf(slug, c!)).status, 'waitlisted');

      const raised = await api('PUT', `/chats/${slug}/places`, organizer, { capacity: 3, mode: 'first_come' });
      assert.deepEqual([raised.body.taken, raised.body.left, raised.body.waitlisted], [3, 0, 0]);
      assert.equal((await statusOf(slug, d!)).status, 'confirmed');
    });

    it('lets organizers accept, waitlist and decline applications, only accepting while places are left', async () => {
      const { slug, organizer } = await chatWithPlaces({ capacity: 1, mode: 'application', question: 'Which museum are you with?' }, 'in_person');
      const [a, b] = await members(2);

      const unanswered = await takePlace(slug, a!);
      assert.equal(unanswered.status, 400);
      assert.equal(unanswered.body.error.field, 'answer');
      assert.match(unanswered.body.error.message, /answer: please answer the organizers’ question: Which museum are you with\?/);
      assert.equal(await statusOf(slug, a!), null, 'nothing saved');

      assert.equal((await takePlace(slug, a!, 'The Met')).body.mine.status, 'applied');
      assert.equal((await takePlace(slug, b!, 'MoMA')).body.mine.status, 'applied');
      assert.equal((await api('GET', `/chats/${slug}/places`, null)).body.applied, 2);

      const decide = (user: User, decision: string) => api('POST', `/chats/${slug}/rsvps/${user.handle}/decision`, organizer, { decision });
      const accepted = await decide(a!, 'accept');
      assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
      assert.equal(accepted.body.rsvp.status, 'accepted');
      assert.equal(accepted.body.rsvp.decidedBy, organizer.handle);
      assert.equal(accepted.body.rsvp.answer, 'The Met');
      assert.ok(accepted.body.rsvp.decidedAt);

      const full = await decide(b!, 'accept');
      assert.equal(full.status, 409);
      assert.equal(full.body.error.field, 'decision');
      assert.match(full.body.error.message, /no places left \(1 of 1 taken\)/);

      const waitlisted = await decide(b!, 'waitlist');
      assert.deepEqual([waitlisted.body.rsvp.status, waitlisted.body.rsvp.waitlistPosition], ['waitlisted', 1]);

      // In application mode a freed place is the organizers' to give: no automatic promotion.
      const declined = await decide(a!, 'decline');
      assert.equal(declined.body.rsvp.status, 'declined');
      assert.equal((await statusOf(slug, b!)).status, 'waitlisted');
      assert.equal((await decide(b!, 'accept')).body.rsvp.status, 'accepted');

      const again = await takePlace(slug, a!, 'Please?');
      assert.equal(again.status, 409);
      assert.equal(again.body.error.field, 'response');
      assert.match(again.body.error.message, /declined/);

      const list = await api('GET', `/chats/${slug}/rsvps`, organizer);
      assert.equal(list.body.canManage, true);
      assert.deepEqual(
        list.body.rsvps.map((r: { handle: string; status: string }) => [r.handle, r.status]),
        [
          [b!.handle, 'accepted'],
          [a!.handle, 'declined'],
        ],
      );
    });

    it('keeps decisions to the organizer, the chat’s hosts, moderators and admins', async () => {
      const host = await buildUser(t.database.db, { handle: 'the_host' });
      const { slug } = await chatWithPlaces({ capacity: 5, mode: 'application' }, 'hybrid', ['the_host']);
      const [applicant, bystander] = await members(2);
      await takePlace(slug, applicant!);
      const decision = (user: User | null) => api('POST', `/chats/${slug}/rsvps/${applicant!.handle}/decision`, user, { decision: 'accept' });

      assert.equal((await decision(null)).status, 401);
      const byMember = await decision(bystander!);
      assert.equal(byMember.status, 403);
      assert.equal(byMember.body.error.code, 'forbidden');
      assert.equal((await decision(applicant!)).status, 403, 'not even on their own application');

      const otherHost = await buildUser(t.database.db, { handle: 'other_host' });
      const otherOrganizer = await buildUser(t.database.db, { handle: 'other_org', role: 'organizer' });
      await buildChat(t.database.db, otherOrganizer, { hosts: ['other_host'] });
      assert.equal((await decision(otherHost)).status, 403, 'a host of another chat');
      assert.equal((await decision(otherOrganizer)).status, 403, 'another chat’s organizer');
      assert.equal((await api('PUT', `/chats/${slug}/places`, bystander!, { capacity: 1, mode: 'first_come' })).status, 403);
      assert.equal((await api('GET', `/chats/${slug}/rsvps`, bystander!)).body.rsvps.length, 0, 'members do not see the list');
      assert.equal((await statusOf(slug, applicant!)).status, 'applied', 'nothing was decided');

      assert.equal((await decision(host)).status, 200, 'a host of this chat');
      const moderator = await buildUser(t.database.db, { handle: 'mod', role: 'moderator' });
      const admin = await buildUser(t.database.db, { handle: 'boss', role: 'admin' });
      assert.equal((await api('POST', `/chats/${slug}/rsvps/${applicant!.handle}/decision`, moderator, { decision: 'decline' })).status, 200);
      assert.equal((await api('POST', `/chats/${slug}/rsvps/${applicant!.handle}/decision`, admin, { decision: 'waitlist' })).status, 200);
      assert.equal((await api('POST', `/chats/${slug}/rsvps/nobody_here/decision`, admin, { decision: 'accept' })).status, 404);
    });

    it('takes going / interested on online chats, which have no places', async () => {
      const organizer = await buildUser(t.database.db, { role: 'organizer' });
      const chat = await buildChat(t.database.db, organizer);
      const [a, b] = await members(2);

      assert.equal((await api('POST', `/chats/${chat.slug}/rsvp`, a!, { response: 'going' })).body.mine.status, 'going');
      const switched = await api('POST', `/chats/${chat.slug}/rsvp`, a!, { response: 'interested' });
      assert.deepEqual(switched.body.summary, { kind: 'online', places: null, online: { going: 0, interested: 1 } });
      const going = await api('POST', `/chats/${chat.slug}/rsvp`, b!, { response: 'going' });
      assert.deepEqual(going.body.summary.online, { going: 1, interested: 1 });
      assert.equal(going.body.mine.attendance, 'online');

      const place = await api('POST', `/chats/${chat.slug}/rsvp`, a!, { response: 'place' });
      assert.equal(place.status, 400);
      assert.equal(place.body.error.field, 'response');
      const maybe = await api('POST', `/chats/${chat.slug}/rsvp`, a!, { response: 'maybe' });
      assert.equal(maybe.status, 400);
      assert.equal(maybe.body.error.field, 'response');

      assert.equal((await api('GET', `/chats/${chat.slug}/places`, null)).status, 404);
      const put = await api('PUT', `/chats/${chat.slug}/places`, organizer, { capacity: 10, mode: 'first_come' });
      assert.equal(put.status, 409);
      assert.equal(put.body.error.field, 'kind');

      assert.equal((await api('DELETE', `/chats/${chat.slug}/rsvp`, b!)).body.summary.online.going, 0);
      assert.equal((await api('POST', `/chats/${chat.slug}/rsvp`, null, { response: 'going' })).status, 401);
    });

    it('gives a hybrid place back when its holder follows online instead', async () => {
      const { slug } = await chatWithPlaces({ capacity: 1, mode: 'first_come' });
      const [a, b] = await members(2);
      await takePlace(slug, a!);
      assert.equal((await takePlace(slug, b!)).body.mine.status, 'waitlisted');
      const online = await api('POST', `/chats/${slug}/rsvp`, a!, { response: 'going' });
      assert.deepEqual([online.body.mine.status, online.body.mine.attendance], ['going', 'online']);
      assert.equal((await statusOf(slug, b!)).status, 'confirmed');
      assert.deepEqual(online.body.summary.online, { going: 1, interested: 0 });
    });

    it('names the wrong field in place settings', async () => {
      const { slug, organizer } = await chatWithPlaces({ capacity: 3, mode: 'first_come' });
      const cases: Array<[object, string]> = [
        [{ capacity: 0, mode: 'first_come' }, 'capacity'],
        [{ capacity: 'many', mode: 'first_come' }, 'capacity'],
        [{ capacity: 3, mode: 'lottery' }, 'mode'],
        [{ capacity: 3 }, 'mode'],
        [{ capacity: 3, mode: 'first_come', question: 'x'.repeat(1001) }, 'question'],
        [{ capacity: 3, mode: 'first_come', extra: true }, 'extra'],
      ];
      for (const [payload, field] of cases) {
        const response = await api('PUT', `/chats/${slug}/places`, organizer, payload);
        assert.equal(response.status, 400, JSON.stringify(payload));
        assert.equal(response.body.error.field, field, JSON.stringify(response.body));
      }
      assert.equal((await api('GET', `/chats/${slug}/places`, null)).body.capacity, 3, 'unchanged');
    });

    it('gives the last places to exactly `capacity` people when they all ask at once', async () => {
      const { slug } = await chatWithPlaces({ capacity: 3, mode: 'first_come' });
      const crowd = await members(8, 'crowd');
      for (const member of crowd) tokens.set(member.id, await bearerFor(t.database.db, member));
      const results = await Promise.all(crowd.map((member) => takePlace(slug, member)));
      assert.deepEqual(
        results.map((r) => r.status),
        crowd.map(() => 200),
      );
      const statuses = results.map((r) => r.body.mine.status).sort();
      assert.deepEqual(statuses, ['confirmed', 'confirmed', 'confirmed', 'waitlisted', 'waitlisted', 'waitlisted', 'waitlisted', 'waitlisted']);
      const positions = (await Promise.all(crowd.map((m) => statusOf(slug, m)))).map((m) => m.waitlistPosition).filter((p) => p !== null);
      assert.deepEqual(positions.sort(), [1, 2, 3, 4, 5]);

      // The same member double-clicking: one row, one answer.
      const [twice] = await members(1, 'twice');
      const both = await Promise.all([takePlace(slug, twice!), takePlace(slug, twice!)]);
      assert.deepEqual(both.map((r) => r.status), [200, 200]);
      const places = await api('GET', `/chats/${slug}/places`, null);
      assert.deepEqual([places.body.taken, places.body.waitlisted], [3, 6]);
    });

    it('closes RSVPs when the chat has ended and keeps drafts out of reach', async () => {
      const organizer = await buildUser(t.database.db, { role: 'organizer' });
      const past = await buildChat(t.database.db, organizer, { startsInHours: -5 });
      const draft = await buildChat(t.database.db, organizer, { status: 'draft' });
      const [member] = await members(1);
      const ended = await api('POST', `/chats/${past.slug}/rsvp`, member!, { response: 'going' });
      assert.equal(ended.status, 403);
      assert.match(ended.body.error.message, /ended/);
      assert.equal((await api('POST', `/chats/${draft.slug}/rsvp`, member!, { response: 'going' })).status, 404);
      assert.equal((await api('POST', `/chats/${draft.slug}/rsvp`, organizer, { response: 'going' })).status, 403);
    });

    it('exports the attendee list as CSV for organizers, with formulas defused', async () => {
      const { slug, organizer } = await chatWithPlaces({ capacity: 1, mode: 'first_come', question: 'Dietary needs?' });
      const sneaky = await buildUser(t.database.db, { handle: 'sneaky', displayName: '=HYPERLINK("http://evil.example")' });
      const [plain] = await members(1);
      await takePlace(slug, plain!, 'None, thanks');
      await takePlace(slug, sneaky, '@SUM(A1:A9)');

      const csv = await t.app.inject({ url: `/chats/${slug}/attendees.csv`, headers: { cookie: await sessionCookieFor(t.database.db, organizer) } });
      assert.equal(csv.statusCode, 200);
      assert.match(String(csv.headers['content-type']), /^text\/csv/);
      assert.equal(csv.headers['content-disposition'], `attachment; filename="${slug}-attendees.csv"`);
      const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\n');
      assert.equal(lines.length, 3);
      assert.match(lines[0]!, /^handle,display_name,status,status_label,attendance,waitlist_position,answer,created_at/);
      assert.match(lines[1]!, new RegExp(`^${plain!.handle},Test ${plain!.handle},confirmed,Has a place,in_person,,"None, thanks",\\d{4}-`));
      assert.match(lines[2]!, /^sneaky,"'=HYPERLINK\(""http:\/\/evil\.example""\)",waitlisted,Waitlisted,in_person,1,'@SUM\(A1:A9\),/);

      const denied = await t.app.inject({ url: `/chats/${slug}/attendees.csv`, headers: { cookie: await sessionCookieFor(t.database.db, plain!) } });
      assert.equal(denied.statusCode, 403);
      assert.doesNotMatch(denied.body, /None, thanks/);
    });

    it('shows the RSVP panel on the chat page and takes its forms without JavaScript', async () => {
      const { slug } = await chatWithPlaces({ capacity: 1, mode: 'first_come', question: 'Which museum are you with?' });
      const anonymous = await t.app.inject({ url: `/chats/${slug}`, headers: { accept: 'text/html' } });
      assert.match(anonymous.body, /<section class="rsvp-panel" id="rsvp"/);
      assert.match(anonymous.body, /<strong>1<\/strong> of 1 place left/);
      assert.match(anonymous.body, new RegExp(`href="/login\\?next=%2Fchats%2F${slug}">Sign in</a> to RSVP`));

      const [member] = await members(1);
      const cookie = await sessionCookieFor(t.database.db, member!);
      const csrf = await formCsrf(t.app, `/chats/${slug}`, cookie);
      const post = (url: string, fields: Record<string, string>) =>
        t.app.inject({ method: 'POST', url, ...form({ ...fields, _csrf: csrf.token }), headers: { ...form({}).headers, cookie: csrf.cookie, accept: 'text/html' } });

      const missing = await post(`/chats/${slug}/rsvp`, { response: 'place', answer: '' });
      assert.equal(missing.statusCode, 422);
      assert.match(missing.body, /class="field-error" id="field-answer-error">please answer the organizers’ question/);
      assert.match(missing.body, /aria-invalid="true"/);

      const taken = await post(`/chats/${slug}/rsvp`, { response: 'place', answer: 'The <b>Met</b>' });
      assert.equal(taken.statusCode, 303);
      assert.equal(taken.headers.location, `/chats/${slug}#rsvp`);
      const page = await t.app.inject({ url: `/chats/${slug}`, headers: { cookie, accept: 'text/html' } });
      assert.match(page.body, /You have a place at the venue\./);
      assert.match(page.body, /Your answer: The &lt;b>Met&lt;\/b>/, 'answers are escaped');
      assert.match(page.body, />Cancel my place</);
      assert.match(page.body, /<strong>0<\/strong> of 1 place left/);

      const forged = await t.app.inject({ method: 'POST', url: `/chats/${slug}/rsvp/cancel`, ...form({ _csrf: 'forged' }), headers: { ...form({}).headers, cookie: csrf.cookie } });
      assert.equal(forged.statusCode, 403);
      const cancelled = await post(`/chats/${slug}/rsvp/cancel`, {});
      assert.equal(cancelled.statusCode, 303);
      const after = await t.app.inject({ url: `/chats/${slug}`, headers: { cookie, accept: 'text/html' } });
      assert.match(after.body, /You cancelled your RSVP\./);
      assert.match(after.body, />Take a place</);
    });

    it('describes its routes in the OpenAPI document', async () => {
      const doc = JSON.parse((await t.app.inject({ url: '/api/openapi.json' })).body);
      assert.ok(doc.paths['/api/v1/chats/{slug}/places'].put.requestBody, 'PUT places');
      assert.ok(doc.paths['/api/v1/chats/{slug}/places'].get);
      assert.ok(doc.paths['/api/v1/chats/{slug}/rsvps'].get);
      assert.ok(doc.paths['/api/v1/chats/{slug}/rsvp'].post.requestBody);
      assert.ok(doc.paths['/api/v1/chats/{slug}/rsvp'].delete);
      assert.ok(doc.paths['/api/v1/chats/{slug}/rsvps/{handle}/decision'].post.requestBody);
    });

    it('serves the attendees page with place settings and decisions to organizers only', async () => {
      const { slug, organizer } = await chatWithPlaces({ capacity: 1, mode: 'application' });
      const [a, b] = await members(2);
      await takePlace(slug, a!);
      await takePlace(slug, b!);

      const cookie = await sessionCookieFor(t.database.db, organizer);
      const page = await t.app.inject({ url: `/chats/${slug}/attendees`, headers: { cookie, accept: 'text/html' } });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<h1>Attendees<\/h1>/);
      assert.match(page.body, new RegExp(`action="/chats/${slug}/attendees/${a!.handle}/decision"`));
      assert.match(page.body, /href="\/chats\/[^"]+\/attendees\.csv"/);

      const memberPage = await t.app.inject({ url: `/chats/${slug}/attendees`, headers: { cookie: await sessionCookieFor(t.database.db, a!), accept: 'text/html' } });
      assert.equal(memberPage.statusCode, 403);

      const csrf = await formCsrf(t.app, `/chats/${slug}/attendees`, cookie);
      const post = (url: string, fields: Record<string, string>) =>
        t.app.inject({ method: 'POST', url, ...form({ ...fields, _csrf: csrf.token }), headers: { ...form({}).headers, cookie: csrf.cookie, accept: 'text/html' } });

      const bad = await post(`/chats/${slug}/attendees/places`, { capacity: 'ten', mode: 'application', question: 'Kept?' });
      assert.equal(bad.statusCode, 422);
      assert.match(bad.body, /id="field-capacity-error">must be a whole number/);
      assert.match(bad.body, /Kept\?<\/textarea>/, 'the form keeps what was typed');

      const accept = await post(`/chats/${slug}/attendees/${a!.handle}/decision`, { decision: 'accept' });
      assert.equal(accept.statusCode, 303);
      const full = await post(`/chats/${slug}/attendees/${b!.handle}/decision`, { decision: 'accept' });
      assert.equal(full.statusCode, 409);
      assert.match(full.body, new RegExp(`@${b!.handle}: No places left \\(1 of 1 taken\\)`));

      const saved = await post(`/chats/${slug}/attendees/places`, { capacity: '2', mode: 'first_come', question: '', open: '1' });
      assert.equal(saved.statusCode, 303);
      assert.equal(saved.headers.location, `/chats/${slug}/attendees?saved=places`);
      const places = await api('GET', `/chats/${slug}/places`, null);
      assert.deepEqual([places.body.capacity, places.body.mode, places.body.question, places.body.open], [2, 'first_come', null, true]);
    });
  });
}
