import { Hashtags } from '../../chats/views/chat-card.tsx';
import type { RoomRender } from './room-render.ts';
import { STATUS_WORDS, postersLabel, watchingLabel } from './post-words.ts';

/** Title, status, hashtags and presence; the client keeps the `data-slot` parts current. */
export function RoomHeader({ r }: { r: RoomRender }) {
  const { chat, status } = r.room;
  return (
    <header class="room-header">
      <p class="room-back">
        <a href={`/chats/${chat.slug}`}>About this chat</a>
      </p>
      <h1>
        {chat.title} <span class="room-title-suffix">· live room</span>
      </h1>
      <div class="room-header-meta">
        <span class={`badge badge-${status}`} data-slot="status">
          {STATUS_WORDS[status]}
        </span>
        <Hashtags chat={chat} />
      </div>
      <p class="room-presence">
        <span data-slot="watching">{watchingLabel(r.room.watching)}</span>
        <span data-slot="posters">{postersLabel(r.room.posters)}</span>
        <span class="room-connection" data-slot="connection" role="status">
          Reload the page for new posts (live updates need JavaScript).
        </span>
      </p>
    </header>
  );
}

/** The question the hosts pinned, above everything. Its text shows once the question is released. */
export function PinnedBanner({ r }: { r: RoomRender }) {
  const number = r.room.pinned;
  const question = number === null ? undefined : r.room.chat.questions.find((q) => q.number === number);
  const text = question && question.releasedAt !== null ? `Q${question.number}: ${question.text}` : number === null ? '' : `Q${number}`;
  return (
    <p class="room-pinned" data-slot="pinned" hidden={number === null}>
      <span class="room-label room-label-pinned">Pinned</span>{' '}
      <a href={number === null ? '#' : `#q${number}`} data-slot="pinned-link">
        {text}
      </a>
    </p>
  );
}

/** Reading controls that only make sense with the live client; it reveals them. */
export function RoomToolbar() {
  return (
    <div class="room-toolbar" data-slot="toolbar" hidden>
      <button type="button" class="button-small button-secondary" data-room-control="pause" aria-pressed="false">
        Pause
      </button>
      <button type="button" class="button-small button-secondary" data-room-control="order" aria-pressed="false">
        Newest first
      </button>
    </div>
  );
}
