import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { RouteOptions } from 'fastify';
import type { User } from '../../src/db/schema.ts';
import { createPost } from '../../src/posts/posts.service.ts';
import { requestRemoval } from '../../src/consent/consent.service.ts';
import { createApiToken } from '../../src/accounts/accounts.service.ts';
import { databaseTargets } from '../support/databases.ts';
import { buildTestApp, formCsrf, type TestApp } from '../support/app.ts';
import { bearerFor, buildChat, buildUser, sessionCookieFor, TEST_PASSWORD } from '../support/factories.ts';
import { jsonl, multipart, tweet } from './archive-import-helpers.ts';

/**
 * Every write route × every role × own/other resource, allowed or denied.
 *
 * The route list comes from the app itself (an onRoute hook while it is
 * built), and the test fails when a write route has no row in EXPECTATIONS:
 * a new route cannot ship without someone deciding who may call it.
 *
 * Each case gets a fresh world (its own chat, posts, story, wiki page and a
 * fresh "stranger" who owns the resources that are not the actor's), so an
 * allowed write never changes what the next case sees. Users of each role
 * are shared; their sessions and tokens are made per case, because "log out
 * everywhere" and token revocation are among the routes.
 */

const ROLES = ['anonymous', 'member', 'hostOther', 'organizer', 'moderator', 'admin', 'banned'] as const;
type Role = (typeof ROLES)[number];
type Ownership = 'own' | 'other';

const ANYONE: Role[] = [...ROLES];
/** Every active account; a banned one ("banned", a member with banned_at set) may read but not write. */
const MEMBERS: Role[] = ['member', 'hostOther', 'organizer', 'moderator', 'admin'];
/** Acting on one's own credentials is allowed even when banned: it only takes access away. */
const ACCOUNT_HOLDERS: Role[] = [...MEMBERS, 'banned'];
const CHAT_ORGANIZER: Role[] = ['organizer', 'admin'];
/** moderateChat: admins, moderators and this chat's hosts (the organizer is its host unless others are named). */
const MODERATORS: Role[] = ['organizer', 'moderator', 'admin'];
/** banUsers: server-wide, so moderators and admins only. */
const BANNERS: Role[] = ['moderator', 'admin'];
/** manageAttendees: admins, moderators, this chat's organizer and hosts. */
const ATTENDEE_MANAGERS: Role[] = ['organizer', 'moderator', 'admin'];
const ADMIN: Role[] = ['admin'];

interface World {
  t: TestApp;
  csrf: { token: string; cookie: string };
  actor: User | null;
  organizer: User;
  /** Owns whatever is "other" in this case; fresh per case, so bans and mutes stay local. */
  stranger: User;
  slug: string;
  /** The resource owner for this case: the actor for `own`, the stranger for `other`. */
  owner: User;
}

interface Request {
  method: string;
  url: string;
  json?: unknown;
  form?: Record<string, string>;
  raw?: { payload: string | Buffer; headers: Record<string, string> };
}

interface Expectation {
  /** Build what the case needs and the request to send. */
  request: (w: World) => Promise<Request> | Request;
  /** Who may; with `own`, called once per ownership. */
  allow: Role[] | ((role: Role, ownership: Ownership) => boolean);
  /** The route acts on something someone owns (a post, a token, a handle): try it on the actor's own and on another's. */
  own?: boolean;
  /** The chat the world starts with (default: a live online chat). */
  chat?: 'live' | 'places' | 'series';
}

const db = (w: World) => w.t.database.db;
const postBy = async (w: World, user: User, text = 'A post to act on') => beforeTheBan(w, user, async (active) => (await createPost(db(w), active, w.slug, { text })).post.id);

