import { CsrfField } from '../../web/components/forms.tsx';
import { ACTION_FORM_ID } from './room-post.tsx';
import { PinnedBanner, RoomHeader, RoomToolbar } from './room-header.tsx';
import { QuestionFilter, RoomGroups } from './room-groups.tsx';
import { Composer } from './composer.tsx';
import { HostConsole } from './host-console.tsx';
import { ModerationPanel } from './moderation-panel.tsx';
import { RoomTemplates } from './room-templates.tsx';
import type { RoomRender } from './room-render.ts';
import { EDIT_WINDOW_MS } from '../../posts/post-actions.service.ts';

/**
 * The live room. The server renders the whole state; `data-*` on the root
 * tell the client (public/build/live.js) where the stream resumes
 * (`data-last-event-id`) and what this viewer may do.
 */
export function RoomPage({ r }: { r: RoomRender }) {
  const { room, ui, ctx } = r;
  const { chat, permissions } = room;
  return (
    <div
      class="room"
      id="room"
      data-slug={chat.slug}
      data-last-event-id={String(room.lastEventId)}
      data-status={room.status}
      data-stored-status={chat.status}
      data-starts-at={String(chat.startsAt)}
      data-ends-at={String(chat.endsAt)}
      data-early-posts={String(chat.allowEarlyPosts)}
      data-late-posts={String(chat.allowLatePosts)}
      data-viewer={room.viewer?.user.handle ?? ''}
      data-can-post={flag(permissions.canPost)}
      data-can-moderate={flag(permissions.canModerate)}
      data-can-host={flag(permissions.canHost)}
      data-edit-window-ms={String(EDIT_WINDOW_MS)}
      data-member-zone={ctx.readerZone ?? ''}
      data-chat-zone={chat.timeZone}
      data-filter={ui.filter ?? ''}
    >
      <RoomHeader r={r} />
      {ui.notice ? (
        <p class={`notice notice-${ui.notice.kind}`} role={ui.notice.kind === 'error' ? 'alert' : 'status'}>
          {ui.notice.message}
        </p>
      ) : null}
      <div class="room-feedback" data-slot="feedback" aria-live="polite"></div>
      <PinnedBanner r={r} />
      <div class="room-layout">
        <div class="room-side">
          <Composer r={r} />
          <HostConsole r={r} />
          <ModerationPanel r={r} />
        </div>
        <div class="room-main">
          <h2 class="visually-hidden">Posts</h2>
          <div class="room-controls">
            <QuestionFilter r={r} />
            <RoomToolbar />
          </div>
          <RoomGroups r={r} />
          <button type="button" class="room-new-posts" data-room-control="jump" hidden>
            New posts
          </button>
        </div>
      </div>
      <form id={ACTION_FORM_ID} method="post" class="room-action-form">
        <CsrfField token={ctx.csrfToken} />
      </form>
      <RoomTemplates r={r} />
      <script src="/assets/build/live.js" defer></script>
    </div>
  );
}

const flag = (value: boolean) => (value ? '1' : '0');
