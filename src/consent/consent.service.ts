import type { Kysely, Transaction } from 'kysely';
import { writeWithEvents } from '../live/write-with-events.ts';
import type { LiveEvent } from '../live/live-event.ts';
import { findPost } from '../posts/posts.repository.ts';
import { presentPost } from '../posts/post.presenter.ts';
import type { DB, User } from '../db/schema.ts';
import { conflict, forbidden, invalid, notFound, unauthenticated } from '../errors.ts';
import { policies } from '../accounts/policies.ts';
import { parseAuthorTarget, parseNetwork } from './author-target.ts';
import { anonymise, tombstone } from './event-scrub.ts';
import type { ConsentMode } from './consent.tables.ts';
import { anonymisePostsOf, authorsByIds, dropCachedFigures, authorsOfUser, deleteAuthors, findAuthors, forgetReferencesTo, removePostsOf, rewriteEvents, type AuthorSummary } from './consent.repository.ts';
import {
  decideRequest,
  findRequest,
  insertLog,
  insertRequest,
  logEntries,
  pendingRequestOf,
  changePendingRequest,
  pendingRequests,
  recentLog,
  type ConsentLogRow,
  type ConsentRequestRow,
} from './consent-log.repository.ts';
import { plural } from '../web/plural.ts';

export const REASON_MAX = 2000;

/** Who carries out a removal, for the log. */
export interface Performer {
  userId: number | null;
  /** `@admin`, or `cli (unix user root)`. */
  label: string;
  via: 'web' | 'cli';
}

export interface ForgetInput {
  authors: AuthorSummary[];
  mode: ConsentMode;
  /** `@dana` for a member's own request, or what the operator says. */
  requestedBy: string;
  performedBy: Performer;
  reason: string;
  requestId?: number;
}

export interface ForgetReport {
  mode: ConsentMode;
  authors: Array<{ network: string; handle: string; posts: number; boosts: number }>;
  posts: number;
  /** Other people's boosts removed with the posts. */
  boosts: number;
  /** Stored live events rewritten (tombstoned or anonymised). */
  events: number;
  /** The consent_log rows written. */
  logIds: number[];
  /** New live events (posts gone or anonymised), to publish now that the change is committed. */
  liveEvents: LiveEvent[];
}

/**
 * The authors an AUTHOR argument (CLI) or form field names. A handle held
 * on several networks must be narrowed with `network`: they are usually
 * different people.
 */
export async function resolveAuthors(db: Kysely<DB>, author: string, networkName?: string): Promise<AuthorSummary[]> {
  const network = parseNetwork(networkName);
  if (network === 'invalid') throw invalid('network', 'must be one of local, twitter, mastodon, bluesky');
  const target = parseAuthorTarget(author, network);
  if (!target) throw invalid('author', 'give a handle (dana, @kim@museum.social, dana.bsky.social) or a profile address');
  const authors = await findAuthors(db, target);
  if (authors.length === 0) throw invalid('author', `nothing is archived from @${target.handle}${target.network ? ` on ${target.network}` : ''}`);
  const networks = [...new Set(authors.map((a) => a.network))];
  if (networks.length > 1) {
    const postsOn = (network: string) => authors.filter((a) => a.network === network).reduce((sum, a) => sum + a.posts, 0);
    const list = networks.map((network) => `${network} (${postsOn(network)} ${postsOn(network) === 1 ? 'post' : 'posts'})`).join(', ');
    throw invalid('network', `@${target.handle} is archived from several networks: ${list}; choose one`);
  }
  return authors;
}

/**
 * Removes (or anonymises) every post of these authors in one transaction:
 * posts, their hashtags and likes, others' boosts of them, the search index
 * (database triggers), the live event log, the author rows; then logs it.
 * A failure anywhere leaves everything as it was.
 */
