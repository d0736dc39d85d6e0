/**
 * The live room's browser client (public/build/live.js, loaded by the room
 * page only). The page works without it: every button is a form. With it,
 * the room follows the chat's event stream, resuming exactly after what the
 * server rendered (`data-last-event-id`), and buttons talk to the JSON API.
 * The parts live in ./live-room/; this file wires them and cleans up.
 */
import { readRoom } from './live-room/room-context.ts';
import { LiveConnection, type ConnectionState } from './live-room/live-connection.ts';
import { RoomEvents } from './live-room/room-events.ts';
import { Reading } from './live-room/reading.ts';
import { Composer } from './live-room/composer.ts';
import { RoomActions } from './live-room/actions.ts';
import { followClock } from './live-room/room-status.ts';
import { slot } from './live-room/room-context.ts';

const STATE_WORDS: Record<ConnectionState, (retryInMs?: number) => string> = {
  connecting: () => 'Connecting…',
  live: () => 'Live',
  reconnecting: (ms) => (ms === undefined ? 'Reconnecting…' : `Connection lost: retrying in ${Math.max(1, Math.round(ms / 1000))} s`),
  offline: () => 'Offline: missed posts will arrive when you are back online',
  failed: () => 'Live updates stopped: reload the page',
};

function start(): void {
  const root = document.getElementById('room');
  const ctx = root && readRoom(root);
  if (!ctx) return;

  let reading: Reading | null = null;
  const events = new RoomEvents(ctx, (item, own) => reading?.newPost(item, own));
  reading = new Reading(ctx, (event) => events.apply(event));
  const indicator = slot(ctx.root, 'connection');
  const connection = new LiveConnection(`/api/v1/chats/${encodeURIComponent(ctx.slug)}/stream`, ctx.lastEventId, {
    event: (event) => reading!.dispatch(event),
    state: (state, retryInMs) => {
      if (!indicator) return;
      indicator.dataset.state = state;
      indicator.textContent = STATE_WORDS[state](retryInMs);
    },
  });
  const composer = ctx.canPost ? Composer.attach(ctx, (post) => events.upsert(post, true)) : null;
  const actions = new RoomActions(ctx, events);
  const stopClock = followClock(ctx);

  reading.start();
  connection.start();
  ctx.root.classList.add('room-enhanced');

  // Leaving the page (or entering the back/forward cache): close the stream and every timer.
  window.addEventListener(
    'pagehide',
    () => {
      connection.stop();
      reading!.stop();
      composer?.stop();
      actions.stop();
      stopClock();
    },
    { once: true },
  );
  // Restored from the back/forward cache with the stream closed: start afresh from the server.
  window.addEventListener('pageshow', (event) => event.persisted && location.reload());
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
else start();
