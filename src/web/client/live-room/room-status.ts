import { CLOSED_NOTICE, STATUS_WORDS } from '../../../live/views/post-words.ts';
import { slot, type RoomContext } from './room-context.ts';

type Status = keyof typeof STATUS_WORDS;
const isStatus = (value: string): value is Status => value in STATUS_WORDS;

/**
 * Shows the room's status: the badge, whether the composer takes posts, and
 * the host's open/close button. `explicit` marks a host's decision (a
 * `chat.status` event), which outranks the clock from then on.
 */
export function setStatus(ctx: RoomContext, status: string, explicit: boolean): void {
  if (!isStatus(status)) return;
  const data = ctx.root.dataset;
  data.status = status;
  if (explicit) data.storedStatus = status;
  const badge = slot(ctx.root, 'status');
  if (badge) {
    badge.className = `badge badge-${status}`;
    badge.textContent = STATUS_WORDS[status];
  }
  const open = status === 'live' || (status === 'scheduled' && data.earlyPosts === '1') || (status === 'ended' && data.latePosts === '1');
  ctx.root.classList.toggle('room-closed', !open);
  const fields = ctx.root.querySelector<HTMLFieldSetElement>('.room-compose-fields');
  if (fields) fields.disabled = !open;
  const notice = slot(ctx.root, 'closed-notice');
  if (notice) {
    notice.textContent = CLOSED_NOTICE[status];
    notice.hidden = open;
  }
  const toggle = ctx.root.querySelector<HTMLButtonElement>('[data-live-action="room-state"]');
  if (toggle) {
    const live = status === 'live';
    toggle.dataset.state = live ? 'close' : 'open';
    toggle.textContent = live ? 'Close room' : 'Open room now';
    toggle.setAttribute('formaction', toggle.getAttribute('formaction')!.replace(/\/(open|close)$/, live ? '/close' : '/open'));
    if (live) toggle.dataset.confirm = 'Close the room? Posting stops for everyone.';
    else delete toggle.dataset.confirm;
  }
}

/** setTimeout's limit (about 24.8 days): later moments are not scheduled. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A scheduled chat goes live at its start and ends at its end without any
 * event (effectiveStatus on the server reads the clock); mirror that here,
 * unless a host's explicit open/close has taken over. Returns the cleanup.
 */
export function followClock(ctx: RoomContext): () => void {
  const timers: ReturnType<typeof setTimeout>[] = [];
  const data = ctx.root.dataset;
  const at = (instant: number, status: Status) => {
    const delay = instant - Date.now();
    if (delay <= 0 || delay > MAX_TIMER_MS) return;
    timers.push(setTimeout(() => data.storedStatus === 'scheduled' && setStatus(ctx, status, false), delay));
  };
  if (data.storedStatus === 'scheduled') {
    at(Number(data.startsAt), 'live');
    at(Number(data.endsAt), 'ended');
  }
  return () => timers.forEach(clearTimeout);
}
