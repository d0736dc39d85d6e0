import type { Kysely } from 'kysely';
import type { DB, User } from '../db/schema.ts';
import type { ChatDetails } from '../chats/chats.repository.ts';
import { effectiveStatus } from '../chats/chat-status.ts';
import { mayManageAttendees, mayRsvp } from './rsvp-access.ts';
import { rsvpState } from './rsvps.service.ts';
import type { MyRsvp, RsvpSummary } from './rsvp-summary.ts';

/** What the RSVP panel of a chat page shows to this reader. */
export interface RsvpPanelView {
  summary: RsvpSummary;
  mine: MyRsvp | null;
  canRsvp: boolean;
  /** Why a signed-in reader cannot RSVP, when they cannot. */
  closedReason: string | null;
  canManage: boolean;
  /** A rejected form, shown again with its error. */
  form?: { error?: string | null; fieldErrors?: Record<string, string>; answer?: string };
}

export async function loadRsvpPanel(db: Kysely<DB>, chat: ChatDetails, user: User | null, now = Date.now()): Promise<RsvpPanelView> {
  const canRsvp = mayRsvp(user, chat, now);
  const status = effectiveStatus(chat, now);
  const closedReason = canRsvp || !user ? null : status === 'ended' ? 'RSVPs are closed: this chat has ended.' : status === 'draft' ? 'RSVPs open once the chat is scheduled.' : 'Your account cannot RSVP.';
  return { ...(await rsvpState(db, chat, user)), canRsvp, closedReason, canManage: mayManageAttendees(user, chat) };
}
