import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { ChatPlacesTable, RsvpsTable } from '../rsvps/rsvps.tables.ts';
import type { ImportRejectionsTable, ImportsTable } from '../archive/import/import.tables.ts';
import type { ConsentLogTable, ConsentRequestsTable } from '../consent/consent.tables.ts';
import type { StoriesTables } from '../stories/stories.tables.ts';
import type { MetricsTables } from '../metrics/metrics.tables.ts';
import type { ImportRunsTables } from '../archive/import/runs/import-runs.tables.ts';

/**
 * Row types of every table, in camelCase (the CamelCasePlugin maps them to
 * snake_case columns). Instants are epoch milliseconds (UTC) in a bigint
 * column on both databases: the same arithmetic (minute buckets, ranges)
 * works on SQLite and PostgreSQL, and no driver converts time zones for us.
 * Flags are 0/1 integers for the same reason.
 */

export type Role = 'admin' | 'moderator' | 'organizer' | 'member';
export type ChatKind = 'online' | 'in_person' | 'hybrid';
export type ChatStatus = 'draft' | 'scheduled' | 'live' | 'ended';
export type PostKind = 'original' | 'reply' | 'quote' | 'boost';
/** Where a post or author comes from: this server, or an imported network. */
export type Network = 'local' | 'twitter' | 'mastodon' | 'bluesky';

export interface UsersTable {
  id: Generated<number>;
  /** Lower-case, unique; shown as @handle. */
  handle: string;
  displayName: string;
  email: string | null;
  passwordHash: string;
  role: Role;
  /** IANA zone the member chose; null means "the browser's". */
  timeZone: string | null;
  bio: string;
  createdAt: number;
  updatedAt: number;
  bannedAt: number | null;
}

export interface SessionsTable {
  id: Generated<number>;
  /** SHA-256 of the cookie value: a leaked database does not leak live sessions. */
  tokenHash: string;
  userId: number;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
  userAgent: string | null;
  ip: string | null;
}