/** What a banned account owns it wrote before the ban: lift the ban for the setup, then restore it. */
async function beforeTheBan<T>(w: World, user: User, run: (active: User) => Promise<T>): Promise<T> {
  if (user.bannedAt === null) return run(user);
  await db(w).updateTable('users').set({ bannedAt: null }).where('id', '=', user.id).execute();
  try {
    return await run({ ...user, bannedAt: null });
  } finally {
    await db(w).updateTable('users').set({ bannedAt: user.bannedAt }).where('id', '=', user.id).execute();
  }
}
async function storyOf(w: World): Promise<string> {
  const response = await w.t.app.inject({ method: 'POST', url: '/api/v1/stories', headers: await bearerFor(db(w), w.organizer), payload: { chat: w.slug } });
  assert.equal(response.statusCode, 201, response.body);
  return response.json().id as string;
}
const wikiSlug = (w: World) => `matrix-${w.stranger.handle.slice(2).replace(/_/g, '-')}`;
async function wikiPage(w: World, slug: string, revisions = 1): Promise<void> {
  for (let n = 0; n < revisions; n++) {
    const response = await w.t.app.inject({ method: 'PUT', url: `/api/v1/wiki/${slug}`, headers: await bearerFor(db(w), w.stranger), payload: { title: 'Matrix page', body: `Revision ${n + 1}`, baseRevision: n } });
    assert.ok(response.statusCode < 300, response.body);
  }
}
async function asOrganizer(w: World, method: string, url: string, payload: unknown): Promise<void> {
  const response = await w.t.app.inject({ method: method as 'POST', url, headers: await bearerFor(db(w), w.organizer), payload: payload as object });
  assert.ok(response.statusCode < 300, `${method} ${url}: ${response.body}`);
}
const ICS = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', 'BEGIN:VEVENT', 'UID:matrix-1@test', 'DTSTAMP:20260101T000000Z', 'DTSTART:20300101T150000Z', 'DTEND:20300101T160000Z', 'SUMMARY:Matrix import', 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');
const chatFormFields = { title: 'Matrix chat', hashtags: '#matrixchat', timeZone: 'America/New_York', startsAt: '2030-03-10T15:00', endsAt: '2030-03-10T16:30', kind: 'online', background: '', hosts: '', questions: '', links: '', status: 'scheduled', repeat: 'none' };
const newChatJson = () => ({ title: 'Matrix chat', hashtags: ['matrixchat'], startsAt: '2030-01-01T15:00:00Z', endsAt: '2030-01-01T16:00:00Z', timeZone: 'UTC' });