export async function forgetAuthors(db: Kysely<DB>, input: ForgetInput, now = Date.now()): Promise<ForgetReport> {
  const { result, events: liveEvents } = await writeWithEvents(db, now, async (trx, emit) => {
    if (input.requestId !== undefined) {
      const decided = await decideRequest(trx, input.requestId, { status: 'done', by: input.performedBy.userId, at: now, note: null });
      if (!decided) throw conflict('request', 'this request was already decided');
    }
    const authors = await authorsByIds(trx, input.authors.map((a) => a.id));
    const ids = authors.map((a) => a.id);
    let boostsByAuthor = new Map<number, number>();
    let events: number;
    if (input.mode === 'remove') {
      const removal = await removePostsOf(trx, ids);
      const gone = new Set([...removal.postIds, ...removal.boostIds]);
      events = await rewriteEvents(trx, removal.chatIds, (event) => tombstone(event, gone));
      boostsByAuthor = removal.boostsByAuthor;
      await tellViewers(trx, removal.removedByChat, (chatId, postId) => emit(chatId, 'post.deleted', { postId: String(postId), removed: true }));
      await dropCachedFigures(trx, removal.chatIds);
    } else {
      const change = await anonymisePostsOf(trx, authors, now);
      const changed = new Set(change.postIds);
      events = await rewriteEvents(trx, change.chatIds, (event) => anonymise(event, changed, change.texts));
      await tellViewers(trx, change.byChat, async (chatId, postId) => {
        const post = await findPost(trx, postId);
        if (post) await emit(chatId, 'post.updated', { post: presentPost(post) });
      });
      await dropCachedFigures(trx, change.chatIds);
    }
    // After a removal, whose deleted posts' repliers have lost their link and kept only the address.
    await forgetReferencesTo(trx, authors);
    await deleteAuthors(trx, ids);
    const report: Omit<ForgetReport, 'logIds' | 'liveEvents'> = {
      mode: input.mode,
      authors: authors.map((a) => ({ network: a.network, handle: a.handle, posts: a.posts, boosts: boostsByAuthor.get(a.id) ?? 0 })),
      posts: authors.reduce((sum, a) => sum + a.posts, 0),
      boosts: [...boostsByAuthor.values()].reduce((sum, n) => sum + n, 0),
      events,
    };
    // Logged even when nothing was archived: the request was honoured.
    const logged = authors.length > 0
      ? authors.map((a) => ({ network: a.network, handle: a.handle, sourceUserId: a.sourceUserId, posts: a.posts, boosts: boostsByAuthor.get(a.id) ?? 0 }))
      : [{ network: 'local', handle: input.requestedBy.replace(/^@/, ''), sourceUserId: null, posts: 0, boosts: 0 }];
    const logIds = await insertLog(
      trx,
      logged.map((a) => ({
        requestId: input.requestId ?? null,
        mode: input.mode,
        authorNetwork: a.network,
        authorHandle: a.handle,
        // The id too: an archive imported later may name the account by another handle (reimport-guard.ts).
        authorSourceUserId: a.sourceUserId,
        postCount: a.posts,
        boostCount: a.boosts,
        requestedBy: input.requestedBy,
        performedByUserId: input.performedBy.userId,
        performedBy: input.performedBy.label,
        via: input.performedBy.via,
        reason: input.reason,
        createdAt: now,
      })),
    );
    return { ...report, logIds };
  });
  return { ...result, liveEvents };
}

/**
 * Viewers following a room must see the posts go (or lose their author)
 * without reloading: one event per post, published by the caller after
 * commit, like a moderator's hide. Only for chats that have a live event
 * log: an archive that was imported and never live has no stream to tell,
 * and a forgotten author's ten thousand old tweets need no ten thousand
 * events.
 */
async function tellViewers(trx: Transaction<DB>, byChat: Map<number, number[]>, tell: (chatId: number, postId: number) => Promise<void>): Promise<void> {
  if (byChat.size === 0) return;
  const live = await trx.selectFrom('chatEventCounters').select('chatId').where('chatId', 'in', [...byChat.keys()]).execute();
  for (const { chatId } of live) for (const postId of byChat.get(Number(chatId)) ?? []) await tell(Number(chatId), postId);
}

export interface RequestOutcome {
  request: ConsentRequestRow;
  /** True when an earlier request was still waiting (no new one was stored; the waiting one took the new mode and reason). */
  alreadyPending: boolean;
}

/** A member asks, for their own posts only, to be forgotten. */
export async function requestRemoval(db: Kysely<DB>, user: User | null, target: User, input: { mode: ConsentMode; reason: string }, now = Date.now()): Promise<RequestOutcome> {
  if (!user) throw unauthenticated();
  if (!policies.requestConsent(user, target)) throw forbidden('You can ask only about your own posts');
  const reason = checkReason(input.reason);
  const pending = await pendingRequestOf(db, user.id);
  if (pending) {
    // Asked again before an admin decided (a form left open in another tab): the latest wish stands, and a
    // reason left blank keeps the one given first. The profile then shows the request as it now is.
    const change = { mode: input.mode, reason: reason || pending.reason };
    const changed = change.mode !== pending.mode || change.reason !== pending.reason ? await changePendingRequest(db, pending.id, change) : undefined;
    return { request: changed ?? pending, alreadyPending: true };
  }
  return { request: await insertRequest(db, { userId: user.id, handle: user.handle, mode: input.mode, reason, createdAt: now }), alreadyPending: false };
}

