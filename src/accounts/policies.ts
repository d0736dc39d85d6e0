import type { Chat, User } from '../db/schema.ts';

/**
 * Every write rule in one place. Route handlers ask these and never compare
 * roles themselves, so the authorization tests can cover each rule once.
 * A banned account may read but may not write anything.
 */
export interface ChatAccess {
  chat: Pick<Chat, 'organizerId' | 'status'>;
  /** User ids of the chat's hosts who have accounts here. */
  hostUserIds: number[];
}

/** A story's chats' organizers and its invited co-curators (src/stories). */
export interface StoryAccess {
  status: 'draft' | 'published';
  organizerIds: number[];
  curatorIds: number[];
  /** Every chat of the story is visible to everyone (none is a draft). */
  chatsPublic: boolean;
}

const active = (user: User | null): user is User => user !== null && user.bannedAt === null;

export const policies = {
  createChat(user: User | null): boolean {
    return active(user) && (user.role === 'organizer' || user.role === 'admin');
  },
  editChat(user: User | null, access: ChatAccess): boolean {
    if (!active(user)) return false;
    if (user.role === 'admin') return true;
    return access.chat.organizerId === user.id || access.hostUserIds.includes(user.id);
  },
  viewChat(user: User | null, access: ChatAccess): boolean {
    return access.chat.status !== 'draft' || policies.editChat(user, access);
  },
  postInChat(user: User | null, access: ChatAccess): boolean {
    return active(user) && access.chat.status !== 'draft';
  },
  /**
   * Deleting one's own post: active accounts only. A suspended account keeps
   * what led to the ban in front of the moderators; to have its posts removed
   * it asks through `requestConsent`, which banned accounts may still do.
   */
  deleteOwnPost(user: User | null): boolean {
    return active(user);
  },
  moderateChat(user: User | null, access: ChatAccess): boolean {
    if (!active(user)) return false;
    return user.role === 'admin' || user.role === 'moderator' || access.hostUserIds.includes(user.id);
  },
  /** Any active member may start a wiki page. */
  createWikiPage(user: User | null): boolean {
    return active(user);
  },
  /** Members edit unprotected pages; a protected page only by the people who may protect it. */
  editWikiPage(user: User | null, page: { protected: number }): boolean {
    return active(user) && (page.protected === 0 || policies.protectWikiPage(user));
  },
  protectWikiPage(user: User | null): boolean {
    return active(user) && (user.role === 'organizer' || user.role === 'moderator' || user.role === 'admin');
  },
  /** RSVP or ask for a place. Callers pass the effective status (a scheduled chat past its end is `ended`). */
  rsvpToChat(user: User | null, access: ChatAccess): boolean {
    return active(user) && access.chat.status !== 'draft' && access.chat.status !== 'ended';
  },
  /** Place settings, the attendee list and decisions on applications. */
  manageAttendees(user: User | null, access: ChatAccess): boolean {
    if (!active(user)) return false;
    if (user.role === 'admin' || user.role === 'moderator') return true;
    return access.chat.organizerId === user.id || access.hostUserIds.includes(user.id);
  },
  /** The host console: release and pin questions, open and close the room. */
  hostChat(user: User | null, access: ChatAccess): boolean {
    if (!active(user)) return false;
    return user.role === 'admin' || access.chat.organizerId === user.id || access.hostUserIds.includes(user.id);
  },
  /** Server-wide bans: moderators and admins only (hosts moderate their own chat). */
  banUsers(user: User | null): boolean {
    return active(user) && (user.role === 'moderator' || user.role === 'admin');
  },
  /** Removal requests and forgetting authors (src/consent): admins only. */
  manageConsent(user: User | null): boolean {
    return active(user) && user.role === 'admin';
  },
  /** Asking for one's own posts to be removed. Banned accounts may too: consent is not a privilege. */
  requestConsent(user: User | null, target: { id: number }): boolean {
    return user !== null && user.id === target.id;
  },
  /** Start a story (or draft one) from chats: admins, or the organizer of every one of them. */
  createStory(user: User | null, chats: ChatAccess[]): boolean {
    if (!active(user) || chats.length === 0) return false;
    return user.role === 'admin' || chats.every((access) => access.chat.organizerId === user.id);
  },
  /** Edit, reorder, publish and unpublish: admins, the chats' organizers and the invited co-curators. */
  editStory(user: User | null, story: StoryAccess): boolean {
    if (!active(user)) return false;
    return user.role === 'admin' || story.organizerIds.includes(user.id) || story.curatorIds.includes(user.id);
  },
  /** Invite or remove co-curators, delete the story: admins and the chats' organizers (not co-curators). */
  manageStory(user: User | null, story: StoryAccess): boolean {
    return active(user) && (user.role === 'admin' || story.organizerIds.includes(user.id));
  },
  /** Published stories of public chats are for everyone; drafts only for those who may edit them. */
  viewStory(user: User | null, story: StoryAccess): boolean {
    return (story.status === 'published' && story.chatsPublic) || policies.editStory(user, story);
  },
  manageUsers(user: User | null): boolean {
    return active(user) && user.role === 'admin';
  },
};

export type PolicyName = keyof typeof policies;
