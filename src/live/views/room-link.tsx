import type { ChatDetails } from '../../chats/chats.repository.ts';
import { effectiveStatus } from '../../chats/chat-status.ts';

/** How long before the start the chat page invites people in rather than to read. */
const SOON_MS = 60 * 60_000;

/** The chat page's way into its live room: prominent while the chat runs or is about to. */
export function RoomLink({ chat, now = Date.now() }: { chat: ChatDetails; now?: number }) {
  const status = effectiveStatus(chat, now);
  if (status === 'draft') return null;
  const join = status === 'live' || (status === 'scheduled' && chat.startsAt - now <= SOON_MS);
  return (
    <p class="room-link">
      <a class={join ? 'button' : 'button button-secondary'} href={`/chats/${encodeURIComponent(chat.slug)}/live`}>
        {join ? 'Join the live room' : 'Read the room'}
      </a>
    </p>
  );
}
