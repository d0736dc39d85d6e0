import type { FastifyInstance } from 'fastify';
import type { ChatStatus, User } from '../db/schema.ts';
import { policies } from '../accounts/policies.ts';
import { accessOf, getVisibleChat } from '../chats/chats.service.ts';
import type { ChatDetails } from '../chats/chats.repository.ts';
import { effectiveStatus } from '../chats/chat-status.ts';
import { listChatPosts, type PostView } from '../posts/posts.repository.ts';
import { lastEventSeq } from './events.repository.ts';
import { isMuted, liveSettings, mutedHandles } from './room.repository.ts';
import { viewerReactions } from './room.pages.repository.ts';
import { groupPosts, type RoomGroup } from './room-threads.pages.ts';

/** What the viewer may do in this room (the policies, asked once). */
export interface RoomPermissions {
  canPost: boolean;
  canModerate: boolean;
  canHost: boolean;
  canBan: boolean;
}

export interface RoomViewer {
  user: User;
  muted: boolean;
  liked: ReadonlySet<number>;
  boosted: ReadonlySet<number>;
}

export interface Room {
  chat: ChatDetails;
  status: ChatStatus;
  /** Whether the room takes posts now (live, or early/late posts allowed). */
  postingOpen: boolean;
  /** The stream position this page shows: the client resumes right after it. */
  lastEventId: number;
  pinned: number | null;
  slowModeSeconds: number;
  groups: RoomGroup<PostView>[];
  posts: ReadonlyMap<number, PostView>;
  /** Viewers connected to this process (presence is per process for now). */
  watching: number;
  /** Distinct authors of the posts everyone can see. */
  posters: number;
  permissions: RoomPermissions;
  viewer: RoomViewer | null;
  mutedHandles: string[];
}

/** A room holds one chat hour; this bounds the page for imported giants (the transcript pages everything). */
const MAX_POSTS = 5000;
const PAGE = 500;

export async function loadRoom(app: FastifyInstance, user: User | null, slug: string, now = Date.now()): Promise<Room> {
  const db = app.database.db;
  const chat = await getVisibleChat(db, slug, user);
  const access = accessOf(chat);
  const permissions: RoomPermissions = {
    canPost: policies.postInChat(user, access),
    canModerate: policies.moderateChat(user, access),
    canHost: policies.hostChat(user, access),
    canBan: policies.banUsers(user),
  };
  // Read the stream position BEFORE the posts: an event that lands in
  // between is then both rendered and replayed, and the client applies it
  // idempotently (by post id). The other order could lose it.
  const lastEventId = await lastEventSeq(db, chat.id);
  const posts = await allPosts(app, chat.id, permissions.canModerate);
  const [settings, muted, reactions, muteList] = await Promise.all([
    liveSettings(db, chat.id),
    user && permissions.canPost ? isMuted(db, chat.id, user.id) : false,
    user ? viewerReactions(db, chat.id, user.id) : { liked: [], boosted: [] },
    permissions.canModerate ? mutedHandles(db, chat.id) : [],
  ]);
  const status = effectiveStatus(chat, now);
  return {
    chat,
    status,
    postingOpen: postingOpen(chat, status),
    lastEventId,
    pinned: settings.pinnedQuestion,
    slowModeSeconds: settings.slowModeSeconds,
    groups: groupPosts(posts, chat.questions.filter((q) => q.releasedAt !== null).map((q) => q.number)),
    posts: new Map(posts.map((p) => [p.id, p])),
    watching: app.live.hub.viewerCount(chat.id),
    posters: new Set(posts.filter((p) => p.hiddenAt === null).map((p) => p.authorId)).size,
    permissions,
    viewer: user ? { user, muted, liked: new Set(reactions.liked), boosted: new Set(reactions.boosted) } : null,
    mutedHandles: muteList,
  };
}

/** Mirrors the window check of posting-rules.ts, to show or close the composer before anyone tries. */
function postingOpen(chat: ChatDetails, status: ChatStatus): boolean {
  return status === 'live' || (status === 'scheduled' && chat.allowEarlyPosts === 1) || (status === 'ended' && chat.allowLatePosts === 1);
}

async function allPosts(app: FastifyInstance, chatId: number, includeHidden: boolean): Promise<PostView[]> {
  const posts: PostView[] = [];
  for (;;) {
    const last = posts.at(-1);
    const page = await listChatPosts(app.database.db, { chatId, limit: PAGE, includeHidden, ...(last ? { after: { createdAt: last.createdAt, id: last.id } } : {}) });
    posts.push(...page);
    if (page.length < PAGE || posts.length >= MAX_POSTS) return posts;
  }
}
