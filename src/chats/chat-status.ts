import type { Chat, ChatStatus } from '../db/schema.ts';

/**
 * The status readers see. A scheduled chat is live between its start and
 * end and ended after, without a job having to flip a column on time. A
 * host may open the room early (stored `live`), which still ends at the
 * planned end, or close it early (stored `ended`); drafts stay drafts.
 */
export function effectiveStatus(chat: Pick<Chat, 'status' | 'startsAt' | 'endsAt'>, now = Date.now()): ChatStatus {
  if (chat.status === 'draft' || chat.status === 'ended') return chat.status;
  if (now >= chat.endsAt) return 'ended';
  if (chat.status === 'live' || now >= chat.startsAt) return 'live';
  return 'scheduled';
}