export interface ApiTokensTable {
  id: Generated<number>;
  userId: number;
  tokenHash: string;
  /** First characters of the token, to recognise it in a list. */
  prefix: string;
  name: string;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

export interface ChatsTable {
  id: Generated<number>;
  slug: string;
  title: string;
  startsAt: number;
  endsAt: number;
  /** The organizer's IANA zone: what "3 pm Tuesday" meant when it was entered. */
  timeZone: string;
  kind: ChatKind;
  venueName: string | null;
  venueAddress: string | null;
  venueNotes: string | null;
  background: string;
  status: ChatStatus;
  organizerId: number | null;
  /** Chats of one recurring series share this (series arrive with the calendar). */
  seriesKey: string | null;
  /** 1 when posting is allowed before the start / after the end. */
  allowEarlyPosts: Generated<number>;
  allowLatePosts: Generated<number>;
  /** The iCalendar event a chat was imported from (UID, + RECURRENCE-ID for one occurrence); null otherwise. */
  sourceUid: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface ChatHashtagsTable {
  chatId: number;
  /** Lower-case, without '#': what lookups match on. */
  tag: string;
  /** As the organizer typed it (#MuseSocial), for display. */
  display: string;
  position: number;
}

export interface ChatHostsTable {
  chatId: number;
  position: number;
  /** Set when the host has an account here. */
  userId: number | null;
  /** `dana` for a local account, `@dana@museum.social` or `@dana` for others. */
  handle: string;
}

export interface ChatQuestionsTable {
  chatId: number;
  number: number;
  text: string;
  /** Planned release, minutes after the start. */
  offsetMinutes: number | null;
  releasedAt: number | null;
  /** The post that carried the released question. */
  postId: number | null;
}

export interface ChatLinksTable {
  chatId: number;
  position: number;
  label: string;
  url: string;
}

export interface AuthorsTable {
  id: Generated<number>;
  network: Network;
  /** Lower-case handle on that network (`dana`, `dana@museum.social`, `dana.bsky.social`). */
  handle: string;
  displayName: string;
  userId: number | null;
  /** Network-side account id, when the source has one. */
  sourceUserId: string | null;
  followersCount: number | null;
  profileUrl: string | null;
  createdAt: number;
}

export interface PostsTable {
  id: Generated<number>;
  chatId: number;
  authorId: number;
  text: string;
  kind: PostKind;
  createdAt: number;
  editedAt: number | null;
  replyToId: number | null;
  quoteOfId: number | null;
  boostOfId: number | null;
  /** Source ids of referenced posts, kept even when the target is not archived here. */
  replyToSourceId: string | null;
  quoteOfSourceId: string | null;
  boostOfSourceId: string | null;
  /** Set on the post that released question N. */
  questionNumber: number | null;
  /** The question this post answers (A1…, or a reply under Q1). */
  answersQuestion: number | null;
  /** null for posts made here; (network, id) is unique for imports. */
  sourceNetwork: Network | null;
  sourceId: string | null;
  sourceUrl: string | null;
  likeCount: Generated<number>;
  boostCount: Generated<number>;
  replyCount: Generated<number>;
  hiddenAt: number | null;
  deletedAt: number | null;
}

export interface PostHashtagsTable {
  postId: number;
  tag: string;
}

/** An earlier version of an edited post, and the latest that replaced it (migration 0019). */
export interface ReplacedPostsTable {
  sourceNetwork: Network;
  sourceId: string;
  replacedBy: string;
}

export interface WikiPagesTable {
  id: Generated<number>;
  /** Lower-case words joined by '-', from the title; never changes, so links stay valid. */
  slug: string;
  /** The current revision's title (kept here for lists). */
  title: string;
  currentRevisionId: number | null;
  /** 1 when only organizers, moderators and admins may edit. */
  protected: number;
  createdAt: number;
  updatedAt: number;
}

export interface WikiRevisionsTable {
  id: Generated<number>;
  pageId: number;
  /** 1, 2, 3… per page; (pageId, number) is unique. */
  number: number;
  title: string;
  /** Markdown with [[Page name]] links and {{upcoming #tag}} embeds. */
  body: string;
  authorId: number | null;
  /** The editor's note on what changed. */
  summary: string;
  createdAt: number;
  /** Set when this revision copies an older one: that revision's number. */
  restoredFrom: number | null;
}

/** The rule of a recurring series; its dates are chats sharing `chats.seriesKey`. */
export interface SeriesTable {
  id: Generated<number>;
  key: string;
  frequency: 'weekly' | 'monthly';
  /** Weeks (weekly) or months (monthly) between dates. */
  repeatInterval: number;
  /** Monthly: 1–4 for first…fourth, -1 for the last such weekday of the month. */
  weekdayOrdinal: number | null;
  /** `2026-03-10` and `15:00` in `timeZone`: dates keep this wall-clock time across DST. */
  firstDate: string;
  localTime: string;
  durationMinutes: number;
  timeZone: string;
  /** Dates produced so far; the next generated date has this index. */
  generatedCount: number;
  organizerId: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface ChatEventsTable {
  id: Generated<number>;
  chatId: number;
  seq: number;
  type: string;
  /** The event's JSON as delivered to viewers, frozen at commit time. */
  payload: string;
  createdAt: number;
}

export interface ChatEventCountersTable {
  chatId: number;
  lastSeq: number;
}

export interface ChatLiveSettingsTable {
  chatId: number;
  slowModeSeconds: Generated<number>;
  pinnedQuestion: number | null;
  updatedAt: number;
}

export interface ChatMutesTable {
  chatId: number;
  userId: number;
  mutedBy: number | null;
  createdAt: number;
}

export type ModerationAction = 'hide' | 'unhide' | 'delete' | 'mute' | 'unmute' | 'ban' | 'unban' | 'slow_mode' | 'open' | 'close';

export interface ModerationActionsTable {
  id: Generated<number>;
  chatId: number | null;
  actorId: number | null;
  action: ModerationAction;
  targetUserId: number | null;
  targetPostId: number | null;
  detail: string | null;
  createdAt: number;
}

export interface PostLikesTable {
  postId: number;
  userId: number;
  createdAt: number;
}

/** Features with their own tables add them through their *.tables.ts interfaces. */
export interface DB extends StoriesTables, MetricsTables, ImportRunsTables {
  users: UsersTable;
  sessions: SessionsTable;
  apiTokens: ApiTokensTable;
  chats: ChatsTable;
  chatHashtags: ChatHashtagsTable;
  chatHosts: ChatHostsTable;
  chatQuestions: ChatQuestionsTable;
  chatLinks: ChatLinksTable;
  authors: AuthorsTable;
  posts: PostsTable;
  postHashtags: PostHashtagsTable;
  replacedPosts: ReplacedPostsTable;
  chatEvents: ChatEventsTable;
  chatEventCounters: ChatEventCountersTable;
  chatLiveSettings: ChatLiveSettingsTable;
  chatMutes: ChatMutesTable;
  moderationActions: ModerationActionsTable;
  postLikes: PostLikesTable;
  imports: ImportsTable;
  importRejections: ImportRejectionsTable;
  series: SeriesTable;
  wikiPages: WikiPagesTable;
  wikiRevisions: WikiRevisionsTable;
  chatPlaces: ChatPlacesTable;
  rsvps: RsvpsTable;
  consentRequests: ConsentRequestsTable;
  consentLog: ConsentLogTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type Chat = Selectable<ChatsTable>;
export type NewChat = Insertable<ChatsTable>;
export type ChatUpdate = Updateable<ChatsTable>;
export type PostRow = Selectable<PostsTable>;
export type NewPost = Insertable<PostsTable>;
export type Author = Selectable<AuthorsTable>;
