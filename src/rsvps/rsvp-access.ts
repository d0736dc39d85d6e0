import type { Kysely } from 'kysely';
import type { DB, User } from '../db/schema.ts';
import { forbidden, unauthenticated } from '../errors.ts';
import { policies, type ChatAccess } from '../accounts/policies.ts';
import { accessOf, getVisibleChat } from '../chats/chats.service.ts';
import type { ChatDetails } from '../chats/chats.repository.ts';
import { effectiveStatus } from '../chats/chat-status.ts';

/** The chat as the policies should judge it: a scheduled chat past its end counts as ended. */
export function rsvpAccess(chat: ChatDetails, now = Date.now()): ChatAccess {
  const access = accessOf(chat);
  return { ...access, chat: { organizerId: chat.organizerId, status: effectiveStatus(chat, now) } };
}

export function mayRsvp(user: User | null, chat: ChatDetails, now = Date.now()): boolean {
  return policies.rsvpToChat(user, rsvpAccess(chat, now));
}

export function mayManageAttendees(user: User | null, chat: ChatDetails): boolean {
  return policies.manageAttendees(user, accessOf(chat));
}

/** The chat a member is answering for (and the member), or why they cannot. */
export async function chatForRsvp(db: Kysely<DB>, slug: string, user: User | null, now = Date.now()): Promise<{ chat: ChatDetails; member: User }> {
  const chat = await getVisibleChat(db, slug, user);
  if (!user) throw unauthenticated();
  if (!mayRsvp(user, chat, now)) {
    const status = effectiveStatus(chat, now);
    if (status === 'ended') throw forbidden('This chat has ended: RSVPs are closed');
    if (status === 'draft') throw forbidden('This chat is still a draft: RSVPs open when it is scheduled');
    throw forbidden('Your account cannot RSVP');
  }
  return { chat, member: user };
}

/** The chat whose attendees this user manages (and the manager), or why they cannot. */
export async function chatForManaging(db: Kysely<DB>, slug: string, user: User | null): Promise<{ chat: ChatDetails; manager: User }> {
  const chat = await getVisibleChat(db, slug, user);
  if (!user) throw unauthenticated();
  if (!mayManageAttendees(user, chat)) throw forbidden('Only the chat’s organizer, its hosts, moderators and admins can manage attendees');
  return { chat, manager: user };
}