export function pendingRequestFor(db: Kysely<DB>, user: User): Promise<ConsentRequestRow | undefined> {
  return pendingRequestOf(db, user.id);
}

export interface PendingRequestView extends ConsentRequestRow {
  authors: AuthorSummary[];
}

export interface ConsentOverview {
  pending: PendingRequestView[];
  log: ConsentLogRow[];
}

function requireAdmin(user: User | null): User {
  if (!user) throw unauthenticated();
  if (!policies.manageConsent(user)) throw forbidden('Only admins handle removal requests');
  return user;
}

/** What the admin just did, read back from the log (so a notice cannot be forged through the address). */
export async function describeDone(db: Kysely<DB>, user: User | null, logIds: number[]): Promise<string | null> {
  requireAdmin(user);
  const entries = await logEntries(db, logIds.slice(0, 20));
  if (entries.length === 0) return null;
  const posts = entries.reduce((sum, e) => sum + e.postCount, 0);
  const boosts = entries.reduce((sum, e) => sum + e.boostCount, 0);
  const who = entries.map((e) => `@${e.authorHandle} (${e.authorNetwork})`).join(', ');
  const verb = entries[0]!.mode === 'remove' ? 'Removed' : 'Anonymised';
  return `${verb} ${plural(posts, 'post')}${boosts > 0 ? ` and ${plural(boosts, 'boost')} of them` : ''} by ${who}.`;
}

export async function consentOverview(db: Kysely<DB>, user: User | null): Promise<ConsentOverview> {
  requireAdmin(user);
  const pending = await pendingRequests(db);
  const withAuthors = await Promise.all(pending.map(async (request) => ({ ...request, authors: request.userId === null ? [] : await authorsOfUser(db, request.userId) })));
  return { pending: withAuthors, log: await recentLog(db, 50) };
}

/** The admin form's first step: who would be forgotten, and how much. */
export async function previewForget(db: Kysely<DB>, user: User | null, author: string, network?: string): Promise<AuthorSummary[]> {
  requireAdmin(user);
  return resolveAuthors(db, author, network);
}

export interface AdminForgetInput {
  author: string;
  network?: string;
  mode: ConsentMode;
  /** Who asked and how ("Dana, by e-mail on 3 May"): the log must say. */
  requestedBy: string;
  reason: string;
}

export async function forgetAsAdmin(db: Kysely<DB>, user: User | null, input: AdminForgetInput): Promise<ForgetReport> {
  const admin = requireAdmin(user);
  const requestedBy = checkReason(input.requestedBy, 'requestedBy');
  if (!requestedBy) throw invalid('requestedBy', 'say who asked, and how (it goes in the log)');
  const reason = checkReason(input.reason);
  const authors = await resolveAuthors(db, input.author, input.network);
  return forgetAuthors(db, { authors, mode: input.mode, requestedBy, performedBy: performer(admin), reason });
}

export async function carryOutRequest(db: Kysely<DB>, user: User | null, requestId: number, mode: ConsentMode): Promise<ForgetReport> {
  const admin = requireAdmin(user);
  const request = await findRequest(db, requestId);
  if (!request) throw notFound('Request');
  if (request.status !== 'pending') throw conflict('request', 'this request was already decided');
  const authors = request.userId === null ? [] : await authorsOfUser(db, request.userId);
  return forgetAuthors(db, { authors, mode, requestedBy: `@${request.handle}`, performedBy: performer(admin), reason: request.reason, requestId });
}

export async function declineRequest(db: Kysely<DB>, user: User | null, requestId: number, note: string, now = Date.now()): Promise<void> {
  const admin = requireAdmin(user);
  const text = checkReason(note, 'note');
  if (!text) throw invalid('note', 'say why, so the member can be told');
  const decided = await db.transaction().execute((trx) => decideRequest(trx, requestId, { status: 'declined', by: admin.id, at: now, note: text }));
  if (!decided) throw (await findRequest(db, requestId)) ? conflict('request', 'this request was already decided') : notFound('Request');
}

function performer(admin: User): Performer {
  return { userId: admin.id, label: `@${admin.handle}`, via: 'web' };
}

function checkReason(text: string, field = 'reason'): string {
  // NUL cannot be stored in PostgreSQL text.
  const trimmed = text.replaceAll('\u0000', '').trim();
  if (trimmed.length > REASON_MAX) throw invalid(field, `must be at most ${REASON_MAX} characters`);
  return trimmed;
}

