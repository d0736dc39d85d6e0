import type { User } from '../../db/schema.ts';
import type { ChatDetails } from '../../chats/chats.repository.ts';
import { policies } from '../../accounts/policies.ts';

/**
 * An import adds thousands of posts under a chat's name: its organizer or
 * an admin decides that. editChat with no hosts is exactly that rule
 * (hosts may edit a chat's details, not fill its archive).
 */
export function mayImport(user: User | null, chat: ChatDetails): boolean {
  return policies.editChat(user, { chat, hostUserIds: [] });
}
