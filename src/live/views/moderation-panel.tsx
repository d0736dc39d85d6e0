import { CsrfField } from '../../web/components/forms.tsx';
import { ACTION_FORM_ID } from './room-post.tsx';
import type { RoomRender } from './room-render.ts';

/** Room-wide moderation (per-post actions sit in each post's "Moderate" menu). */
export function ModerationPanel({ r }: { r: RoomRender }) {
  const { room, urls, ctx } = r;
  if (!room.permissions.canModerate) return null;
  return (
    <section class="room-moderation-panel" id="moderation" aria-labelledby="moderation-title">
      <h2 id="moderation-title">Moderation</h2>
      <form method="post" action={urls.slowMode} class="room-slow-mode" data-live-form="slow-mode">
        <CsrfField token={ctx.csrfToken} />
        <label for="slow-mode-seconds">Slow mode: seconds between one person’s posts</label>
        <p class="hint" id="slow-mode-hint">
          0 turns it off; at most 3600.
        </p>
        <div class="room-inline-field">
          <input id="slow-mode-seconds" name="seconds" type="number" min={0} max={3600} step={1} value={String(room.slowModeSeconds)} aria-describedby="slow-mode-hint" required />
          <button type="submit" class="button-small">
            Set slow mode
          </button>
        </div>
      </form>
      <h3 class="room-subheading">Muted in this chat</h3>
      <ul class="room-muted" data-slot="muted-list">
        {room.mutedHandles.map((handle) => (
          <li data-handle={handle}>
            @{handle}{' '}
            <button type="submit" class="link-button" form={ACTION_FORM_ID} formaction={urls.unmute(handle)} data-live-action="unmute">
              Unmute @{handle}
            </button>
          </li>
        ))}
      </ul>
      <p class="room-empty" data-slot="muted-empty" hidden={room.mutedHandles.length > 0}>
        Nobody is muted.
      </p>
    </section>
  );
}