const EXPECTATIONS: Record<string, Expectation> = {
  // Accounts
  'POST /login': { allow: ANYONE, request: (w) => ({ method: 'POST', url: '/login', form: { handle: w.stranger.handle, password: TEST_PASSWORD } }) },
  'POST /signup': { allow: ANYONE, request: (w) => ({ method: 'POST', url: '/signup', form: { handle: `new_${w.stranger.handle.slice(5)}`, password: TEST_PASSWORD } }) },
  'POST /logout': { allow: ANYONE, request: () => ({ method: 'POST', url: '/logout', form: {} }) },
  'POST /settings': { allow: MEMBERS, request: () => ({ method: 'POST', url: '/settings', form: { displayName: 'Renamed', bio: '', timeZone: '' } }) },
  'POST /settings/sessions/end-all': { allow: ACCOUNT_HOLDERS, request: () => ({ method: 'POST', url: '/settings/sessions/end-all', form: {} }) },
  'POST /settings/tokens/:id/revoke': {
    own: true,
    allow: (role, ownership) => role !== 'anonymous' && ownership === 'own', // banned included: revoking only takes access away
    request: async (w) => {
      const token = await createApiToken(db(w), w.owner, 'matrix');
      const row = await db(w).selectFrom('apiTokens').select('id').where('prefix', '=', token.slice(0, 10)).executeTakeFirstOrThrow();
      return { method: 'POST', url: `/settings/tokens/${row.id}/revoke`, form: {} };
    },
  },
  'DELETE /api/v1/tokens/:id': {
    own: true,
    allow: (role, ownership) => role !== 'anonymous' && ownership === 'own', // banned included: revoking only takes access away
    request: async (w) => {
      const token = await createApiToken(db(w), w.owner, 'matrix');
      const row = await db(w).selectFrom('apiTokens').select('id').where('prefix', '=', token.slice(0, 10)).executeTakeFirstOrThrow();
      return { method: 'DELETE', url: `/api/v1/tokens/${row.id}` };
    },
  },

  // Chats and series
  'POST /api/v1/chats': { allow: CHAT_ORGANIZER, request: () => ({ method: 'POST', url: '/api/v1/chats', json: newChatJson() }) },
  'PATCH /api/v1/chats/:slug': { allow: CHAT_ORGANIZER, request: (w) => ({ method: 'PATCH', url: `/api/v1/chats/${w.slug}`, json: { title: 'Retitled' } }) },
  'POST /chats/new': { allow: CHAT_ORGANIZER, request: () => ({ method: 'POST', url: '/chats/new', form: chatFormFields }) },
  'POST /chats/:slug/edit': { allow: CHAT_ORGANIZER, request: (w) => ({ method: 'POST', url: `/chats/${w.slug}/edit`, form: { ...chatFormFields, title: 'Edited' } }) },
  'POST /chats/import': {
    allow: CHAT_ORGANIZER,
    request: (w) => ({ method: 'POST', url: '/chats/import', raw: multipartOne({ _csrf: w.csrf.token, hashtag: 'matrix' }, 'cal.ics', ICS, 'text/calendar') }),
  },
  'POST /api/v1/chats/import': { allow: CHAT_ORGANIZER, request: () => ({ method: 'POST', url: '/api/v1/chats/import?hashtag=matrix', raw: { payload: ICS, headers: { 'content-type': 'text/calendar' } } }) },
  'POST /chats/:slug/series/extend': { chat: 'series', allow: CHAT_ORGANIZER, request: (w) => ({ method: 'POST', url: `/chats/${w.slug}/series/extend`, form: { count: '1' } }) },
  'POST /api/v1/series/:key/extend': {
    chat: 'series',
    allow: CHAT_ORGANIZER,
    request: async (w) => {
      const chat = await db(w).selectFrom('chats').select('seriesKey').where('slug', '=', w.slug).executeTakeFirstOrThrow();
      return { method: 'POST', url: `/api/v1/series/${chat.seriesKey}/extend`, json: { count: 1 } };
    },
  },
  'POST /chats/:slug/import': {
    allow: CHAT_ORGANIZER,
    request: (w) => {
      const file = jsonl([tweet({ id: '9001', text: 'Imported #matrixchat', at: new Date().toISOString(), user: 'elsewhere' })]);
      return { method: 'POST', url: `/chats/${w.slug}/import`, raw: multipart({ _csrf: w.csrf.token, format: '' }, [{ name: 'tweets.jsonl', content: file }]) };
    },
  },

  // Posts
  'POST /api/v1/chats/:slug/posts': { allow: MEMBERS, request: (w) => ({ method: 'POST', url: `/api/v1/chats/${w.slug}/posts`, json: { text: 'Hello room' } }) },
  'POST /chats/:slug/live/posts': { allow: MEMBERS, request: (w) => ({ method: 'POST', url: `/chats/${w.slug}/live/posts`, form: { text: 'Hello room' } }) },
  'PATCH /api/v1/posts/:id': { own: true, allow: ownOnly, request: async (w) => ({ method: 'PATCH', url: `/api/v1/posts/${await postBy(w, w.owner)}`, json: { text: 'Edited' } }) },
  'POST /chats/:slug/live/posts/:id/edit': { own: true, allow: ownOnly, request: async (w) => ({ method: 'POST', url: `/chats/${w.slug}/live/posts/${await postBy(w, w.owner)}/edit`, form: { text: 'Edited' } }) },
  'DELETE /api/v1/posts/:id': { own: true, allow: ownOnly, request: async (w) => ({ method: 'DELETE', url: `/api/v1/posts/${await postBy(w, w.owner)}` }) },
  'POST /api/v1/posts/:id/like': { allow: MEMBERS, request: async (w) => ({ method: 'POST', url: `/api/v1/posts/${await postBy(w, w.stranger)}/like` }) },
  'DELETE /api/v1/posts/:id/like': { allow: MEMBERS, request: async (w) => ({ method: 'DELETE', url: `/api/v1/posts/${await postBy(w, w.stranger)}/like` }) },
  'POST /api/v1/posts/:id/boost': { allow: MEMBERS, request: async (w) => ({ method: 'POST', url: `/api/v1/posts/${await postBy(w, w.stranger)}/boost` }) },
  // One route, seven buttons: each button is its own row below (see expand()).
  'POST /chats/:slug/live/posts/:id/:action': { allow: [], request: () => ({ method: 'POST', url: '' }) },

  // Moderation
  'POST /api/v1/posts/:id/hide': { allow: MODERATORS, request: async (w) => ({ method: 'POST', url: `/api/v1/posts/${await postBy(w, w.stranger)}/hide` }) },
  'POST /api/v1/posts/:id/unhide': { allow: MODERATORS, request: async (w) => ({ method: 'POST', url: `/api/v1/posts/${await postBy(w, w.stranger)}/unhide` }) },
  'POST /api/v1/posts/:id/remove': { allow: MODERATORS, request: async (w) => ({ method: 'POST', url: `/api/v1/posts/${await postBy(w, w.stranger)}/remove` }) },
  'POST /api/v1/chats/:slug/mutes': { allow: MODERATORS, request: (w) => ({ method: 'POST', url: `/api/v1/chats/${w.slug}/mutes`, json: { handle: w.stranger.handle } }) },
  'DELETE /api/v1/chats/:slug/mutes/:handle': { allow: MODERATORS, request: (w) => ({ method: 'DELETE', url: `/api/v1/chats/${w.slug}/mutes/${w.stranger.handle}` }) },
  'PUT /api/v1/chats/:slug/slow-mode': { allow: MODERATORS, request: (w) => ({ method: 'PUT', url: `/api/v1/chats/${w.slug}/slow-mode`, json: { seconds: 30 } }) },
  'POST /api/v1/users/:handle/ban': { allow: BANNERS, request: (w) => ({ method: 'POST', url: `/api/v1/users/${w.stranger.handle}/ban` }) },
  'DELETE /api/v1/users/:handle/ban': { allow: BANNERS, request: (w) => ({ method: 'DELETE', url: `/api/v1/users/${w.stranger.handle}/ban` }) },
  'POST /chats/:slug/live/mutes/:handle': { allow: MODERATORS, request: (w) => ({ method: 'POST', url: `/chats/${w.slug}/live/mutes/${w.stranger.handle}`, form: {} }) },
  'POST /chats/:slug/live/mutes/:handle/remove': { allow: MODERATORS, request: (w) => ({ method: 'POST', url: `/chats/${w.slug}/live/mutes/${w.stranger.handle}/remove`, form: {} }) },
  'POST /chats/:slug/live/bans/:handle': { allow: BANNERS, request: (w) => ({ method: 'POST', url: `/chats/${w.slug}/live/bans/${w.stranger.handle}`, form: {} }) },
  'POST /chats/:slug/live/slow-mode': { allow: MODERATORS, request: (w) => ({ method: 'POST', url: `/chats/${w.slug}/live/slow-mode`, form: { seconds: '30' } }) },

  // The host console (hostChat: admins, the organizer and the chat's hosts; not moderators)
  'POST /api/v1/chats/:slug/questions/:number/release': { allow: CHAT_ORGANIZER, request: (w) => ({ method: 'POST', url: `/api/v1/chats/${w.slug}/questions/1/release` }) },
  'POST /api/v1/chats/:slug/questions/:number/pin': { allow: CHAT_ORGANIZER, request: (w) => ({ method: 'POST', url: `/api/v1/chats/${w.slug}/questions/1/pin` }) },
  'DELETE /api/v1/chats/:slug/pin': { allow: CHAT_ORGANIZER, request: (w) => ({ method: 'DELETE', url: `/api/v1/chats/${w.slug}/pin` }) },
  'POST /api/v1/chats/:slug/open': { allow: CHAT_ORGANIZER, request: (w) => ({ method: 'POST', url: `/api/v1/chats/${w.slug}/open` }) },
  'POST /api/v1/chats/:slug/close': { allow: CHAT_ORGANIZER, request: (w) => ({ method: 'POST', url: `/api/v1/chats/${w.slug}/close` }) },
  'POST /chats/:slug/live/questions/:number/:action': { allow: CHAT_ORGANIZER, request: (w) => ({ method: 'POST', url: `/chats/${w.slug}/live/questions/1/release`, form: {} }) },
  'POST /chats/:slug/live/unpin': { allow: CHAT_ORGANIZER, request: (w) => ({ method: 'POST', url: `/chats/${w.slug}/live/unpin`, form: {} }) },
  'POST /chats/:slug/live/open': { allow: CHAT_ORGANIZER, request: (w) => ({ method: 'POST', url: `/chats/${w.slug}/live/open`, form: {} }) },
  'POST /chats/:slug/live/close': { allow: CHAT_ORGANIZER, request: (w) => ({ method: 'POST', url: `/chats/${w.slug}/live/close`, form: {} }) },

  // RSVPs and places
  'POST /chats/:slug/rsvp': { allow: MEMBERS, request: (w) => ({ method: 'POST', url: `/chats/${w.slug}/rsvp`, form: { response: 'going' } }) },
  'POST /api/v1/chats/:slug/rsvp': { allow: MEMBERS, request: (w) => ({ method: 'POST', url: `/api/v1/chats/${w.slug}/rsvp`, json: { response: 'going' } }) },
  'POST /chats/:slug/rsvp/cancel': { allow: MEMBERS, request: async (w) => (await rsvpFirst(w), { method: 'POST', url: `/chats/${w.slug}/rsvp/cancel`, form: {} }) },
  'DELETE /api/v1/chats/:slug/rsvp': { allow: MEMBERS, request: async (w) => (await rsvpFirst(w), { method: 'DELETE', url: `/api/v1/chats/${w.slug}/rsvp` }) },
  'POST /chats/:slug/attendees/places': { chat: 'places', allow: ATTENDEE_MANAGERS, request: (w) => ({ method: 'POST', url: `/chats/${w.slug}/attendees/places`, form: { capacity: '9', mode: 'first_come', question: '', open: '1' } }) },
  'PUT /api/v1/chats/:slug/places': { chat: 'places', allow: ATTENDEE_MANAGERS, request: (w) => ({ method: 'PUT', url: `/api/v1/chats/${w.slug}/places`, json: { capacity: 9, mode: 'first_come' } }) },
  'POST /chats/:slug/attendees/:handle/decision': { chat: 'places', allow: ATTENDEE_MANAGERS, request: (w) => ({ method: 'POST', url: `/chats/${w.slug}/attendees/${w.stranger.handle}/decision`, form: { decision: 'accept' } }) },
  'POST /api/v1/chats/:slug/rsvps/:handle/decision': { chat: 'places', allow: ATTENDEE_MANAGERS, request: (w) => ({ method: 'POST', url: `/api/v1/chats/${w.slug}/rsvps/${w.stranger.handle}/decision`, json: { decision: 'accept' } }) },

  // Wiki (any member edits an unprotected page; protecting is for organizers, moderators, admins)
  'POST /wiki/new': { allow: MEMBERS, request: (w) => ({ method: 'POST', url: '/wiki/new', form: { title: `Page ${w.stranger.handle}`, body: 'Text' } }) },
  'POST /wiki/:slug/edit': { allow: MEMBERS, request: async (w) => (await wikiPage(w, wikiSlug(w)), { method: 'POST', url: `/wiki/${wikiSlug(w)}/edit`, form: { title: 'Matrix page', body: 'Edited', baseRevision: '1' } }) },
  'POST /wiki/:slug/restore': { allow: MEMBERS, request: async (w) => (await wikiPage(w, wikiSlug(w), 2), { method: 'POST', url: `/wiki/${wikiSlug(w)}/restore`, form: { revision: '1' } }) },
  'POST /wiki/:slug/protect': { allow: ['organizer', 'moderator', 'admin'], request: async (w) => (await wikiPage(w, wikiSlug(w)), { method: 'POST', url: `/wiki/${wikiSlug(w)}/protect`, form: { protected: '1' } }) },
  'PUT /api/v1/wiki/:slug': { allow: MEMBERS, request: async (w) => (await wikiPage(w, wikiSlug(w)), { method: 'PUT', url: `/api/v1/wiki/${wikiSlug(w)}`, json: { body: 'Edited', baseRevision: 1 } }) },

  // Consent
  'POST /admin/consent/forget': { allow: ADMIN, request: async (w) => (await postBy(w, w.stranger), { method: 'POST', url: '/admin/consent/forget', form: { author: w.stranger.handle, network: 'local', mode: 'remove', requestedBy: 'by e-mail', reason: '', confirm: 'yes' } }) },
  'POST /admin/consent/requests/:id': {
    allow: ADMIN,
    request: async (w) => {
      await postBy(w, w.stranger);
      const outcome = await requestRemoval(db(w), w.stranger, w.stranger, { mode: 'remove', reason: '' });
      return { method: 'POST', url: `/admin/consent/requests/${outcome.request.id}`, form: { action: 'decline', note: 'Not ours to remove' } };
    },
  },
  'POST /@:handle/consent-request': {
    own: true,
    // Asking for one's own posts to be removed is not a privilege: banned accounts may too.
    allow: (role, ownership) => role !== 'anonymous' && ownership === 'own',
    request: async (w) => (await postBy(w, w.owner), { method: 'POST', url: `/@${w.owner.handle}/consent-request`, form: { mode: 'remove' } }),
  },

  // Stories (createStory: admins and the chats' organizer; editStory adds co-curators; manageStory does not)
  'POST /api/v1/stories': { allow: CHAT_ORGANIZER, request: (w) => ({ method: 'POST', url: '/api/v1/stories', json: { chat: w.slug } }) },
  'POST /chats/:slug/stories': { allow: CHAT_ORGANIZER, request: (w) => ({ method: 'POST', url: `/chats/${w.slug}/stories`, form: {} }) },
  'PATCH /api/v1/stories/:id': { allow: CHAT_ORGANIZER, request: async (w) => ({ method: 'PATCH', url: `/api/v1/stories/${await storyOf(w)}`, json: { title: 'Retitled' } }) },
  'DELETE /api/v1/stories/:id': { allow: CHAT_ORGANIZER, request: async (w) => ({ method: 'DELETE', url: `/api/v1/stories/${await storyOf(w)}` }) },
  'POST /stories/:id/edit': { allow: CHAT_ORGANIZER, request: async (w) => ({ method: 'POST', url: `/stories/${await storyOf(w)}/edit`, form: { op: 'add-section', heading: 'More' } }) },
  'POST /stories/:id/settings': { allow: CHAT_ORGANIZER, request: async (w) => ({ method: 'POST', url: `/stories/${await storyOf(w)}/settings`, form: { title: 'Retitled', introduction: '' } }) },
  'POST /stories/:id/status': { allow: CHAT_ORGANIZER, request: async (w) => ({ method: 'POST', url: `/stories/${await storyOf(w)}/status`, form: { status: 'published' } }) },
  'POST /stories/:id/curators': { allow: CHAT_ORGANIZER, request: async (w) => ({ method: 'POST', url: `/stories/${await storyOf(w)}/curators`, form: { handle: w.stranger.handle } }) },
  'POST /stories/:id/curators/:userId/remove': {
    allow: CHAT_ORGANIZER,
    request: async (w) => {
      const id = await storyOf(w);
      await asOrganizer(w, 'PATCH', `/api/v1/stories/${id}`, {}); // the story exists; invite through the form route's service
      const { inviteCurator } = await import('../../src/stories/stories.service.ts');
      await inviteCurator(db(w), w.organizer, Number(id), w.stranger.handle);
      return { method: 'POST', url: `/stories/${id}/curators/${w.stranger.id}/remove`, form: {} };
    },
  },
  'POST /stories/:id/delete': { allow: CHAT_ORGANIZER, request: async (w) => ({ method: 'POST', url: `/stories/${await storyOf(w)}/delete`, form: {} }) },
};

