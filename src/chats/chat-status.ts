import type { Chat, ChatStatus } from '../db/schema.ts';

/**
 * The status readers see. A scheduled chat is live between its start and
 * end and ended after, without a job having to flip a column on time;
 * drafts and explicit host decisions (stored `live`/`ended`) win.
 */
export function effectiveStatus(chat: Pick<Chat, 'status' | 'startsAt' | 'endsAt'>, now = Date.now()): ChatStatus {
  if (chat.status !== 'scheduled') return chat.status;
  if (now >= chat.endsAt) return 'ended';
  if (now >= chat.startsAt) return 'live';
  return 'scheduled';
}
