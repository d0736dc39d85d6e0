import { RoomPost } from './room-post.tsx';
import { GroupSection } from './room-groups.tsx';
import { templatePost } from './room-post-model.ts';
import type { RoomRender } from './room-render.ts';

/**
 * Blueprints the browser client clones for posts and question groups that
 * arrive live: rendered by the same components as the page, with this
 * viewer's buttons, so the client never builds markup of its own.
 */
export function RoomTemplates({ r }: { r: RoomRender }) {
  const blank = { ...r, ui: { ...r.ui, filter: null, editing: null } };
  return (
    <>
      <template id="room-post-template">
        <li class="room-item" data-post-id={templatePost.id}>
          <RoomPost r={blank} post={templatePost} controls={{ own: false, editable: false, liked: false, boosted: false }} template />
          <ol class="room-replies" data-slot="replies" hidden></ol>
        </li>
      </template>
      <template id="room-group-template">
        <GroupSection r={blank} group={{ key: '__GROUP__', number: 0, head: null, items: [] }} />
      </template>
    </>
  );
}