/** The seven buttons of POST /chats/:slug/live/posts/:id/:action, each its own row. */
const POST_BUTTONS: Record<string, Expectation> = {
  like: { allow: MEMBERS, request: async (w) => ({ method: 'POST', url: `/chats/${w.slug}/live/posts/${await postBy(w, w.stranger)}/like`, form: {} }) },
  unlike: { allow: MEMBERS, request: async (w) => ({ method: 'POST', url: `/chats/${w.slug}/live/posts/${await postBy(w, w.stranger)}/unlike`, form: {} }) },
  boost: { allow: MEMBERS, request: async (w) => ({ method: 'POST', url: `/chats/${w.slug}/live/posts/${await postBy(w, w.stranger)}/boost`, form: {} }) },
  delete: { own: true, allow: ownOnly, request: async (w) => ({ method: 'POST', url: `/chats/${w.slug}/live/posts/${await postBy(w, w.owner)}/delete`, form: {} }) },
  hide: { allow: MODERATORS, request: async (w) => ({ method: 'POST', url: `/chats/${w.slug}/live/posts/${await postBy(w, w.stranger)}/hide`, form: {} }) },
  unhide: { allow: MODERATORS, request: async (w) => ({ method: 'POST', url: `/chats/${w.slug}/live/posts/${await postBy(w, w.stranger)}/unhide`, form: {} }) },
  remove: { allow: MODERATORS, request: async (w) => ({ method: 'POST', url: `/chats/${w.slug}/live/posts/${await postBy(w, w.stranger)}/remove`, form: {} }) },
};

