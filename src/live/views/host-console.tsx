import { LocalTime } from '../../web/components/time.tsx';
import { ACTION_FORM_ID } from './room-post.tsx';
import type { RoomRender } from './room-render.ts';

/**
 * The hosts' console: the question queue with release and pin, and the
 * room's open/close switch. Buttons post through the page's action form;
 * the client sends them to the JSON API instead and updates from the stream.
 */
export function HostConsole({ r }: { r: RoomRender }) {
  const { room, urls, ctx } = r;
  if (!room.permissions.canHost) return null;
  const { chat } = room;
  const live = room.status === 'live';
  return (
    <section class="room-console" id="console" aria-labelledby="console-title">
      <h2 id="console-title">Host console</h2>
      <p class="room-console-state">
        <button
          type="submit"
          class="button-small button-secondary"
          form={ACTION_FORM_ID}
          formaction={urls.roomState(live ? 'close' : 'open')}
          data-live-action="room-state"
          data-state={live ? 'close' : 'open'}
          data-confirm={live ? 'Close the room? Posting stops for everyone.' : undefined}
        >
          {live ? 'Close room' : 'Open room now'}
        </button>
      </p>
      {chat.questions.length === 0 ? (
        <p class="room-empty">
          This chat has no questions. <a href={`/chats/${chat.slug}/edit`}>Add some</a>.
        </p>
      ) : (
        <ol class="room-queue" data-slot="queue">
          {chat.questions.map((q) => {
            const released = q.releasedAt !== null;
            const pinned = room.pinned === q.number;
            return (
              <li class={released ? 'room-queue-item room-queue-released' : 'room-queue-item'} data-question={q.number}>
                <p class="room-queue-text">
                  <span class="room-qnum">Q{q.number}</span> {q.text}
                </p>
                <p class="hint" data-slot="queue-status">
                  {released ? (
                    <>
                      Released at <LocalTime at={q.releasedAt!} zone={chat.timeZone} readerZone={ctx.readerZone} style="time" />
                    </>
                  ) : q.offsetMinutes !== null ? (
                    <>
                      Planned for +{q.offsetMinutes} min (<LocalTime at={chat.startsAt + q.offsetMinutes * 60_000} zone={chat.timeZone} readerZone={ctx.readerZone} style="time" />)
                    </>
                  ) : (
                    'Not timed: release it by hand'
                  )}
                </p>
                <p class="room-queue-buttons">
                  {released ? null : (
                    <button type="submit" class="button-small" form={ACTION_FORM_ID} formaction={urls.question(q.number, 'release')} data-live-action="release">
                      Release Q{q.number} now
                    </button>
                  )}
                  <button
                    type="submit"
                    class="button-small button-secondary"
                    form={ACTION_FORM_ID}
                    formaction={pinned ? urls.unpin : urls.question(q.number, 'pin')}
                    data-live-action="pin"
                    aria-pressed={pinned ? 'true' : 'false'}
                  >
                    {pinned ? `Unpin Q${q.number}` : `Pin Q${q.number}`}
                  </button>
                </p>
              </li>
            );
          })}
        </ol>
      )}
      <p class="hint">
        <a href={`/chats/${chat.slug}/edit`}>Edit the questions</a> before they are released.
      </p>
    </section>
  );
}