function ownOnly(role: Role, ownership: Ownership): boolean {
  return role !== 'anonymous' && role !== 'banned' && ownership === 'own';
}

async function rsvpFirst(w: World): Promise<void> {
  if (!w.actor) return;
  await beforeTheBan(w, w.actor, async (active) => {
    const response = await w.t.app.inject({ method: 'POST', url: `/api/v1/chats/${w.slug}/rsvp`, headers: await bearerFor(db(w), active), payload: { response: 'going' } });
    assert.ok(response.statusCode < 300, response.body);
  });
}

function multipartOne(fields: Record<string, string>, name: string, content: string, type: string) {
  const boundary = '----matrixboundary';
  const parts = Object.entries(fields).map(([key, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${key}"\r\n\r\n${value}\r\n`);
  parts.push(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n${content}\r\n--${boundary}--\r\n`);
  return { payload: parts.join(''), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** Every row to run: route × button × ownership × role. */
function expand(roles: readonly Role[]): Array<{ route: string; label: string; spec: Expectation; role: Role; ownership: Ownership }> {
  const rows = [];
  const specs: Array<[string, string, Expectation]> = [];
  for (const [route, spec] of Object.entries(EXPECTATIONS)) {
    if (route === 'POST /chats/:slug/live/posts/:id/:action') {
      for (const [button, buttonSpec] of Object.entries(POST_BUTTONS)) specs.push([route, `${route} (${button})`, buttonSpec]);
    } else {
      specs.push([route, route, spec]);
    }
  }
  for (const [route, label, spec] of specs) {
    for (const ownership of spec.own ? (['own', 'other'] as const) : (['other'] as const)) {
      for (const role of roles) {
        if (role === 'anonymous' && ownership === 'own') continue;
        rows.push({ route, label: spec.own ? `${label} [${ownership}]` : label, spec, role, ownership });
      }
    }
  }
  return rows;
}

function allows(spec: Expectation, role: Role, ownership: Ownership): boolean {
  return typeof spec.allow === 'function' ? spec.allow(role, ownership) : spec.allow.includes(role);
}

function verdict(response: { statusCode: number; headers: Record<string, unknown> }): 'allowed' | 'denied' | 'other' {
  const { statusCode } = response;
  const location = String(response.headers.location ?? '');
  if (statusCode === 401 || statusCode === 403 || statusCode === 404) return 'denied';
  if (statusCode >= 300 && statusCode < 400 && location.startsWith('/login') && !location.startsWith('/login?')) return 'allowed'; // log out everywhere lands on the login page
  if (statusCode >= 300 && statusCode < 400 && location.startsWith('/login?')) return 'denied';
  if (statusCode >= 200 && statusCode < 400) return 'allowed';
  return 'other';
}

/** What the app registers, read while it is built. */
async function writeRoutesOf(kind: 'sqlite' | 'postgres'): Promise<{ t: TestApp; routes: Set<string> }> {
  const routes = new Set<string>();
  const collect = (route: RouteOptions) => {
    for (const method of [route.method].flat()) if (['POST', 'PUT', 'PATCH', 'DELETE'].includes(method)) routes.add(`${method} ${route.url}`);
  };
  const t = await buildTestApp(kind, { ANONYMOUS_READ_LIMIT: '0' }, { onRoute: collect });
  return { t, routes };
}

/** PostgreSQL runs the two roles that cross most allow/deny edges, to keep the suite short; SQLite runs them all. */
const POSTGRES_ROLES: Role[] = ['member', 'organizer'];

for (const target of databaseTargets()) {
  describe(`authorization matrix on ${target.kind}`, { skip: target.skip }, () => {
    let t: TestApp;
    let routes: Set<string>;
    let csrf: { token: string; cookie: string };
    const users = {} as Record<Exclude<Role, 'anonymous'>, User>;

    before(async () => {
      ({ t, routes } = await writeRoutesOf(target.kind));
      csrf = await formCsrf(t.app, '/login');
      for (const role of ['member', 'hostOther', 'organizer', 'moderator', 'admin', 'banned'] as const) {
        const appRole = role === 'hostOther' || role === 'banned' ? 'member' : role;
        users[role] = await buildUser(t.database.db, { handle: `m_${role.toLowerCase()}`, role: appRole, bannedAt: role === 'banned' ? Date.now() : null });
      }
      // hostOther hosts a chat of their own elsewhere; that must not reach into this one.
      await buildChat(t.database.db, users.admin, { hosts: [users.hostOther.handle] });
    });
    after(() => t.close());

    it('has an expectation for every write route the app registers, and no stale ones', () => {
      const missing = [...routes].filter((route) => !(route in EXPECTATIONS));
      assert.deepEqual(missing, [], `write routes without a row in EXPECTATIONS (decide who may call them): ${missing.join(', ')}`);
      const stale = Object.keys(EXPECTATIONS).filter((route) => !routes.has(route));
      assert.deepEqual(stale, [], `EXPECTATIONS rows for routes that no longer exist: ${stale.join(', ')}`);
    });

    it('allows and denies each write route by role and ownership, and refuses forms without a CSRF token', { timeout: 600_000 }, async () => {
      const roles = target.kind === 'sqlite' ? ROLES : POSTGRES_ROLES;
      const failures: string[] = [];
      const csrfChecked = new Set<string>();
      for (const row of expand(roles)) {
        const actor = row.role === 'anonymous' ? null : users[row.role];
        const stranger = await buildUser(t.database.db, { handle: `s_${Math.random().toString(36).slice(2, 12)}` });
        let response;
        try {
          const slug = await chatFor(t, row.spec.chat ?? 'live', users.organizer, stranger);
          const world: World = { t, csrf, actor, organizer: users.organizer, stranger, slug, owner: row.ownership === 'own' && actor ? actor : stranger };
          const request = await row.spec.request(world);
          // CSRF on every form: the first caller who may use a form route first tries it without the token, which must change nothing.
          if (request.form && allows(row.spec, row.role, row.ownership) && !csrfChecked.has(row.label)) {
            csrfChecked.add(row.label);
            const forged = await send(t, actor, csrf, request, { withoutCsrf: true });
            if (forged.statusCode !== 403 || !forged.body.includes('"csrf_failed"')) failures.push(`${row.label} as ${row.role} without a CSRF token: got ${forged.statusCode}`);
          }
          response = await send(t, actor, csrf, request);
        } catch (error) {
          failures.push(`${row.label} as ${row.role}: setup failed: ${(error as Error).message.slice(0, 200)}`);
          continue;
        }
        const expected = allows(row.spec, row.role, row.ownership) ? 'allowed' : 'denied';
        const got = verdict(response);
        if (got !== expected) failures.push(`${row.label} as ${row.role}: expected ${expected}, got ${response.statusCode} ${response.body.slice(0, 160).replace(/\s+/g, ' ')}`);
      }
      assert.deepEqual(failures, []);
    });
  });
}

async function chatFor(t: TestApp, kind: 'live' | 'places' | 'series', organizer: User, stranger: User): Promise<string> {
  const db = t.database.db;
  if (kind === 'series') {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/chats',
      headers: await bearerFor(db, organizer),
      payload: { ...newChatJson(), title: `Series ${stranger.handle}`, recurrence: { frequency: 'weekly', count: 2 } },
    });
    assert.equal(response.statusCode, 201, response.body);
    return response.json().slug;
  }
  if (kind === 'places') {
    const chat = await buildChat(db, organizer, { kind: 'hybrid', venue: { name: 'Hall' } });
    const bearer = await bearerFor(db, organizer);
    const places = await t.app.inject({ method: 'PUT', url: `/api/v1/chats/${chat.slug}/places`, headers: bearer, payload: { capacity: 5, mode: 'application', question: 'Why?', open: true } });
    assert.ok(places.statusCode < 300, places.body);
    const applied = await t.app.inject({ method: 'POST', url: `/api/v1/chats/${chat.slug}/rsvp`, headers: await bearerFor(db, stranger), payload: { response: 'place', answer: 'To learn' } });
    assert.ok(applied.statusCode < 300, applied.body);
    return chat.slug;
  }
  // Live now (started half an hour ago), so posting and the host console work.
  return (await buildChat(db, organizer, { startsInHours: -0.5 })).slug;
}

async function send(t: TestApp, actor: User | null, csrf: { token: string; cookie: string }, request: Request, options: { withoutCsrf?: boolean } = {}) {
  const db = t.database.db;
  const headers: Record<string, string> = {};
  const api = request.url.startsWith('/api/');
  if (api) {
    if (actor) Object.assign(headers, await bearerFor(db, actor));
  } else {
    headers.accept = options.withoutCsrf ? 'application/json' : 'text/html'; // JSON names the error code
    headers.cookie = [actor ? await sessionCookieFor(db, actor) : '', csrf.cookie].filter(Boolean).join('; ');
  }
  let payload: string | Buffer | undefined;
  if (request.raw) {
    payload = request.raw.payload;
    Object.assign(headers, request.raw.headers);
  } else if (request.form) {
    payload = new URLSearchParams(options.withoutCsrf ? request.form : { ...request.form, _csrf: csrf.token }).toString();
    headers['content-type'] = 'application/x-www-form-urlencoded';
  } else if (request.json !== undefined) {
    payload = JSON.stringify(request.json);
    headers['content-type'] = 'application/json';
  }
  return t.app.inject({ method: request.method as 'POST', url: request.url, headers, ...(payload === undefined ? {} : { payload }) });
}
